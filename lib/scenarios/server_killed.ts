/**
 * UNP §5.12–5.13, server process termination: kill the server child while the
 * client waits; its next write succeeds, the RST comes back, the read sees
 * EOF ("server terminated prematurely"), and one more write gets EPIPE.
 * The server is the book engine where it runs (the child holds the connected
 * socket itself, so its death is what closes it and sends the FIN, as in the
 * book); elsewhere (or without cat on PATH) the deno engine, whose parent
 * closes the socket for it.
 *
 * @module
 */

import { serveDeno } from "../echo/deno_server.ts";
import { socketTable } from "../proc/socket_table.ts";
import { errnoOf } from "../sys/errno.ts";
import { bookEngineUnsupported } from "../sys/platform.ts";
import { whichTool } from "../sys/which_tool.ts";
import { startBookServer, until } from "./book_fixture.ts";
import { closeLater, tryWrite } from "./deno_io.ts";
import type { Scenario } from "./scenario.ts";
import { Watch } from "./watch.ts";

const _enc = new TextEncoder();

/** Texts of this scenario's verdict. */
const TEXT = {
  book: {
    en:
      "§5.12: the killed child's socket sends a FIN, which the client's TCP ACKs; the client, blocked reading stdin, does not notice. Its next write succeeds and the server's TCP answers with an RST; readline then returns 0 — \"server terminated prematurely\". §5.13: a write after the RST raises SIGPIPE (EPIPE if caught or ignored).",
    zh:
      "§5.12：被杀死的子进程的套接字发送 FIN，客户 TCP 确认它；客户阻塞于读标准输入，没有察觉。客户的下一次写成功，服务器 TCP 以 RST 回应；随后 readline 返回 0——“server terminated prematurely”。§5.13：收到 RST 后再写会引发 SIGPIPE（若捕获或忽略该信号则返回 EPIPE）。",
  },
  note: {
    en:
      "Linux gives EOF here whatever the timing: the RST arrived while the client's socket was in CLOSE_WAIT (the FIN already in), and for that state Linux records EPIPE, not ECONNRESET, as the pending error; its read reports the received FIN (0) before any pending error. So the book's other outcome — ECONNRESET from readline when the RST arrives first — does not happen on Linux: the error surfaces at the next write, as EPIPE with SIGPIPE. Deno's runtime ignores SIGPIPE, so that write returns EPIPE instead of killing the client (a C client with the default disposition is killed by SIGPIPE, which the shell reports as status 141; see `echolab chaos sigpipe`).",
    zh:
      "无论时序如何，Linux 在这里都给出 EOF：RST 到达时客户套接字处于 CLOSE_WAIT（FIN 已经收到），对这个状态 Linux 记录的待处理错误是 EPIPE 而不是 ECONNRESET；而且它的 read 先报告已收到的 FIN（返回 0），再报告待处理错误。因此书中的另一种结果——RST 先到时 readline 返回 ECONNRESET——在 Linux 上不会出现：错误在下一次写时才显现，即 EPIPE 加 SIGPIPE。Deno 运行时忽略 SIGPIPE，因此那次写返回 EPIPE，而不会终止客户（使用默认处置的 C 客户会被 SIGPIPE 杀死，shell 报告的状态为 141；参见 `echolab chaos sigpipe`）。",
  },
};

async function _read(conn: Deno.Conn, buf: Uint8Array): Promise<number | null | string> {
  try {
    return await conn.read(buf);
  } catch (err) {
    return errnoOf(err) ?? "EUNKNOWN";
  }
}

/** The client's socket `local`→`port` has left /proc/net/tcp: the RST came (state CLOSE). */
function _gone(port: number, local: number): boolean {
  return !socketTable({ ports: [port] }).some((r) =>
    r.localPort === local && r.foreignPort === port
  );
}

/** The server's end has left FIN_WAIT1: the client's TCP ACKed its FIN. */
function _finAcked(port: number): boolean {
  return !socketTable({ ports: [port] }).some((r) =>
    r.localPort === port && r.state === "FIN_WAIT1"
  );
}

/** The `server-killed` scenario. */
export const serverKilled: Scenario = {
  name: "server-killed",
  emits: [
    "accepted",
    "child-exited",
    "connected",
    "echo",
    "eof",
    "error",
    "kill",
    "listening",
    "reaped",
    "shutdown",
    "sigchld",
    "worker",
    "write",
  ],
  section: "5.12",
  title: {
    en: "kill the server child: FIN, the write succeeds, RST, EOF, then EPIPE",
    zh: "杀死服务器子进程：FIN，写成功，RST，EOF，然后 EPIPE",
  },
  async run(ctx) {
    const { bus, signal } = ctx;
    // The book engine: the child holds the connected socket (cat on it, as
    // after fork + exec), so killing it is what closes the socket (UNP §5.12).
    // (The book fixture's child is cat, found on PATH.)
    const engine = bookEngineUnsupported() || !whichTool("cat") ? "deno" : "book";
    let watch: Watch;
    let port: number;
    if (engine === "book") {
      const server = await startBookServer(ctx, "waitpid", 4);
      watch = server.watch;
      port = server.port;
    } else {
      watch = new Watch(bus);
      ctx.defer(() => watch.close());
      const stop = new AbortController();
      const serving = serveDeno({
        host: "127.0.0.1",
        port: 0,
        maxClients: 4,
        bus,
        stop: stop.signal,
        handleSignals: false,
      });
      ctx.defer(async () => {
        stop.abort();
        await serving;
      });
      const listening = await watch.next((e) => e.kind === "listening", 5000, signal, "listening");
      port = listening.port as number;
    }

    const conn = closeLater(
      ctx,
      await Deno.connect({ hostname: "127.0.0.1", port }),
    );
    bus.emit("client", "connected", {
      local: `${conn.localAddr.hostname}:${conn.localAddr.port}`,
      peer: `${conn.remoteAddr.hostname}:${conn.remoteAddr.port}`,
    });
    const accepted = await watch.next((e) => e.kind === "accepted", 5000, signal, "accepted");
    const child = accepted.child as number;

    // A first line goes round trip, as in the book's demo.
    const line = _enc.encode("hello\n");
    const buf = new Uint8Array(64);
    await tryWrite(conn, line);
    let got = 0;
    while (got < line.length) {
      const n = await _read(conn, buf.subarray(got));
      if (typeof n !== "number") throw new Error(`echo failed: ${n}`);
      got += n;
    }
    bus.emit("client", "echo", {
      bytes: got,
      text: new TextDecoder().decode(buf.subarray(0, got)),
    });

    // Kill the child, as `kill <pid>` from another terminal would. The event is stamped
    // before the call: its effects (the FIN, SIGCHLD) must not be shown before it.
    // The annotation of the child's end (child-exited) tells what follows.
    bus.emit("scenario", "kill", { pid: child, signal: "SIGTERM", topic: "SIGTERM" });
    Deno.kill(child, "SIGTERM");
    await watch.next(
      (e) => e.kind === "child-exited" && e.pid === child,
      5000,
      signal,
      "child-exited",
    );

    // The book's client ACKs the FIN at once; Linux may delay that ACK (up to 200 ms,
    // TCP_DELACK_MAX) and piggyback it on the next write. The book's client sits in fgets
    // far longer, so give the ACK its time: wait (bounded) until the server side leaves
    // FIN_WAIT1, read from /proc.
    await until(() => _finAcked(port), 500, signal);

    // UNP §5.12: where the book runs netstat — FIN_WAIT2 (server side) and CLOSE_WAIT (client).
    bus.emit("scenario", "states-point", {
      ports: [port],
      pids: [Deno.pid],
      label: ctx.t({ en: "after the child was killed", zh: "子进程被杀死之后" }),
      topic: "states-point",
    });

    // The client was "blocked in fgets": it has not looked at the socket. Now it writes.
    const second = _enc.encode("another line\n");
    // Stamped when the call starts: on loopback the RST it elicits arrives before it returns.
    const at1 = bus.now();
    const write1 = await tryWrite(conn, second);
    bus.emit(
      "client",
      write1 ? "error" : "write",
      write1
        ? { op: "write", errno: write1, t: at1 }
        : { op: "write", bytes: second.length, topic: "write-after-fin", t: at1 },
    );
    // Give the server's RST time to arrive before reading (loopback: well under 50 ms),
    // and look: a reset socket has left /proc/net/tcp (state CLOSE).
    const local = conn.localAddr.port;
    const rstFirst = await until(() => _gone(port, local), 500, signal);
    const read = await _read(conn, buf);
    if (read === null) {
      bus.emit("client", "eof", { op: "read", expected: second.length, got: 0, topic: "EOF" });
    } else if (typeof read === "string") bus.emit("client", "error", { op: "read", errno: read });
    else bus.emit("client", "read", { bytes: read });
    const at2 = bus.now();
    const write2 = await tryWrite(conn, second);
    bus.emit(
      "client",
      write2 ? "error" : "write",
      write2
        ? { op: "write", errno: write2, t: at2 }
        : { op: "write", bytes: second.length, t: at2 },
    );

    const asBook = write1 === undefined && read === null && write2 === "EPIPE";
    const readText = read === null
      ? ctx.t({ en: "EOF (read returned 0)", zh: "EOF（read 返回 0）" })
      : typeof read === "string"
      ? read
      : ctx.t({ en: `${read} bytes`, zh: `${read} 字节` });
    const observed = ctx.t({
      en: `child ${child} (${engine} engine) killed by SIGTERM; the client's write after the FIN ${
        write1 ? `failed with ${write1}` : "succeeded"
      }; ${
        rstFirst
          ? "the RST had arrived (the socket left /proc/net/tcp) before the read, which"
          : "the read"
      } gave ${readText}; the next write ${write2 ? `failed with ${write2}` : "succeeded"}.`,
      zh: `子进程 ${child}（${engine} 引擎）被 SIGTERM 杀死；FIN 之后客户的写${
        write1 ? `以 ${write1} 失败` : "成功"
      }；${
        rstFirst ? "read 之前 RST 已经到达（套接字已从 /proc/net/tcp 消失），read" : "read "
      }得到 ${readText}；下一次写${write2 ? `以 ${write2} 失败` : "成功"}。`,
    });
    return {
      scenario: "server-killed",
      status: asBook ? "as-book" : "differs",
      book: ctx.t(TEXT.book),
      observed,
      note: ctx.t(TEXT.note),
    };
  },
};
