/**
 * waitpid and waitid: fetch a child's termination status (reaping it), or
 * peek at it with WNOWAIT (leaving the zombie in place).
 *
 * @module
 */

import { check } from "./check.ts";
import { libc } from "./libc.ts";
import { osConstants } from "./platform.ts";
import { sysOk, type SysResult } from "./result.ts";
import { signalName } from "./signals.ts";

/** How a child ended: its exit code, or the signal that killed it. */
export type Termination =
  | { code: number; signal?: undefined; core?: undefined }
  | { code?: undefined; signal: string; core: boolean };

/** A child whose status was fetched. */
export interface ChildStatus {
  /** The child's pid. */
  pid: number;
  /** How it ended. */
  end: Termination;
}

/**
 * Decode a wait status word (WIFEXITED/WEXITSTATUS, WIFSIGNALED/WTERMSIG,
 * WCOREDUMP); undefined for stopped/continued children.
 *
 * @example
 * ```ts
 * decodeWaitStatus(13); // { signal: "SIGPIPE", core: false }
 * decodeWaitStatus(256); // { code: 1 }
 * ```
 */
export function decodeWaitStatus(status: number): Termination | undefined {
  const low = status & 0x7f;
  if (low === 0) return { code: (status >> 8) & 0xff };
  if (low !== 0x7f) return { signal: signalName(low), core: (status & 0x80) !== 0 };
  return undefined;
}

/**
 * waitpid(pid, &status, flags). `pid` -1 means any child; `nohang` adds
 * WNOHANG, and then `value` is undefined when no child has ended.
 *
 * @example
 * ```ts
 * const r = waitpid(-1, { nohang: true }); // { ok: true, value: { pid, end: { code: 0 } } }
 * ```
 */
export function waitpid(
  pid: number,
  opts: { nohang?: boolean } = {},
): SysResult<ChildStatus | undefined> {
  const { wait } = osConstants();
  for (;;) {
    const status = new Int32Array(1);
    const r = check("waitpid", libc().waitpid(pid, status, opts.nohang ? wait.WNOHANG : 0));
    if (!r.ok) return r;
    if (r.value === 0) return sysOk(undefined);
    const end = decodeWaitStatus(status[0]);
    if (end) return sysOk({ pid: r.value, end });
    // a stop/continue report: not an end; ask again
  }
}

/**
 * Has child `pid` ended? waitid(P_PID, pid, WEXITED|WNOHANG|WNOWAIT) reads
 * its status *without reaping it*: a zombie stays a zombie.
 *
 * @example
 * ```ts
 * peekEnded(pid); // { ok: true, value: { pid, end: { code: 0 } } } while it is a zombie
 * ```
 */
export function peekEnded(pid: number): SysResult<ChildStatus | undefined> {
  const { wait, layout } = osConstants();
  const info = new Uint8Array(layout.siginfo.size);
  const r = check(
    "waitid",
    libc().waitid(wait.P_PID, pid, info, wait.WEXITED | wait.WNOHANG | wait.WNOWAIT),
  );
  if (!r.ok) return r;
  const view = new DataView(info.buffer);
  const got = view.getInt32(layout.siginfo.pid, true);
  if (got === 0) return sysOk(undefined);
  const code = view.getInt32(layout.siginfo.code, true);
  const status = view.getInt32(layout.siginfo.status, true);
  const end: Termination = code === wait.CLD_EXITED
    ? { code: status }
    : { signal: signalName(status), core: code === wait.CLD_DUMPED };
  return sysOk({ pid: got, end });
}
