/**
 * A pid names a process only together with its start time: pids are reused
 * (this machine's kernel.pid_max may be 32768), so "pid 4242 is gone" must
 * not turn false because another program started as 4242 meanwhile. Every
 * pid a test sees alive is remembered with its start time (/proc/PID/stat
 * field 22); later checks compare both.
 *
 * @module
 */

import { parseStat } from "../../lib/proc/parse_stat.ts";

const _births = new Map<number, number>();

/**
 * The start time of `pid` in clock ticks since boot, or undefined when it is gone.
 *
 * @example
 * ```ts
 * startOf(Deno.pid); // 123456
 * ```
 */
export function startOf(pid: number): number | undefined {
  try {
    return parseStat(Deno.readTextFileSync(`/proc/${pid}/stat`)).startTicks;
  } catch {
    return undefined;
  }
}

/**
 * Remember `pid`'s start time the first time it is seen alive (a later
 * process with the same number is then told apart from it).
 *
 * @example
 * ```ts
 * notePid(child.pid);
 * ```
 */
export function notePid(pid: number): void {
  if (!Number.isInteger(pid) || pid <= 0 || _births.has(pid)) return;
  const start = startOf(pid);
  if (start !== undefined) _births.set(pid, start);
}

/**
 * True while the process first seen as `pid` still exists (a zombie counts):
 * /proc/PID exists and, when its start time was noted, has that start time.
 *
 * @example
 * ```ts
 * notePid(pid);
 * kill(pid); // … later:
 * sameProcessExists(pid); // false, even if another program now has that pid
 * ```
 */
export function sameProcessExists(pid: number): boolean {
  const start = startOf(pid);
  if (start === undefined) return false;
  const noted = _births.get(pid);
  return noted === undefined || noted === start;
}
