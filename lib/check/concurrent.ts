/**
 * Check `concurrent` (UNP §5.2): several clients connected at once are all
 * served — the reason the chapter's server forks.
 *
 * @module
 */

import { closeAll } from "./client.ts";
import { servedClients } from "./steps.ts";
import type { Check } from "./types.ts";
import { pass } from "./wait.ts";

const _CLIENTS = 3;

/** The `concurrent` check. */
export const concurrentCheck: Check = {
  name: "concurrent",
  topic: "check-concurrent",
  async run(ctx) {
    const before = ctx.server.children().length;
    const conns = await servedClients(ctx, _CLIENTS);
    const children = ctx.server.liveChildren().length - before;
    closeAll(conns);
    const how = children > 0
      ? { en: ` (${children} child processes served them)`, zh: `（由 ${children} 个子进程服务）` }
      : {
        en: " (in one process: threads or I/O multiplexing)",
        zh: "（在同一个进程中：线程或 I/O 复用）",
      };
    return pass(
      `${_CLIENTS} clients connected at once and each got its echo, the last one first${how.en}`,
      `${_CLIENTS} 个客户同时连接，每个都收到了回射，最后连接的最先收到${how.zh}`,
      { clients: _CLIENTS, children },
    );
  },
};
