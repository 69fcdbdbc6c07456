/**
 * Signal numbers (Linux x86_64/aarch64) and the exit status a shell shows
 * for a process killed by one (128 + number).
 *
 * @module
 */

import { LINUX_CONSTANTS } from "./constants_linux.ts";

/**
 * Linux signal numbers (x86_64/aarch64), from the one table in constants_linux.ts.
 *
 * @example
 * ```ts
 * SIGNAL_NUMBERS.SIGCHLD; // 17
 * ```
 */
export const SIGNAL_NUMBERS: Readonly<Record<string, number>> = LINUX_CONSTANTS.signals;

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

/**
 * The signal name for a number, e.g. 13 → SIGPIPE (`SIG<n>` when unknown).
 *
 * @example
 * ```ts
 * signalName(13); // "SIGPIPE"
 * ```
 */
export function signalName(n: number): string {
  for (const [name, num] of Object.entries(SIGNAL_NUMBERS)) if (num === n) return name;
  return `SIG${n}`;
}
