/**
 * str_cli (UNP §5.5): read a line from stdin, write it to the server, read
 * the echo, print it — stop and wait, exactly as the book's client does, so
 * a FIN that arrives while it waits on stdin is only noticed at the next
 * read (§5.12), and a later write meets the RST (§5.13).
 *
 * @module
 */

import { SysError, UsageError } from "../errors.ts";
import type { EventBus } from "../events.ts";
import type { TextOut } from "../term/output.ts";
import { errnoOf, messageOf, sysErrorFrom } from "../sys/errno.ts";
import { formatAddr, isLookupFailure } from "./addr.ts";

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

async function _echoLoop(conn: Deno.TcpConn, opts: ClientOptions): Promise<number> {
  const { bus } = opts;
  const buf = new Uint8Array(_CHUNK);
  let failed = false;
  for (;;) {
    const n = await opts.stdin.read(buf);
    if (n === null) {
      bus.emit("client", "stdin-eof", {});
      return failed ? 1 : 0;
    }
    const round = await _roundTrip(conn, buf.slice(0, n), opts);
    if (!round.ok) {
      if (round.exit !== 0) return round.exit;
      failed = true; // premature EOF: keep reading stdin so the next line shows §5.13
      continue;
    }
    opts.echoOut?.bytes(round.data);
    bus.emit("client", "echo", {
      bytes: round.data.length,
      ...(round.data.length <= 1024 ? _text(round.data) : {}),
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

/** Write `data` and read the same number of bytes back, concurrently. */
async function _roundTrip(
  conn: Deno.TcpConn,
  data: Uint8Array,
  opts: ClientOptions,
): Promise<_Round> {
  const { bus } = opts;
  const writing = (async () => {
    let off = 0;
    while (off < data.length) off += await conn.write(data.subarray(off));
  })();
  const writeResult = writing.then(() => undefined, (err) => err);
  const got = new Uint8Array(data.length);
  let have = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    while (have < data.length) {
      const reading = conn.read(got.subarray(have));
      let n: number | null | "timeout";
      if (opts.timeoutSeconds) {
        const timeout = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), opts.timeoutSeconds! * 1000);
        });
        n = await Promise.race([reading, timeout]).catch((err) => {
          throw err;
        });
        clearTimeout(timer);
        if (n === "timeout") {
          // The read is abandoned; closing the socket ends it (§14.2).
          conn.close();
          await reading.catch(() => {});
          await writeResult;
          bus.emit("client", "read-timeout", {
            seconds: opts.timeoutSeconds,
            got: have,
            expected: data.length,
          });
          return { ok: false, exit: 1 };
        }
      } else {
        n = await reading;
      }
      if (n === null) {
        const werr = await writeResult;
        if (werr) return _writeFailed(werr, bus);
        // UNP §5.12: the write went out after the FIN and succeeded; say so before the EOF.
        if (have === 0) {
          bus.emit("client", "write", {
            op: "write",
            bytes: data.length,
            topic: "write-after-fin",
          });
        }
        bus.emit("client", "eof", { op: "read", expected: data.length, got: have, topic: "EOF" });
        return { ok: false, exit: 0 };
      }
      have += n;
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
  const werr = await writeResult;
  if (werr) return _writeFailed(werr, bus);
  return { ok: true, data: got };
}

function _writeFailed(err: unknown, bus: EventBus): _Round {
  bus.emit("client", "error", {
    op: "write",
    errno: errnoOf(err) ?? "EUNKNOWN",
    message: messageOf(err),
  });
  return { ok: false, exit: 1 };
}
