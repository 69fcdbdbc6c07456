/**
 * The clients `echolab check` plays: connect, write, read the echo back —
 * every wait bounded, every failure turned into a {@link CheckProblem}
 * that says which call failed and with which errno.
 *
 * @module
 */

import type { Bilingual } from "../lang.ts";
import { errnoOf } from "../sys/errno.ts";

/** A check found its answer early (usually a failure): carries what was observed. */
export class CheckProblem extends Error {
  /** What happened, in both languages. */
  readonly observed: Bilingual;

  /** `observed` says what happened. */
  constructor(observed: Bilingual) {
    super(observed.en);
    this.name = "CheckProblem";
    this.observed = observed;
  }
}

/** How a read of the echo ended. */
export interface EchoResult {
  /** Bytes read back. */
  got: Uint8Array;
  /** `ok` (all bytes), `eof` (read returned 0 first), `timeout`, or `error`. */
  end: "ok" | "eof" | "timeout" | "error";
  /** Errno of a failed read or write. */
  errno?: string;
}

function _timer(ms: number): { promise: Promise<"timeout">; cancel: () => void } {
  let id: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<"timeout">((resolve) =>
    id = setTimeout(() => resolve("timeout"), ms)
  );
  return { promise, cancel: () => clearTimeout(id) };
}

/**
 * Connect to 127.0.0.1:`port` within `ms`, or throw a {@link CheckProblem}.
 *
 * @example
 * ```ts
 * const conn = await connectWithin(9877, 2000, { en: "client 1", zh: "客户 1" });
 * ```
 */
export async function connectWithin(
  port: number,
  ms: number,
  who: Bilingual,
): Promise<Deno.TcpConn> {
  const attempt = Deno.connect({ hostname: "127.0.0.1", port });
  const timer = _timer(ms);
  try {
    const r = await Promise.race([attempt, timer.promise]);
    if (r === "timeout") {
      attempt.then((c) => c.close(), () => {});
      throw new CheckProblem({
        en: `${who.en}: connect to 127.0.0.1:${port} did not complete within ${ms / 1000} s`,
        zh: `${who.zh}：connect 127.0.0.1:${port} 在 ${ms / 1000} 秒内没有完成`,
      });
    }
    return r;
  } catch (err) {
    if (err instanceof CheckProblem) throw err;
    const errno = errnoOf(err) ?? "EUNKNOWN";
    throw new CheckProblem({
      en: `${who.en}: connect to 127.0.0.1:${port} failed with ${errno}${
        errno === "ECONNREFUSED" ? " — nothing listens there any more" : ""
      }`,
      zh: `${who.zh}：connect 127.0.0.1:${port} 失败：${errno}${
        errno === "ECONNREFUSED" ? "——那里已经没有进程在监听" : ""
      }`,
    });
  } finally {
    timer.cancel();
  }
}

async function _writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) off += await conn.write(data.subarray(off));
}

/**
 * Write `data` and read until as many bytes came back, the peer closed,
 * or `ms` passed. Writing and reading overlap, so a large payload cannot
 * deadlock on full socket buffers.
 *
 * @example
 * ```ts
 * const r = await roundTrip(conn, new TextEncoder().encode("hello\n"), 3000);
 * r.end; // "ok"
 * ```
 */
export async function roundTrip(
  conn: Deno.Conn,
  data: Uint8Array,
  ms: number,
): Promise<EchoResult> {
  const timer = _timer(ms);
  let writeErrno: string | undefined;
  const writing = _writeAll(conn, data).catch((err) => {
    writeErrno = errnoOf(err) ?? "EUNKNOWN";
  });
  const got = new Uint8Array(data.length);
  let off = 0;
  let result: EchoResult | undefined;
  try {
    while (off < data.length) {
      const reading = conn.read(got.subarray(off));
      reading.catch(() => {}); // settles when the connection is closed after a timeout
      const r = await Promise.race([reading, timer.promise]);
      if (r === "timeout") {
        result = { got: got.slice(0, off), end: "timeout" };
        break;
      }
      if (r === null) {
        result = { got: got.slice(0, off), end: "eof" };
        break;
      }
      off += r;
    }
  } catch (err) {
    result = { got: got.slice(0, off), end: "error", errno: errnoOf(err) ?? "EUNKNOWN" };
  } finally {
    timer.cancel();
  }
  if (result === undefined) {
    await writing;
    return { got, end: "ok" };
  }
  // Leave the writer to finish or fail; the caller closes the connection.
  writing.catch(() => {});
  if (result.end === "error" || writeErrno === undefined) return result;
  return { ...result, end: "error", errno: writeErrno };
}

/**
 * Describe how an echo went wrong, in both languages (undefined when it is exact).
 *
 * @example
 * ```ts
 * echoMismatch(sent, await roundTrip(conn, sent, 3000), { en: "client 1", zh: "客户 1" }, 3000);
 * ```
 */
export function echoMismatch(
  sent: Uint8Array,
  r: EchoResult,
  who: Bilingual,
  ms: number,
): Bilingual | undefined {
  const n = r.got.length;
  let first = 0;
  while (first < n && r.got[first] === sent[first]) first++;
  if (r.end === "ok" && first === sent.length) return undefined;
  if (first < n) {
    return {
      en: `${who.en}: the echo differs from what was sent at byte ${first} (sent 0x${
        hex(sent[first])
      }, got 0x${hex(r.got[first])})`,
      zh: `${who.zh}：回射数据在第 ${first} 字节处与发送的不同（发送 0x${
        hex(sent[first])
      }，收到 0x${hex(r.got[first])}）`,
    };
  }
  switch (r.end) {
    case "eof":
      return {
        en:
          `${who.en}: got ${n} of ${sent.length} bytes, then EOF — the server closed the connection`,
        zh: `${who.zh}：收到 ${sent.length} 字节中的 ${n} 字节后遇到 EOF——服务器关闭了连接`,
      };
    case "timeout":
      return {
        en: `${who.en}: got ${n} of ${sent.length} bytes back, then nothing for ${ms / 1000} s`,
        zh: `${who.zh}：收到 ${sent.length} 字节中的 ${n} 字节，之后 ${ms / 1000} 秒内没有数据`,
      };
    default:
      return {
        en: `${who.en}: got ${n} of ${sent.length} bytes, then ${r.errno}`,
        zh: `${who.zh}：收到 ${sent.length} 字节中的 ${n} 字节，随后出错：${r.errno}`,
      };
  }
}

function hex(b: number | undefined): string {
  return b === undefined ? "--" : b.toString(16).padStart(2, "0");
}

/**
 * Connect, echo one line, close: does the server still serve a new client?
 * Throws a {@link CheckProblem} when not.
 *
 * @example
 * ```ts
 * await echoOnce(9877, 3000, { en: "a new client", zh: "新客户" });
 * ```
 */
export async function echoOnce(port: number, ms: number, who: Bilingual): Promise<void> {
  const conn = await connectWithin(port, ms, who);
  try {
    const line = new TextEncoder().encode(`${who.en}: still there?\n`);
    const problem = echoMismatch(line, await roundTrip(conn, line, ms), who, ms);
    if (problem) throw new CheckProblem(problem);
  } finally {
    conn.close();
  }
}

/** Close every connection, ignoring ones already closed. */
export function closeAll(conns: Iterable<Deno.Conn>): void {
  for (const c of conns) {
    try {
      c.close();
    } catch {
      // already closed
    }
  }
}
