/**
 * Check `rst-before-accept` (UNP §5.11): a client completes the handshake
 * and resets the connection (SO_LINGER{1,0}) while it still waits in the
 * completed-connection queue. The server must take that in its stride.
 *
 * @module
 */

import { connectThenReset } from "../sys/linger.ts";
import { CheckProblem, echoOnce } from "./client.ts";
import { socketTable } from "../proc/socket_table.ts";
import { expectAlive, pauseServer, resumeServer } from "./steps.ts";
import type { Check, CheckContext } from "./types.ts";
import { pass, waitUntil } from "./wait.ts";

/** Connections waiting in the accept queue of the server's listening socket(s). */
function _queued(ctx: CheckContext): number {
  return socketTable()
    .filter((s) => s.state === "LISTEN" && s.localPort === ctx.port)
    .reduce((n, s) => n + s.recvQ, 0);
}

/** The `rst-before-accept` check. */
export const rstBeforeAcceptCheck: Check = {
  name: "rst-before-accept",
  topic: "check-rst-before-accept",
  async run(ctx) {
    // Stopped, the server cannot call accept: the RST surely comes first.
    await pauseServer(ctx);
    let queued: number;
    try {
      const r = await connectThenReset("127.0.0.1", ctx.port, ctx.waitMs);
      if (!r.ok) {
        throw new CheckProblem({
          en: `the aborting client's ${r.op} failed with ${r.errno}`,
          zh: `中止连接的客户的 ${r.op} 失败：${r.errno}`,
        });
      }
      queued = _queued(ctx);
    } finally {
      resumeServer(ctx);
    }
    const accepted = await waitUntil(() => _queued(ctx) === 0, ctx.waitMs);
    await expectAlive(ctx, {
      en: "after accepting a connection that had been reset",
      zh: "在接受一个已被重置的连接之后",
    });
    await echoOnce(ctx.port, ctx.waitMs, { en: "the next client", zh: "下一个客户" });
    await expectAlive(ctx, { en: "after serving the next client", zh: "在服务下一个客户之后" });
    const took = accepted
      ? { en: "it took the connection from the queue", zh: "它从队列中取走了这个连接" }
      : { en: "it left the connection in the queue", zh: "它把这个连接留在了队列中" };
    return pass(
      `a client connected and sent an RST while your server was stopped (${queued} connection in the accept queue, Recv-Q); resumed, ${took.en} and went on serving the next client`,
      `在你的服务器停止期间，一个客户连接后发送了 RST（accept 队列中有 ${queued} 个连接，即 Recv-Q）；恢复运行后，${took.zh}，并继续为下一个客户服务`,
      { queued, accepted },
    );
  },
};
