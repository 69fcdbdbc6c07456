/**
 * Check `sigterm` (UNP §5.16): `kill PID` — what init sends every process
 * when the host shuts down — ends the server, and no child it started is
 * left running, still serving a client.
 *
 * @module
 */

import { CheckProblem, connectWithin, echoMismatch, roundTrip } from "./client.ts";
import { closeAll } from "./client.ts";
import { newChildren } from "./steps.ts";
import type { Check } from "./types.ts";
import { fail, pass, waitUntil } from "./wait.ts";
import { countOf } from "../term/words.ts";

/** The `sigterm` check. */
export const sigtermCheck: Check = {
  name: "sigterm",
  topic: "check-sigterm",
  async run(ctx) {
    const before = new Set(ctx.server.children().map((c) => c.pid));
    const who = { en: "client", zh: "客户" };
    const conn = await connectWithin(ctx.port, ctx.waitMs, who);
    try {
      const line = new TextEncoder().encode("connected while the server is told to stop\n");
      const problem = echoMismatch(line, await roundTrip(conn, line, ctx.waitMs), who, ctx.waitMs);
      if (problem) throw new CheckProblem(problem);
      const children = newChildren(ctx, before).size;
      const owner = ctx.server.owner;
      ctx.server.signalOwner("SIGTERM");
      const exited = await waitUntil(() => !ctx.server.ownerAlive(), ctx.waitMs);
      if (!exited) {
        return fail(
          `your server (pid ${owner}) was still running ${ctx.waitMs / 1000} s after SIGTERM`,
          `收到 SIGTERM ${ctx.waitMs / 1000} 秒后，你的服务器（pid ${owner}）仍在运行`,
          { exited: false, children },
        );
      }
      await waitUntil(() => ctx.server.leftovers().length === 0, ctx.settleMs);
      const left = ctx.server.leftovers();
      // What the connected client sees: EOF when the child ended, nothing when it lives on.
      const probe = new TextEncoder().encode("anyone there?\n");
      const after = await roundTrip(conn, probe, Math.min(ctx.settleMs, ctx.waitMs));
      const client = after.end === "ok"
        ? "still served"
        : after.end === "error"
        ? after.errno
        : after.end;
      const data = { exited: true, children, left: left.map((p) => p.pid), client };
      // In sentences: EOF as the book writes it (the JSON keeps "eof").
      const seen = client === "eof" ? "EOF" : client;
      if (left.length > 0) {
        const items = left.map((p) => `${p.pid} (${p.comm})`);
        const list = items.join(", ");
        return fail(
          `SIGTERM ended your server (pid ${owner}), but ${left.length} process${
            left.length > 1 ? "es it started are" : " it started is"
          } still running: ${list}; the connected client is ${
            client === "still served" ? "still being served" : `seeing ${seen}`
          }`,
          `SIGTERM 结束了你的服务器（pid ${owner}），但它启动的 ${left.length} 个进程仍在运行：${
            items.join("、")
          }；已连接的客户${client === "still served" ? "仍在被服务" : `看到 ${seen}`}`,
          data,
        );
      }
      const kids = children > 0
        ? { en: ` and its ${countOf(children, "child")}`, zh: `及其 ${children} 个子进程` }
        : { en: "", zh: "" };
      return pass(
        `SIGTERM ended your server${kids.en}; nothing it started is left running, and the connected client saw ${seen}`,
        `SIGTERM 结束了你的服务器${kids.zh}；它启动的进程没有一个仍在运行，已连接的客户看到 ${seen}`,
        data,
      );
    } finally {
      closeAll([conn]);
    }
  },
};
