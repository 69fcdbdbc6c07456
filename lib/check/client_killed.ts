/**
 * Check `client-killed` (UNP §5.12–5.13): a client is killed while its
 * echo is still arriving. Its kernel closes the socket with unread data,
 * which sends an RST; the server, still writing, gets ECONNRESET, and on
 * the write after that EPIPE with SIGPIPE.
 * The server as a whole must survive.
 *
 * @module
 */

import { selfCommand } from "../sys/self_command.ts";
import { CheckProblem, echoOnce } from "./client.ts";
import { socketTable } from "../proc/socket_table.ts";
import { descendantsOf, procStat, socketInodes } from "../proc/process_tree.ts";
import { signalPending } from "../proc/signal_state.ts";
import { SIGNAL_NUMBERS } from "../sys/signals.ts";
import { expectAlive } from "./steps.ts";
import type { Check, CheckContext } from "./types.ts";
import { pass, waitUntil } from "./wait.ts";

/** The two ends of the flood connection as /proc/net/tcp shows them. */
function _ends(ctx: CheckContext, clientPort: number) {
  const all = socketTable();
  const client = all.find((s) => s.localPort === clientPort && s.foreignPort === ctx.port);
  const server = all.find((s) =>
    s.localPort === ctx.port && s.foreignPort === clientPort && s.state !== "LISTEN" &&
    s.state !== "TIME_WAIT"
  );
  return { client, server };
}

/** The server's process (the listener or one of its descendants) holding socket `inode`. */
function _holderOf(ctx: CheckContext, inode: number): number | undefined {
  if (!inode) return undefined;
  const pids = [ctx.server.pid, ...descendantsOf(ctx.server.pid).map((p) => p.pid)];
  return pids.find((pid) => socketInodes(pid).has(inode));
}

/**
 * Wait until the server side has let go of the reset connection: its holder
 * exited (state Z or gone) or closed the descriptor. A forked child that
 * closes and then exits is given `settleMs` more to exit, so its SIGCHLD
 * reaches the parent before the next client connects: that signal, landing
 * in a blocked accept, is what takes an EINTR-fatal server down (UNP §5.9),
 * and it must not depend on how busy the machine is.
 */
async function _released(ctx: CheckContext, holder: number, inode: number): Promise<boolean> {
  let closedAt = 0;
  return await waitUntil(() => {
    const stat = procStat(holder);
    if (!stat || stat.state === "Z" || stat.state === "X") return true;
    if (socketInodes(holder).has(inode)) return false;
    if (holder === ctx.server.owner) return true;
    closedAt ||= Date.now();
    return Date.now() - closedAt >= Math.min(ctx.settleMs, ctx.waitMs / 2);
  }, ctx.waitMs);
}

async function _firstLine(
  stream: ReadableStream<Uint8Array>,
  ms: number,
): Promise<string | undefined> {
  const reader = stream.getReader();
  let text = "";
  let id: ReturnType<typeof setTimeout> | undefined;
  const timer = new Promise<undefined>((resolve) => id = setTimeout(() => resolve(undefined), ms));
  const read = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return text || undefined;
      text += new TextDecoder().decode(value);
      if (text.includes("\n")) return text.slice(0, text.indexOf("\n"));
    }
  })();
  try {
    return await Promise.race([read, timer]);
  } finally {
    clearTimeout(id);
    await reader.cancel().catch(() => {});
    await read.catch(() => {});
  }
}

/** The `client-killed` check. */
export const clientKilledCheck: Check = {
  name: "client-killed",
  topic: "check-client-killed",
  async run(ctx) {
    const { cmd, args } = selfCommand(["__check-flood", String(ctx.port)]);
    const flood = new Deno.Command(cmd, { args, stdin: "null", stdout: "piped", stderr: "null" })
      .spawn();
    let unread = 0;
    let queued = 0;
    let clientPort = 0;
    let inode = 0;
    let holder: number | undefined;
    try {
      // echolab itself starts in a few hundred ms; allow for a busy machine.
      const first = await _firstLine(flood.stdout, Math.max(ctx.waitMs, 10_000));
      clientPort = first ? Number(JSON.parse(first).local) : 0;
      if (!clientPort) {
        throw new CheckProblem({
          en: "the flooding client could not connect",
          zh: "灌数据的客户无法连接",
        });
      }
      // Mid-echo: echo data unread at the client, more queued at the server.
      const midEcho = await waitUntil(() => {
        const { client, server } = _ends(ctx, clientPort);
        return (client?.recvQ ?? 0) > 0 && (server?.sendQ ?? 0) > 0;
      }, ctx.waitMs);
      if (!midEcho) {
        await expectAlive(ctx, { en: "while a client was sending", zh: "在客户发送数据期间" });
        throw new CheckProblem({
          en: `the client's echo did not pile up within ${
            ctx.waitMs / 1000
          } s: does your server echo what it reads?`,
          zh: `${ctx.waitMs / 1000} 秒内客户没有积压回射数据：你的服务器是否回射了读到的数据？`,
        });
      }
      // Data still arriving at the server too (its Recv-Q), when it lets it queue
      // (a server that reads eagerly never does: then go on after a moment). Without
      // it, a server whose first failed write after the RST got ECONNRESET (no
      // SIGPIPE) could find its queue empty, read EOF and close — and a server that
      // SIGPIPE would kill on the next write passed by luck.
      await waitUntil(
        () => (_ends(ctx, clientPort).server?.recvQ ?? 0) > 0,
        Math.min(500, ctx.waitMs),
      );
      const ends = _ends(ctx, clientPort);
      unread = ends.client?.recvQ ?? 0;
      queued = ends.server?.recvQ ?? 0;
      inode = ends.server?.inode ?? 0;
      holder = _holderOf(ctx, inode); // found before the kill: it may die at once after
    } finally {
      try {
        flood.kill("SIGKILL");
      } catch { /* already gone */ }
      await flood.status;
    }
    // The server's end sees the RST while ESTABLISHED: the holder's next write
    // fails with ECONNRESET, no SIGPIPE; a write after that gets EPIPE and
    // SIGPIPE (§5.13; tcp_reset, sk_stream_error). It closes the socket or dies.
    const closed = holder !== undefined
      ? await _released(ctx, holder, inode)
      : await waitUntil(() => _ends(ctx, clientPort).server === undefined, ctx.waitMs);
    // Let the listener take that child's SIGCHLD before the next client
    // arrives: a signal still pending when the next connection is queued
    // would find accept returning that connection, not EINTR.
    await waitUntil(() => !signalPending(ctx.server.owner, SIGNAL_NUMBERS.SIGCHLD), ctx.settleMs);
    await expectAlive(ctx, {
      en: `after a client was killed with ${unread} bytes of echo unread`,
      zh: `在一个客户带着 ${unread} 字节未读回射数据被杀死之后`,
    });
    await echoOnce(ctx.port, ctx.waitMs, { en: "the next client", zh: "下一个客户" });
    await expectAlive(ctx, { en: "after serving the next client", zh: "在服务下一个客户之后" });
    const end = closed ? { en: "the reset connection was closed", zh: "被重置的连接已关闭" } : {
      en: "the reset connection is still open on your side",
      zh: "被重置的连接在你这一端仍未关闭",
    };
    return pass(
      `a client was killed (SIGKILL) with ${unread} bytes of its echo unread, so its kernel sent an RST; ${end.en}, and your server served the next client`,
      `一个客户在还有 ${unread} 字节回射数据未读时被杀死（SIGKILL），其内核因此发送了 RST；${end.zh}，你的服务器也为下一个客户提供了服务`,
      { unread, queued, closed },
    );
  },
};
