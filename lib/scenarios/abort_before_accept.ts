/**
 * UNP §5.11, connection abort before accept returns: the three-way
 * handshake completes, the connection waits in the completed-connection
 * queue, and the client closes with SO_LINGER{1,0} — an RST. What does the
 * server's accept say? At the syscall level (the book engine) and through
 * Deno's accept (the deno engine); then each server accepts the next client.
 *
 * @module
 */

import type { EventBus } from "../events.ts";
import { errnoOf } from "../sys/errno.ts";
import { bookEngineUnsupported } from "../sys/platform.ts";
import { formatSockAddr } from "../sys/sockaddr.ts";
import { close, getpeername, getsockname, read } from "../sys/socket.ts";
import { setLinger } from "../sys/sockopt.ts";
import { acceptNext, tcpConnect, tcpListen } from "../sys/tcp.ts";
import { closeLater } from "./deno_io.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

/** Texts of this scenario's verdict. */
const TEXT = {
  book: {
    en:
      "§5.11: what happens to a connection aborted while in the queue is implementation-dependent. Berkeley-derived kernels (the book's 4.4BSD) handle it inside the kernel and the server never sees it; SVR4 returns EPROTO from accept; POSIX specifies ECONNABORTED (what modern FreeBSD returns). Either way the server must treat the error as non-fatal and call accept again.",
    zh:
      "§5.11：在队列中被中止的连接如何处理取决于实现。源自Berkeley的实现（书中的 4.4BSD）在内核中处理它，服务器永远看不到；SVR4 的 accept 返回 EPROTO；POSIX 规定返回 ECONNABORTED（现代 FreeBSD 就返回它）。无论哪种，服务器都必须把这个错误当作非致命错误，再次调用 accept。",
  },
  note: {
    en:
      "Linux does none of the three: accept succeeds and hands back the dead connection (with the client's address); getpeername then fails with ENOTCONN, the first read with ECONNRESET, and later reads return 0. Deno's accept calls getpeername to fill remoteAddr, so the deno engine sees an accept error, NotConnected (ENOTCONN). The book's advice holds for both: keep accepting — and on Linux also expect ECONNRESET on a fresh connection's first read.",
    zh:
      "Linux 三者都不是：accept 成功并交回这个已失效的连接（连同客户地址）；随后 getpeername 以 ENOTCONN 失败，第一次 read 以 ECONNRESET 失败，之后的 read 返回 0。Deno 的 accept 会调用 getpeername 来填写 remoteAddr，因此 deno 引擎看到的是 accept 错误 NotConnected（ENOTCONN）。书中的建议对两者都成立：继续 accept——在 Linux 上还要预料到新连接的第一次 read 可能返回 ECONNRESET。",
  },
};

/** Connect to `port`, then close with SO_LINGER{1,0}: the RST goes out while the server has not accepted. */
async function _abort(ctx: ScenarioContext, port: number): Promise<string> {
  const c = await tcpConnect("127.0.0.1", port, { signal: ctx.signal, timeoutMs: 3000 });
  if (!c.ok) throw new Error(`${c.call}: ${c.errno}`);
  const local = getsockname(c.value);
  const localText = local.ok ? formatSockAddr(local.value) : "?";
  ctx.bus.emit("client", "connected", { local: localText, peer: `127.0.0.1:${port}` });
  const linger = setLinger(c.value, { on: true, seconds: 0 });
  close(c.value);
  if (!linger.ok) throw new Error(`${linger.call}: ${linger.errno}`);
  ctx.bus.emit("client", "rst-sent", { local: localText, linger: "{1, 0}" });
  await new Promise((r) => setTimeout(r, 20)); // the RST reaches the listener's queue
  return localText;
}

function _errno(bus: EventBus, op: string, r: { ok: false; errno: string }): string {
  bus.emit("server", "error", { op, errno: r.errno, engine: "book" });
  return r.errno;
}

/** The book engine: raw accept, getpeername, read, read. */
async function _book(ctx: ScenarioContext) {
  const { bus } = ctx;
  const l = tcpListen("127.0.0.1", 0, 5);
  if (!l.ok) throw new Error(`${l.call}: ${l.errno}`);
  ctx.defer(() => void close(l.value.fd));
  const port = l.value.addr.port;
  await _abort(ctx, port);
  // The reset connection still waits in the queue: LISTEN with Recv-Q 1 (Linux kept it).
  bus.emit("scenario", "states-point", {
    ports: [port],
    pids: [Deno.pid],
    label: ctx.t({ en: "RST sent, before accept", zh: "RST 已发出，accept 之前" }),
    topic: "states-point",
  });

  // Wait a little for something to accept: a Berkeley kernel would have dropped it.
  const a = await acceptNext(l.value.fd, { signal: ctx.signal, timeoutMs: 500 });
  let acceptText: string;
  let peername = "-", read1 = "-", read2 = "-";
  if (a.ok) {
    const fd = a.value.fd;
    const peer = a.value.peer ? formatSockAddr(a.value.peer) : "?";
    bus.emit("server", "returned", {
      op: "accept",
      value: fd,
      peer,
      engine: "book",
      topic: "accept-after-rst",
    });
    acceptText = `fd ${fd} (${peer})`;
    const p = getpeername(fd);
    peername = p.ok ? formatSockAddr(p.value) : _errno(bus, "getpeername", p);
    const buf = new Uint8Array(64);
    for (const which of [1, 2]) {
      const r = read(fd, buf);
      const text = r.ok ? String(r.value) : _errno(bus, "read", r);
      if (r.ok) {
        bus.emit("server", "returned", {
          op: "read",
          value: r.value,
          engine: "book",
          ...(r.value === 0 ? { topic: "eof-after-rst" } : {}),
        });
      }
      if (which === 1) read1 = text;
      else read2 = text;
    }
    close(fd);
  } else {
    acceptText = _errno(bus, "accept", a);
  }

  // The server carries on: the next client is accepted normally.
  const next = await tcpConnect("127.0.0.1", port, { signal: ctx.signal, timeoutMs: 3000 });
  if (!next.ok) throw new Error(`${next.call}: ${next.errno}`);
  ctx.defer(() => void close(next.value));
  const b = await acceptNext(l.value.fd, { signal: ctx.signal, timeoutMs: 3000 });
  const nextOk = b.ok;
  if (b.ok) {
    bus.emit("server", "returned", {
      op: "accept",
      value: b.value.fd,
      peer: b.value.peer ? formatSockAddr(b.value.peer) : "?",
      engine: "book",
    });
    close(b.value.fd);
  } else _errno(bus, "accept", b);
  return { acceptOk: a.ok, acceptText, peername, read1, read2, nextOk };
}

/** The deno engine: Deno.listen's accept. */
async function _deno(ctx: ScenarioContext) {
  const { bus } = ctx;
  const listener = closeLater(ctx, Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  const port = (listener.addr as Deno.NetAddr).port;
  await _abort(ctx, port);
  let first: string;
  try {
    const conn = await listener.accept();
    first = `a connection from ${conn.remoteAddr.hostname}:${conn.remoteAddr.port}`;
    bus.emit("server", "returned", { op: "accept", engine: "deno", value: first });
    conn.close();
  } catch (err) {
    first = errnoOf(err) ?? "EUNKNOWN";
    bus.emit("server", "error", {
      op: "accept",
      errno: first,
      engine: "deno",
      message: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    });
  }
  closeLater(ctx, await Deno.connect({ hostname: "127.0.0.1", port }));
  const conn = await listener.accept();
  const peer = `${conn.remoteAddr.hostname}:${conn.remoteAddr.port}`;
  bus.emit("server", "returned", { op: "accept", engine: "deno", value: peer });
  conn.close();
  return { first, nextOk: true };
}

/**
 * The `abort-before-accept` scenario (`echolab chaos abort-before-accept`).
 *
 * @example
 * ```ts
 * const { verdict } = await runScenario(abortBeforeAccept, bus, "en", new AbortController().signal);
 * ```
 */
export const abortBeforeAccept: Scenario = {
  name: "abort-before-accept",
  emits: ["connected", "error", "returned", "rst-sent"],
  section: "5.11",
  title: {
    en: "the client resets (SO_LINGER{1,0}) while its connection waits in the accept queue",
    zh: "连接在 accept 队列中等待时，客户以 SO_LINGER{1,0} 发出 RST",
  },
  unsupported: () => bookEngineUnsupported(),
  async run(ctx) {
    const book = await _book(ctx);
    const deno = await _deno(ctx);
    // ETIMEDOUT here: nothing to accept within 500 ms — dropped inside the kernel.
    const bsdLike = !book.acceptOk && book.acceptText === "ETIMEDOUT";
    const posixLike = !book.acceptOk && book.acceptText === "ECONNABORTED";
    const svr4Like = !book.acceptOk && book.acceptText === "EPROTO";
    return {
      scenario: "abort-before-accept",
      status: bsdLike || posixLike || svr4Like ? "as-book" : "differs",
      book: ctx.t(TEXT.book),
      observed: ctx.t({
        en: `book engine: accept returned ${
          book.acceptOk ? book.acceptText : `the error ${book.acceptText}`
        }; getpeername: ${book.peername}; first read: ${book.read1}; second read: ${book.read2}; the next client was ${
          book.nextOk ? "accepted" : "not accepted"
        }. Deno engine: accept gave ${deno.first}; the next client was accepted.`,
        zh: `book 引擎：accept 返回${
          book.acceptOk ? ` ${book.acceptText}` : `错误 ${book.acceptText}`
        }；getpeername：${book.peername}；第一次 read：${book.read1}；第二次 read：${book.read2}；下一个客户${
          book.nextOk ? "被正常接受" : "未被接受"
        }。deno 引擎：accept 得到 ${deno.first}；下一个客户被正常接受。`,
      }),
      note: ctx.t(TEXT.note),
    };
  },
};
