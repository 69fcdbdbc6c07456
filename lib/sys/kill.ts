/**
 * Sending signals: kill(2) to a process, tgkill(2) to one thread of it, and
 * gettid(2) to learn a thread's id.
 *
 * @module
 */

import { check } from "./check.ts";
import { libc } from "./libc.ts";
import { osConstants } from "./platform.ts";
import { sysFail, sysOk, type SysResult } from "./result.ts";

function _signo(signal: string | number): number | undefined {
  return typeof signal === "number" ? signal : osConstants().signals[signal];
}

/**
 * kill(pid, signal). Signal 0 only checks that the process exists.
 *
 * @example
 * ```ts
 * kill(childPid, "SIGTERM");
 * ```
 */
export function kill(pid: number, signal: string | number): SysResult<void> {
  const n = _signo(signal);
  if (n === undefined) return sysFail("kill", "EINVAL");
  const r = check("kill", libc().kill(pid, n));
  return r.ok ? sysOk(undefined) : r;
}

/**
 * tgkill(pid, tid, signal): send `signal` to one thread of process `pid`.
 *
 * @example
 * ```ts
 * tgkill(Deno.pid, workerTid, "SIGALRM");
 * ```
 */
export function tgkill(pid: number, tid: number, signal: string | number): SysResult<void> {
  const n = _signo(signal);
  if (n === undefined) return sysFail("tgkill", "EINVAL");
  const r = check("tgkill", libc().tgkill(pid, tid, n));
  return r.ok ? sysOk(undefined) : r;
}

/**
 * The calling thread's id (gettid).
 *
 * @example
 * ```ts
 * gettid(); // equals Deno.pid on the main thread
 * ```
 */
export function gettid(): number {
  return libc().gettid();
}
