/**
 * A client that can end its connection with an RST: Deno has no SO_LINGER,
 * so this connects through echolab's libc layer (lib/sys), sets
 * SO_LINGER{1,0} and close()s — the kernel sends RST instead of FIN (UNP §7.5).
 * Load libc before the test that uses it (`libc()` at the top of the file):
 * the sanitizer counts a library opened inside a test as a leak.
 *
 * @module
 */

import { close } from "../../lib/sys/socket.ts";
import { setLinger } from "../../lib/sys/sockopt.ts";
import { readSome, tcpConnect, writeAll } from "../../lib/sys/tcp.ts";

const _WAIT_MS = 10_000;

/** A libc TCP socket connected to 127.0.0.1 (non-blocking; waits are bounded). */
export interface RstClient {
  /** The descriptor. */
  fd: number;
  /** Write all of `data`. */
  write(data: Uint8Array<ArrayBuffer>): Promise<void>;
  /** Read what is there, up to `max` bytes; empty at EOF. */
  read(max?: number): Promise<Uint8Array>;
  /** SO_LINGER{1,0} then close(2): the peer gets RST, not FIN. */
  reset(): void;
  /** Plain close(2). */
  close(): void;
}

/**
 * Connect to 127.0.0.1:`port` through libc.
 *
 * @example
 * ```ts
 * const c = await rstConnect(port);
 * await c.write(new Uint8Array(1 << 20));
 * c.reset(); // RST mid-echo
 * ```
 */
export async function rstConnect(port: number): Promise<RstClient> {
  const c = await tcpConnect("127.0.0.1", port, { timeoutMs: _WAIT_MS });
  if (!c.ok) throw new Error(`${c.call} to 127.0.0.1:${port}: ${c.errno}`);
  const fd = c.value;
  let open = true;
  return {
    fd,
    async write(data) {
      const r = await writeAll(fd, data, { timeoutMs: _WAIT_MS });
      if (!r.ok) throw new Error(`${r.call}: ${r.errno}`);
    },
    async read(max = 65536) {
      const r = await readSome(fd, max, { timeoutMs: _WAIT_MS });
      if (!r.ok) throw new Error(`${r.call}: ${r.errno}`);
      return r.value;
    },
    reset() {
      if (!open) return;
      open = false;
      setLinger(fd, { on: true, seconds: 0 });
      close(fd);
    },
    close() {
      if (!open) return;
      open = false;
      close(fd);
    },
  };
}
