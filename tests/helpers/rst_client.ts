/**
 * A client that can end its connection with an RST: Deno has no SO_LINGER,
 * so this opens the socket through libc (Deno.dlopen), sets SO_LINGER{1,0}
 * and close()s — the kernel sends RST instead of FIN (UNP §7.5).
 *
 * @module
 */

const _AF_INET = 2, _SOCK_STREAM = 1, _SOL_SOCKET = 1, _SO_LINGER = 13;

const _SYMBOLS = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize", nonblocking: true },
  close: { parameters: ["i32"], result: "i32" },
} as const;

/** A blocking libc TCP socket connected to 127.0.0.1. */
export interface RstClient {
  /** The descriptor. */
  fd: number;
  /** write(2) all of `data`. */
  write(data: Uint8Array): void;
  /** read(2) up to `max` bytes (on a libc worker thread); empty at EOF. */
  read(max?: number): Promise<Uint8Array>;
  /** SO_LINGER{1,0} then close(2): the peer gets RST, not FIN. Unloads libc. */
  reset(): void;
  /** Plain close(2). Unloads libc. */
  close(): void;
}

/**
 * Connect to 127.0.0.1:`port` through libc.
 *
 * @example
 * ```ts
 * const c = rstConnect(port);
 * c.write(new Uint8Array(1 << 20));
 * c.reset(); // RST mid-echo
 * ```
 */
export function rstConnect(port: number): RstClient {
  const lib = Deno.dlopen("libc.so.6", _SYMBOLS);
  const libc = lib.symbols;
  const fd = libc.socket(_AF_INET, _SOCK_STREAM, 0);
  if (fd < 0) {
    lib.close();
    throw new Error("socket() failed");
  }
  const sa = new Uint8Array(16);
  const view = new DataView(sa.buffer);
  view.setUint16(0, _AF_INET, true);
  view.setUint16(2, port, false);
  sa.set([127, 0, 0, 1], 4);
  if (libc.connect(fd, sa, sa.length) !== 0) {
    libc.close(fd);
    lib.close();
    throw new Error(`connect() to 127.0.0.1:${port} failed`);
  }
  let open = true;
  return {
    fd,
    write(data) {
      let off = 0;
      while (off < data.length) {
        const n = Number(libc.write(fd, data.subarray(off), BigInt(data.length - off)));
        if (n <= 0) throw new Error("write() failed");
        off += n;
      }
    },
    async read(max = 65536) {
      const buf = new Uint8Array(max);
      const n = Number(await libc.read(fd, buf, BigInt(max)));
      if (n < 0) throw new Error("read() failed");
      return buf.subarray(0, n);
    },
    reset() {
      if (!open) return;
      open = false;
      const linger = new Int32Array([1, 0]); // l_onoff = 1, l_linger = 0
      libc.setsockopt(fd, _SOL_SOCKET, _SO_LINGER, new Uint8Array(linger.buffer), 8);
      libc.close(fd);
      lib.close();
    },
    close() {
      if (!open) return;
      open = false;
      libc.close(fd);
      lib.close();
    },
  };
}
