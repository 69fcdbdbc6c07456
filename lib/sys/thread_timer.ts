/**
 * A one-shot timer whose signal goes to one chosen thread: timer_create with
 * SIGEV_THREAD_ID (Linux), then timer_settime — the book's alarm(), aimed
 * at the thread that is blocked in a slow system call.
 *
 * @module
 */

import { check } from "./check.ts";
import { libc } from "./libc.ts";
import { osConstants } from "./platform.ts";
import { sysFail, sysOk, type SysResult } from "./result.ts";

/** A created timer. */
export interface ThreadTimer {
  /** Disarm and delete the timer (safe to call twice). */
  cancel(): void;
}

/**
 * Arm a timer that sends `signal` to thread `tid` of this process after `ms`.
 *
 * @example
 * ```ts
 * const t = threadTimer("SIGALRM", workerTid, 100);
 * // … later
 * if (t.ok) t.value.cancel();
 * ```
 */
export function threadTimer(signal: string, tid: number, ms: number): SysResult<ThreadTimer> {
  const os = osConstants();
  const signo = os.signals[signal];
  if (signo === undefined) return sysFail("timer_create", "EINVAL");
  if (os.timer.SIGEV_THREAD_ID === undefined) return sysFail("timer_create", "ENOTSUP");
  const l = os.layout.sigevent;
  const sev = new Uint8Array(l.size);
  const view = new DataView(sev.buffer);
  view.setInt32(l.signo, signo, true);
  view.setInt32(l.notify, os.timer.SIGEV_THREAD_ID, true);
  view.setInt32(l.threadId, tid, true);
  const id = new BigUint64Array(1);
  const c = libc();
  const created = check("timer_create", c.timer_create(os.timer.CLOCK_MONOTONIC, sev, id));
  if (!created.ok) return created;
  const timer = Deno.UnsafePointer.create(id[0]);
  const ns = BigInt(Math.round(ms * 1e6));
  // struct itimerspec { it_interval = 0, it_value = ms }: one shot.
  const spec = new BigInt64Array([0n, 0n, ns / 1_000_000_000n, ns % 1_000_000_000n]);
  const armed = check("timer_settime", c.timer_settime(timer, 0, spec, null));
  let deleted = false;
  const cancel = () => {
    if (deleted) return;
    deleted = true;
    c.timer_delete(timer);
  };
  if (!armed.ok) {
    cancel();
    return armed;
  }
  return sysOk({ cancel });
}
