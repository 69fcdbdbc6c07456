/**
 * Check `graceful-stop` — beyond the book. `kill PID`: SIGTERM to the
 * server's listening process only, as an administrator stops a service.
 * Good practice asks the parent to end its children too (forward SIGTERM,
 * wait for each, then exit), so no child lives on as an orphan still
 * serving a client. Chapter 5 does not ask for it (its servers have no
 * SIGTERM handler; at shutdown init signals every process, §5.16), so this
 * check never fails the chapter.
 *
 * @module
 */

import { CheckProblem, closeAll, connectWithin, echoMismatch, roundTrip } from "./client.ts";
import { signalDisposition } from "../proc/signal_state.ts";
import { SIGNAL_NUMBERS } from "../sys/signals.ts";
import { expectAlive, newChildren } from "./steps.ts";
import type { Check } from "./types.ts";
import { fail, pass, waitUntil } from "./wait.ts";
import { countOf } from "../term/words.ts";

const _SIGTERM = SIGNAL_NUMBERS.SIGTERM;

/** The `graceful-stop` check (beyond the book). */
export const gracefulStopCheck: Check = {
  name: "graceful-stop",
  topic: "check-graceful-stop",
  beyond: true,
  async run(ctx) {
    const before = new Set(ctx.server.children().map((c) => c.pid));
    const who = { en: "client", zh: "客户" };
    const conn = await connectWithin(ctx.port, ctx.waitMs, who);
    try {
      const line = new TextEncoder().encode("connected while the server is told to stop\n");
      const problem = echoMismatch(line, await roundTrip(conn, line, ctx.waitMs), who, ctx.waitMs);
      if (problem) throw new CheckProblem(problem);
      const children = newChildren(ctx, before).size;
      await expectAlive(ctx, { en: "before SIGTERM was sent", zh: "在发送 SIGTERM 之前" });
      const owner = ctx.server.owner;
      const handler = signalDisposition(owner, _SIGTERM);
      ctx.server.signalOwner("SIGTERM");
      const exited = await waitUntil(() => !ctx.server.ownerAlive(), ctx.waitMs);
      if (!exited) {
        return fail(
          `your server (pid ${owner}) was still running ${ctx.waitMs / 1000} s after SIGTERM${
            handler === "ignored" ? " (it ignores SIGTERM)" : ""
          }`,
          `收到 SIGTERM ${ctx.waitMs / 1000} 秒后，你的服务器（pid ${owner}）仍在运行${
            handler === "ignored" ? "（它忽略了 SIGTERM）" : ""
          }`,
          { exited: false, children, handler },
        );
      }
      await waitUntil(() => ctx.server.leftovers().length === 0, ctx.settleMs);
      const left = ctx.server.leftovers();
      const probe = new TextEncoder().encode("anyone there?\n");
      const after = await roundTrip(conn, probe, Math.min(ctx.settleMs, ctx.waitMs));
      const client = after.end === "ok"
        ? "still served"
        : after.end === "error"
        ? after.errno
        : after.end;
      const data = { exited: true, children, left: left.map((p) => p.pid), client, handler };
      const seen = client === "eof" ? "EOF" : client;
      if (left.length > 0) {
        const items = left.map((p) => `${p.pid} (${p.comm})`);
        const list = items.join(", ");
        const why = handler === "caught"
          ? {
            en: "your SIGTERM handler ended the parent without ending them",
            zh: "你的 SIGTERM 处理函数结束了父进程，却没有结束它们",
          }
          : {
            en: "your server has no SIGTERM handler, so only the parent died",
            zh: "你的服务器没有 SIGTERM 处理函数，所以只有父进程终止了",
          };
        return fail(
          `kill ${owner} ended your server, but ${left.length} process${
            left.length > 1 ? "es it started are" : " it started is"
          } still running: ${list} — ${why.en}; the connected client is ${
            client === "still served" ? "still being served" : `seeing ${seen}`
          }`,
          `kill ${owner} 结束了你的服务器，但它启动的 ${left.length} 个进程仍在运行：${
            items.join("、")
          }——${why.zh}；已连接的客户${client === "still served" ? "仍在被服务" : `看到 ${seen}`}`,
          data,
        );
      }
      const kids = children > 0
        ? { en: ` and its ${countOf(children, "child")}`, zh: `及其 ${children} 个子进程` }
        : { en: "", zh: "" };
      return pass(
        `SIGTERM to the parent alone ended your server${kids.en}; the connected client saw ${seen}`,
        `只向父进程发送 SIGTERM 就结束了你的服务器${kids.zh}；已连接的客户看到 ${seen}`,
        data,
      );
    } finally {
      closeAll([conn]);
    }
  },
};
