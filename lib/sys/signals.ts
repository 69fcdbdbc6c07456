/**
 * Signal numbers (Linux x86_64/aarch64) and the exit status a shell shows
 * for a process killed by one (128 + number).
 *
 * @module
 */

/** Linux signal numbers for the signals chapter 5 talks about. */
export const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGALRM: 14,
  SIGPIPE: 13,
  SIGTERM: 15,
  SIGCHLD: 17,
};

/**
 * The shell's exit status for death by `signal` (SIGPIPE → 141).
 *
 * @example
 * ```ts
 * shellStatusFor("SIGTERM"); // 143
 * ```
 */
export function shellStatusFor(signal: string): number {
  return 128 + (SIGNAL_NUMBERS[signal] ?? 0);
}

/** The signal name for a number, e.g. 13 → SIGPIPE. */
export function signalName(n: number): string {
  for (const [name, num] of Object.entries(SIGNAL_NUMBERS)) if (num === n) return name;
  return `SIG${n}`;
}
