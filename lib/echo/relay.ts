/**
 * The deno engine's relay between a client's socket and its child's pipes,
 * with 64 KiB buffers reused across connections (a BYOB reader on the
 * child's stdout): a busy server makes almost no garbage per client, so its
 * memory stays near its baseline between garbage collections.
 *
 * @module
 */

/** Size of every relay buffer. */
const _SIZE = 64 * 1024;

/**
 * A free list of relay buffers shared by every connection of one server.
 *
 * @example
 * ```ts
 * const pool = new BufferPool();
 * const buf = pool.take();
 * pool.give(buf.buffer);
 * ```
 */
export class BufferPool {
  #free: ArrayBuffer[] = [];
  #maxIdle: number;

  /** Keep at most `maxIdle` idle buffers. */
  constructor(maxIdle = 64) {
    this.#maxIdle = maxIdle;
  }

  /** A buffer from the pool (or a new one). */
  take(): Uint8Array {
    return new Uint8Array(this.#free.pop() ?? new ArrayBuffer(_SIZE));
  }

  /** Return a buffer (ignored when detached, foreign or the pool is full). */
  give(buffer: ArrayBufferLike | undefined): void {
    if (
      buffer instanceof ArrayBuffer && buffer.byteLength === _SIZE &&
      this.#free.length < this.#maxIdle
    ) {
      this.#free.push(buffer);
    }
  }

  /** Idle buffers held. */
  get idle(): number {
    return this.#free.length;
  }
}

async function _writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) off += await conn.write(data.subarray(off));
}

/**
 * Copy the socket into the child's stdin until the client's EOF (its FIN).
 * Rejects when either side fails; the caller closes what is left.
 *
 * @example
 * ```ts
 * await socketToChild(conn, child.stdin.getWriter(), pool);
 * ```
 */
export async function socketToChild(
  conn: Deno.Conn,
  writer: WritableStreamDefaultWriter<Uint8Array>,
  pool: BufferPool,
): Promise<void> {
  const buf = pool.take();
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) break;
    await writer.write(buf.subarray(0, n)); // written to the pipe before the next read
  }
  pool.give(buf.buffer);
}

/**
 * Copy the child's stdout to the socket until the child closes it. On a
 * failed write (the client is gone) the pipe is closed, so the child's next
 * write fails with EPIPE and it exits instead of blocking forever.
 *
 * @example
 * ```ts
 * await childToSocket(child.stdout, conn, pool);
 * ```
 */
export async function childToSocket(
  stdout: ReadableStream<Uint8Array>,
  conn: Deno.Conn,
  pool: BufferPool,
): Promise<void> {
  const reader = stdout.getReader({ mode: "byob" });
  let buf = pool.take();
  try {
    for (;;) {
      const { value, done } = await reader.read(buf);
      if (value) buf = new Uint8Array(value.buffer); // the same memory, handed back
      if (done || !value) break;
      await _writeAll(conn, value);
    }
    pool.give(buf.buffer);
  } catch (err) {
    await reader.cancel().catch(() => {});
    throw err;
  } finally {
    reader.releaseLock();
  }
}
