/**
 * A connection that ends in an RST (UNP §5.11): connect, set
 * SO_LINGER{1,0}, close. Deno has no API for SO_LINGER, so this goes
 * through the libc layer (tcp.ts, sockopt.ts).
 *
 * @module
 */

import { close } from "./socket.ts";
import { setLinger } from "./sockopt.ts";
import { tcpConnect } from "./tcp.ts";

/** What {@link connectThenReset} observed. */
export type ResetResult =
  | { ok: true }
  | { ok: false; op: string; errno: string };

/**
 * Connect to `host:port`, set SO_LINGER{l_onoff 1, l_linger 0} and close:
 * the kernel sends an RST instead of a FIN. The connect is bounded by
 * `timeoutMs` (ETIMEDOUT). Needs --allow-ffi.
 *
 * @example
 * ```ts
 * const r = await connectThenReset("127.0.0.1", 9877);
 * if (!r.ok) console.log(`${r.op}: ${r.errno}`);
 * ```
 */
export async function connectThenReset(
  host: string,
  port: number,
  timeoutMs = 2000,
): Promise<ResetResult> {
  const c = await tcpConnect(host, port, { timeoutMs });
  if (!c.ok) return { ok: false, op: c.call, errno: c.errno };
  const fd = c.value;
  try {
    const l = setLinger(fd, { on: true, seconds: 0 });
    if (!l.ok) return { ok: false, op: l.call, errno: l.errno };
  } finally {
    close(fd); // with SO_LINGER{1,0} set, this close is the RST
  }
  return { ok: true };
}
