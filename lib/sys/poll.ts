/**
 * Waiting for a descriptor without freezing the event loop: poll(2) runs on
 * Deno's blocking thread pool (a `nonblocking` FFI symbol) together with an
 * eventfd that an AbortSignal writes to, so a wait can always be cancelled.
 * The call that follows (accept, read, write) then runs synchronously on
 * the JS thread on a non-blocking descriptor, where errno is exact.
 *
 * @module
 */

import { check } from "./check.ts";
import { libc } from "./libc.ts";
import { osConstants } from "./platform.ts";
import { sysFail, sysOk, type SysResult } from "./result.ts";

/** Options for {@link pollFd}. */
export interface PollOptions {
  /** Cancels the wait (the result is ECANCELED). */
  signal?: AbortSignal;
  /** Give up after this many ms (the result is 0 revents). */
  timeoutMs?: number;
}

/**
 * Wait until `fd` is ready for `events` (`"in"`, `"out"` or POLL* bits);
 * resolves to the revents bits (0 after a timeout), or ECANCELED when the
 * signal aborts.
 *
 * @example
 * ```ts
 * const ready = await pollFd(listenFd, "in", { signal });
 * if (ready.ok && ready.value) accept(listenFd);
 * ```
 */
export async function pollFd(
  fd: number,
  events: "in" | "out" | number,
  opts: PollOptions = {},
): Promise<SysResult<number>> {
  const { poll, eventfd } = osConstants();
  const want = events === "in" ? poll.IN : events === "out" ? poll.OUT : events;
  if (opts.signal?.aborted) return sysFail("poll", "ECANCELED");
  let waker = -1;
  if (opts.signal && eventfd) {
    const r = check("eventfd", libc().eventfd(0, eventfd.CLOEXEC | eventfd.NONBLOCK));
    if (!r.ok) return r;
    waker = r.value;
  }
  const fds = new Int32Array(waker >= 0 ? 4 : 2);
  const view = new DataView(fds.buffer);
  view.setInt32(0, fd, true);
  view.setInt16(4, want, true);
  if (waker >= 0) {
    view.setInt32(8, waker, true);
    view.setInt16(12, poll.IN, true);
  }
  const wake = () => void libc().write(waker, new BigUint64Array([1n]), 8n);
  if (waker >= 0) opts.signal!.addEventListener("abort", wake, { once: true });
  const deadline = opts.timeoutMs === undefined ? undefined : performance.now() + opts.timeoutMs;
  try {
    for (;;) {
      const left = deadline === undefined
        ? -1
        : Math.max(0, Math.ceil(deadline - performance.now()));
      const n = await libc().poll(fds, BigInt(waker >= 0 ? 2 : 1), left);
      // -1 here is EINTR on a pool thread (poll is never restarted): wait again.
      if (n < 0) continue;
      if (waker >= 0 && view.getInt16(14, true) !== 0) return sysFail("poll", "ECANCELED");
      const revents = view.getInt16(6, true);
      if (n === 0 && deadline !== undefined && performance.now() >= deadline) return sysOk(0);
      if (revents !== 0) return sysOk(revents);
    }
  } finally {
    if (waker >= 0) {
      opts.signal!.removeEventListener("abort", wake);
      libc().close(waker);
    }
  }
}
