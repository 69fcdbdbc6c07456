/**
 * str_cli (UNP §5.5): read a line from stdin, write it to the server, read
 * one line back (readline, §3.9), print it — stop and wait, exactly as the
 * book's client does, so
 * a FIN that arrives while it waits on stdin is only noticed at the next
 * read (§5.12), and a later write meets the RST (§5.13).
 *
 * Beyond the book: the line read back is compared with the line sent; a
 * difference is an `echo-mismatch` event (both shown escaped) and exit 1.
 *
 * @module
 */

import { SysError, UsageError } from "../errors.ts";
import type { EventBus } from "../events.ts";
import type { TextOut } from "../term/output.ts";
import { errnoOf, messageOf, sysErrorFrom } from "../sys/errno.ts";
import { formatAddr, isLookupFailure } from "./addr.ts";
import { escapeBytes } from "./escape_bytes.ts";

/** Options for {@link strCli}. */
export interface ClientOptions {
  /** Server host (name or address). */
  host: string;
  /** Server port. */
  port: number;
  /** How many connections to open (tcpcli04 opens 5; only the first carries data). */
  connections: number;
  /** Give up on a read after this many seconds (§14.2), if set. */
  timeoutSeconds?: number;
  /** Set SO_KEEPALIVE (§7.5). */
  keepalive: boolean;
  /** Where events go. */
  bus: EventBus;
  /** Standard input. */
  stdin: { read(p: Uint8Array): Promise<number | null> };
  /** Where echoed bytes go (stdout), or undefined with --json. */
  echoOut?: TextOut;
  /** stdout is a terminal: show control bytes in the echo as escapes instead of writing them. */
  escapeEcho?: boolean;
}

/** Largest chunk written before waiting for its echo. */
const _CHUNK = 64 * 1024;

/** What happened to one echo round trip. */
type _Round = { ok: true; data: Uint8Array } | { ok: false; exit: number };

/**
 * Connect `host:port` for the `connect` subcommand, or throw a {@link SysError}
 * (ECONNREFUSED …) or a {@link UsageError} (unresolvable host).
 */
export async function connectOrThrow(host: string, port: number): Promise<Deno.TcpConn> {
  try {
    return await Deno.connect({ hostname: host, port, transport: "tcp" });
  } catch (err) {
    if (isLookupFailure(err)) {
      throw new UsageError(
        { en: `cannot resolve host '${host}'`, zh: `无法解析主机名 '${host}'` },
        "connect",
      );
    }
    throw sysErrorFrom("connect", err);
  }
}

/**
 * Run the echo client; resolves to the exit code (0 after stdin EOF).
 *
 * @example
 * ```ts
 * await strCli({ host: "127.0.0.1", port: 9877, connections: 1, keepalive: false, bus, stdin: Deno.stdin });
 * ```
 */
export async function strCli(opts: ClientOptions): Promise<number> {
  const { bus } = opts;
  const conns: Deno.TcpConn[] = [];
  try {
    for (let i = 0; i < opts.connections; i++) {
      let conn: Deno.TcpConn;
      try {
        conn = await connectOrThrow(opts.host, opts.port);
      } catch (err) {
        if (err instanceof SysError) {
          bus.emit("client", "error", { op: "connect", errno: err.errno, message: err.message });
          return 1;
        }
        throw err;
      }
      conns.push(conn);
      bus.emit("client", "connected", {
        local: formatAddr(conn.localAddr),
        peer: formatAddr(conn.remoteAddr),
        ...(opts.connections > 1 ? { index: i } : {}),
      });
      if (opts.keepalive) {
        conn.setKeepAlive(true);
        bus.emit("client", "keepalive-on", {});
      }
    }
    return await _echoLoop(conns[0], opts);
  } finally {
    // Closing every socket at once is tcpcli04's point: N FINs, N children end together (§5.10).
    for (const c of conns) {
      try {
        c.close();
      } catch { /* already closed after an error */ }
    }
  }
}

/** Lines of standard input, as fgets gives them: up to and including `\n`, at most {@link _CHUNK} bytes. */
class _StdinLines {
  #stdin: ClientOptions["stdin"];
  #buf = new Uint8Array(0);
  #eof = false;

  constructor(stdin: ClientOptions["stdin"]) {
    this.#stdin = stdin;
  }

  /** The next line (the last one may lack its `\n`), or null at EOF. */
  async next(): Promise<Uint8Array | null> {
    for (;;) {
      const nl = this.#buf.indexOf(0x0a);
      if (nl >= 0 || this.#buf.length >= _CHUNK || (this.#eof && this.#buf.length > 0)) {
        const end = nl >= 0 ? Math.min(nl + 1, _CHUNK) : Math.min(this.#buf.length, _CHUNK);
        const line = this.#buf.slice(0, end);
        this.#buf = this.#buf.slice(end);
        return line;
      }
      if (this.#eof) return null;
      const chunk = new Uint8Array(_CHUNK);
      const n = await this.#stdin.read(chunk);
      if (n === null) this.#eof = true;
      else this.#buf = _concat(this.#buf, chunk.subarray(0, n));
    }
  }
}

function _concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Longest reply shown in an `echo-mismatch` event (escaped), so that a flood stays one line. */
const _SHOWN = 200;

function _shown(data: Uint8Array): string {
  const text = escapeBytes(data.subarray(0, _SHOWN));
  return data.length > _SHOWN ? `${text}…` : text;
}

function _equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function _echoLoop(conn: Deno.TcpConn, opts: ClientOptions): Promise<number> {
  const { bus } = opts;
  const lines = new _StdinLines(opts.stdin);
  const reader = new _SocketLines(conn);
  let failed = false;
  for (;;) {
    // UNP §5.5 str_cli: Fgets, Writen, Readline, Fputs — one line at a time.
    const line = await lines.next();
    if (line === null) {
      bus.emit("client", "stdin-eof", {});
      return failed ? 1 : 0;
    }
    const round = await _roundTrip(conn, reader, line, opts);
    if (!round.ok) {
      if (round.exit !== 0) return round.exit;
      failed = true; // premature EOF: keep reading stdin so the next line shows §5.13
      continue;
    }
    const reply = round.data;
    // Print what came back, as Fputs does; on a terminal, never let its control bytes act.
    opts.echoOut?.bytes(
      opts.escapeEcho ? new TextEncoder().encode(escapeBytes(reply, { terminal: true })) : reply,
    );
    if (_equal(reply, line)) {
      bus.emit("client", "echo", {
        bytes: reply.length,
        ...(reply.length <= 1024 ? _text(reply) : {}),
      });
      continue;
    }
    // Beyond the book: str_cli prints whatever comes back; echolab compares it with the line sent.
    failed = true;
    bus.emit("client", "echo-mismatch", {
      sent: _shown(line),
      got: _shown(reply),
      sentBytes: line.length,
      gotBytes: reply.length,
    });
  }
}

/** `{text}` for an echo that is valid UTF-8; nothing for binary (a lossy text would mislead). */
function _text(data: Uint8Array): { text?: string } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(data) };
  } catch {
    return {};
  }
}

/**
 * The book's readline (§3.9) over the socket: bytes read but not yet
 * returned stay here for the next line.
 */
class _SocketLines {
  #conn: Deno.TcpConn;
  #buf = new Uint8Array(0);
  #pending: Promise<number | null> | undefined;
  #chunk = new Uint8Array(_CHUNK);

  constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
  }

  /** Bytes buffered so far toward the next line. */
  get buffered(): number {
    return this.#buf.length;
  }

  /**
   * A complete line when one is buffered: up to and including `\n`, or
   * `max` bytes without one.
   */
  take(max: number): Uint8Array | undefined {
    const nl = this.#buf.indexOf(0x0a);
    const end = nl >= 0 && nl < max ? nl + 1 : this.#buf.length >= max ? max : -1;
    if (end < 0) return undefined;
    const line = this.#buf.slice(0, end);
    this.#buf = this.#buf.slice(end);
    return line;
  }

  /** One read(2) into the buffer; the same read is awaited again after a timer wins a race. */
  read(): Promise<number | null> {
    this.#pending ??= this.#conn.read(this.#chunk).then((n) => {
      this.#pending = undefined;
      if (n !== null) this.#buf = _concat(this.#buf, this.#chunk.subarray(0, n));
      return n;
    }, (err) => {
      this.#pending = undefined;
      throw err;
    });
    return this.#pending;
  }

  /** Settle a read abandoned after the socket was closed. */
  async abandon(): Promise<void> {
    await this.#pending?.catch(() => {});
  }
}

/** After this long without a complete reply line, say what readline is waiting for. */
const _WAIT_NOTE_MS = 3000;

/** Write `line` and read one line back (readline), concurrently. */
async function _roundTrip(
  conn: Deno.TcpConn,
  reader: _SocketLines,
  line: Uint8Array,
  opts: ClientOptions,
): Promise<_Round> {
  const { bus } = opts;
  const writing = (async () => {
    let off = 0;
    while (off < line.length) off += await conn.write(line.subarray(off));
  })();
  const writeResult = writing.then(() => undefined, (err) => err);
  // A line sent without its newline (the last one, or a 64 KiB piece) comes back without one too.
  const max = line[line.length - 1] === 0x0a ? Math.max(line.length, _CHUNK) : line.length;
  const started = performance.now();
  const deadline = opts.timeoutSeconds ? started + opts.timeoutSeconds * 1000 : Infinity;
  let noted = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    for (;;) {
      const reply = reader.take(max);
      if (reply) {
        const werr = await writeResult;
        if (werr) return _writeFailed(werr, bus);
        return { ok: true, data: reply };
      }
      const now = performance.now();
      const noteAt = noted ? Infinity : started + _WAIT_NOTE_MS;
      const wake = Math.min(deadline, noteAt);
      let n: number | null | "timer";
      if (wake === Infinity) n = await reader.read();
      else {
        const alarm = new Promise<"timer">((resolve) => {
          timer = setTimeout(() => resolve("timer"), Math.max(0, wake - now));
        });
        n = await Promise.race([reader.read(), alarm]);
        clearTimeout(timer);
      }
      if (n === "timer") {
        if (performance.now() >= deadline) {
          // The read is abandoned; closing the socket ends it (§14.2).
          conn.close();
          await reader.abandon();
          await writeResult;
          bus.emit("client", "read-timeout", {
            seconds: opts.timeoutSeconds,
            got: reader.buffered,
            expected: line.length,
          });
          return { ok: false, exit: 1 };
        }
        // Not silent: readline blocks until the newline, as the book's str_cli would.
        noted = true;
        bus.emit("client", "readline-waiting", {
          seconds: _WAIT_NOTE_MS / 1000,
          got: reader.buffered,
          expected: line.length,
        });
        continue;
      }
      if (n === null) {
        const have = reader.buffered;
        const werr = await writeResult;
        if (werr) return _writeFailed(werr, bus);
        // UNP §5.12: the write went out after the FIN and succeeded; say so before the EOF.
        if (have === 0) {
          bus.emit("client", "write", {
            op: "write",
            bytes: line.length,
            topic: "write-after-fin",
          });
        }
        bus.emit("client", "eof", { op: "read", expected: line.length, got: have, topic: "EOF" });
        return { ok: false, exit: 0 };
      }
    }
  } catch (err) {
    clearTimeout(timer);
    const werr = await writeResult;
    if (werr) return _writeFailed(werr, bus);
    bus.emit("client", "error", {
      op: "read",
      errno: errnoOf(err) ?? "EUNKNOWN",
      message: messageOf(err),
    });
    return { ok: false, exit: 1 };
  }
}

function _writeFailed(err: unknown, bus: EventBus): _Round {
  bus.emit("client", "error", {
    op: "write",
    errno: errnoOf(err) ?? "EUNKNOWN",
    message: messageOf(err),
  });
  return { ok: false, exit: 1 };
}
