/**
 * A process's (or thread's) state letter and wait channel from /proc — what
 * `ps -o pid,stat,wchan` shows: `Z` for a zombie, `S` + `inet_csk_accept`
 * for a server blocked in accept. The stat line is parsed by lib/proc's
 * parseStat. Reads go through libc (proc_file.ts): Deno wants --allow-all
 * for /proc.
 *
 * @module
 */

import { parseStat } from "./parse_stat.ts";
import { readProcFile } from "./proc_file.ts";

/** State and wait channel of a process or thread. */
export interface ProcState {
  /** State letter: R, S, D, Z, T … */
  state: string;
  /** Kernel function it sleeps in (`0` or empty when running). */
  wchan: string;
  /** Command name (comm). */
  comm: string;
  /** Parent pid. */
  ppid: number;
}

/**
 * Read /proc/PID/stat and wchan (or /proc/self/task/TID/… with `task`);
 * undefined once the process is gone (reaped).
 *
 * @example
 * ```ts
 * procState(childPid)?.state; // "Z" while it is a zombie
 * ```
 */
export function procState(pid: number, task?: number): ProcState | undefined {
  const dir = task === undefined ? `/proc/${pid}` : `/proc/${pid}/task/${task}`;
  const stat = readProcFile(`${dir}/stat`);
  if (!stat) return undefined; // gone (reaped) before or during the read
  const { state, comm, ppid } = parseStat(stat);
  const wchan = readProcFile(`${dir}/wchan`)?.trim() ?? "";
  return { state, wchan, comm, ppid };
}
