/**
 * Check `eintr` (UNP §5.9): a child ends while the server is blocked in
 * accept. If the server catches SIGCHLD, the handler interrupts accept,
 * which may return EINTR; the server must call accept again, not die.
 *
 * @module
 */

import { closeAll, connectWithin, echoMismatch, echoOnce, roundTrip } from "./client.ts";
import { CheckProblem } from "./client.ts";
import { wchanOf } from "../proc/process_tree.ts";
import { signalDisposition } from "../proc/signal_state.ts";
import { expectAlive, newChildren, stillRunning } from "./steps.ts";
import type { Check } from "./types.ts";
import { SIGNAL_NUMBERS } from "../sys/signals.ts";
import { pass, waitUntil } from "./wait.ts";

const _SIGCHLD = SIGNAL_NUMBERS.SIGCHLD;

/** The `eintr` check. */
export const eintrCheck: Check = {
  name: "eintr",
  topic: "check-eintr",
  async run(ctx) {
    const before = new Set(ctx.server.children().map((c) => c.pid));
    const who = { en: "client", zh: "客户" };
    const conn = await connectWithin(ctx.port, ctx.waitMs, who);
    const inAccept = () =>
      ctx.server.ownerStat()?.state === "S" && wchanOf(ctx.server.owner) !== undefined;
    let kids: Set<number>;
    try {
      const line = new TextEncoder().encode("a child will end while the server waits in accept\n");
      const problem = echoMismatch(line, await roundTrip(conn, line, ctx.waitMs), who, ctx.waitMs);
      if (problem) throw new CheckProblem(problem);
      kids = newChildren(ctx, before);
      // A fork server is back in accept while its child serves: sleeping, typically in inet_csk_accept.
      // Wait for it as long as for any network step: on a busy machine (or under strace) the parent
      // may take a while to get back there, and a SIGCHLD that comes before it proves nothing.
      if (kids.size > 0) await waitUntil(inAccept, ctx.waitMs);
    } catch (err) {
      closeAll([conn]);
      throw err;
    }
    const sigchld = signalDisposition(ctx.server.owner, _SIGCHLD);
    let wchan = kids.size > 0 ? wchanOf(ctx.server.owner) : undefined;
    closeAll([conn]);
    let sent = false;
    if (kids.size > 0) {
      await waitUntil(() => stillRunning(ctx, kids).length === 0, ctx.waitMs);
    } else {
      // No child to end: once the server is back in accept, send SIGCHLD ourselves, as an exit would.
      await waitUntil(inAccept, ctx.waitMs);
      wchan = wchanOf(ctx.server.owner);
      sent = ctx.server.signalOwner("SIGCHLD");
    }
    // Give a handler time to run (and a buggy server time to fall over).
    await waitUntil(
      () => !ctx.server.ownerAlive() || ctx.server.ownerStat()?.state === "S",
      ctx.settleMs,
    );
    // Only inet_csk_accept is accept itself; an event loop waits in epoll_wait or poll.
    const where = wchan === "inet_csk_accept"
      ? { en: " in accept (wchan inet_csk_accept)", zh: "阻塞于 accept（wchan inet_csk_accept）" }
      : wchan
      ? { en: ` (wchan ${wchan})`, zh: `等待（wchan ${wchan}）` }
      : { en: "", zh: "等待" };
    const cause = sent
      ? {
        en: "echolab sent SIGCHLD (your server has no children)",
        zh: "echolab 发送了 SIGCHLD（你的服务器没有子进程）",
      }
      : { en: "a child ended", zh: "一个子进程终止了" };
    await expectAlive(ctx, {
      en: `when ${cause.en} while it waited${where.en}`,
      zh: `当它${where.zh}时${cause.zh}`,
    });
    await echoOnce(ctx.port, ctx.waitMs, { en: "the next client", zh: "下一个客户" });
    await expectAlive(ctx, { en: "after serving the next client", zh: "在服务下一个客户之后" });
    const handler = sigchld === "caught"
      ? {
        en: "your SIGCHLD handler ran and the server went on accepting",
        zh: "你的 SIGCHLD 处理函数运行了，服务器继续接受连接",
      }
      : {
        en: `your server does not catch SIGCHLD (${sigchld}), so no call was interrupted`,
        zh: `你的服务器没有捕获 SIGCHLD（${sigchld}），因此没有调用被中断`,
      };
    return pass(
      `${cause.en} while your server waited${where.en}; ${handler.en}`,
      `你的服务器${where.zh}时${cause.zh}；${handler.zh}`,
      { wchan, sigchld, children: kids.size },
    );
  },
};
