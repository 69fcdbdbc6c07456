/**
 * Check `zombies` (UNP §5.7–5.9): after clients come and go one by one, no
 * child of the server is left in state Z.
 *
 * @module
 */

import { closeAll, connectWithin, echoMismatch, roundTrip } from "./client.ts";
import { CheckProblem } from "./client.ts";
import { signalDisposition } from "../proc/signal_state.ts";
import { expectAlive, newChildren, stillRunning, zombiesAmong } from "./steps.ts";
import type { Check } from "./types.ts";
import { SIGNAL_NUMBERS } from "../sys/signals.ts";
import { fail, pass, waitUntil } from "./wait.ts";

const _CLIENTS = 3;
const _SIGCHLD = SIGNAL_NUMBERS.SIGCHLD;

/** The `zombies` check. */
export const zombiesCheck: Check = {
  name: "zombies",
  topic: "check-zombies",
  async run(ctx) {
    const before = new Set(ctx.server.children().map((c) => c.pid));
    const seen = new Set<number>();
    for (let i = 1; i <= _CLIENTS; i++) {
      const who = { en: `client ${i}`, zh: `客户 ${i}` };
      const conn = await connectWithin(ctx.port, ctx.waitMs, who);
      try {
        const line = new TextEncoder().encode(`${who.en} of ${_CLIENTS}, one after another\n`);
        const problem = echoMismatch(
          line,
          await roundTrip(conn, line, ctx.waitMs),
          who,
          ctx.waitMs,
        );
        if (problem) throw new CheckProblem(problem);
        for (const pid of newChildren(ctx, before)) seen.add(pid);
      } finally {
        closeAll([conn]);
      }
      // The child sees EOF and exits; wait until it has (it may stay a zombie).
      await waitUntil(() => stillRunning(ctx, seen).length === 0, ctx.waitMs);
      await expectAlive(ctx, { en: `after client ${i} left`, zh: `在客户 ${i} 离开之后` });
    }
    if (seen.size === 0) {
      return pass(
        `${_CLIENTS} clients came and went; your server created no child processes, so there is nothing to reap`,
        `${_CLIENTS} 个客户先后来去；你的服务器没有创建子进程，因此没有需要回收的`,
        { clients: _CLIENTS, children: 0, zombies: [] },
      );
    }
    await waitUntil(() => zombiesAmong(ctx, seen).length === 0, ctx.settleMs);
    const zombies = zombiesAmong(ctx, seen);
    const sigchld = signalDisposition(ctx.server.owner, _SIGCHLD);
    const data = { clients: _CLIENTS, children: seen.size, zombies, sigchld };
    if (zombies.length === 0) {
      return pass(
        `${_CLIENTS} clients came and went one by one; all ${seen.size} children were reaped`,
        `${_CLIENTS} 个客户逐个来去；全部 ${seen.size} 个子进程都已被回收`,
        data,
      );
    }
    const handler = sigchld === "caught"
      ? { en: "", zh: "" }
      : { en: " Your server does not catch SIGCHLD.", zh: "你的服务器没有捕获 SIGCHLD。" };
    return fail(
      `${_CLIENTS} clients came and went; ${zombies.length} of their ${seen.size} children are zombies (state Z, <defunct> in ps): pids ${
        zombies.join(", ")
      }.${handler.en}`,
      `${_CLIENTS} 个客户先后来去；它们的 ${seen.size} 个子进程中有 ${zombies.length} 个成了僵尸进程（状态 Z，ps 显示 <defunct>）：pid ${
        zombies.join("、")
      }。${handler.zh}`,
      data,
    );
  },
};
