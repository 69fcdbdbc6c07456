/**
 * Echo clients for the soak and fault tests: every read is bounded by a
 * deadline (the connection is closed when it passes), every byte compared.
 *
 * @module
 */

/** Bytes read until EOF (or the deadline), and whether EOF was seen. */
export interface ReadResult {
  /** Everything read. */
  data: Uint8Array;
  /** True when the peer closed (read returned null); false on deadline or error. */
  eof: boolean;
  /** Error text when a read failed (e.g. ECONNRESET). */
  error?: string;
}

function _concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/**
 * Read from `conn` until EOF, `limit` bytes, or `ms` passed (then the connection is closed).
 *
 * @example
 * ```ts
 * const { data, eof } = await readAll(conn, 5000);
 * ```
 */
export async function readAll(conn: Deno.Conn, ms: number, limit = Infinity): Promise<ReadResult> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      conn.close();
    } catch { /* closed */ }
  }, ms);
  try {
    const buf = new Uint8Array(256 * 1024);
    while (total < limit) {
      const n = await conn.read(buf);
      if (n === null) return { data: _concat(chunks, total), eof: true };
      chunks.push(buf.slice(0, n));
      total += n;
    }
    return { data: _concat(chunks, total), eof: false };
  } catch (err) {
    return { data: _concat(chunks, total), eof: false, error: timedOut ? "timeout" : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Connect, send `payload` while reading, half-close, read to EOF; resolve to what came back.
 *
 * @example
 * ```ts
 * const back = await echoRoundTrip(port, new TextEncoder().encode("hi\n"));
 * ```
 */
export async function echoRoundTrip(
  port: number,
  payload: Uint8Array,
  ms = 10000,
): Promise<ReadResult> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const reading = readAll(conn, ms);
  try {
    let off = 0;
    while (off < payload.length) off += await conn.write(payload.subarray(off));
    await conn.closeWrite();
  } catch { /* the read side reports what happened */ }
  const result = await reading;
  try {
    conn.close();
  } catch { /* closed by readAll */ }
  return result;
}

/**
 * Connect, send one line, read exactly its echo back, keep the connection open.
 *
 * @example
 * ```ts
 * const { conn, echoed } = await echoLine(port, "hello 1\n");
 * conn.close();
 * ```
 */
export async function echoLine(
  port: number,
  line: string,
  ms = 10000,
): Promise<{ conn: Deno.TcpConn; echoed: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const bytes = new TextEncoder().encode(line);
  let off = 0;
  while (off < bytes.length) off += await conn.write(bytes.subarray(off));
  const { data } = await readAll(conn, ms, bytes.length);
  return { conn, echoed: new TextDecoder().decode(data) };
}

/**
 * Bytes 0..255 repeated to `size` — every value, NUL included, position-dependent.
 *
 * @example
 * ```ts
 * binaryPattern(512)[256]; // 0
 * ```
 */
export function binaryPattern(size: number, seed = 0): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i + seed + (i >> 8)) & 0xff;
  return out;
}

/**
 * Index of the first byte where `a` and `b` differ, or -1 when equal (length included).
 *
 * @example
 * ```ts
 * firstDifference(new Uint8Array([1, 2]), new Uint8Array([1, 3])); // 1
 * ```
 */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
