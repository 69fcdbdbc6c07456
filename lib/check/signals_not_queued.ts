/**
 * Check `signals-not-queued` (UNP §5.10): five children end at once — first
 * as it happens, then while the server is paused with SIGSTOP so that their
 * five SIGCHLD certainly merge into one — and afterwards none is a zombie
 * and the server still accepts.
 *
 * @module
 */

import { closeAll, echoOnce } from "./client.ts";
import {
  expectAlive,
  newChildren,
  pauseServer,
  resumeServer,
  servedClients,
  stillRunning,
} from "./steps.ts";
import type { Check, CheckContext } from "./types.ts";
import { signalDisposition } from "../proc/signal_state.ts";
import { SIGNAL_NUMBERS } from "../sys/signals.ts";
import { fail, pass, waitUntil } from "./wait.ts";

const _CLIENTS = 5;
const _SIGCHLD = SIGNAL_NUMBERS.SIGCHLD;

interface _Round {
  /** Children that served this round's clients. */
  children: number;
  /** Every zombie child of the server afterwards (a delivery may reap an older one instead). */
  zombies: number[];
}

/** Five clients served at once, then closed together (tcpcli04); `paused` holds the server meanwhile. */
async function _round(ctx: CheckContext, paused: boolean): Promise<_Round> {
  const before = new Set(ctx.server.children().map((c) => c.pid));
  const conns = await servedClients(ctx, _CLIENTS);
  const kids = newChildren(ctx, before);
  if (paused) {
    try {
      await pauseServer(ctx);
    } catch (err) {
      closeAll(conns);
      throw err;
    }
  }
  try {
    closeAll(conns); // five FINs back to back: five children end together
    await waitUntil(() => stillRunning(ctx, kids).length === 0, ctx.waitMs);
  } finally {
    if (paused) resumeServer(ctx);
  }
  const zombies = () => ctx.server.zombies().map((c) => c.pid);
  await waitUntil(() => zombies().length === 0, ctx.settleMs);
  return { children: kids.size, zombies: zombies() };
}

/** The `signals-not-queued` check. */
export const signalsNotQueuedCheck: Check = {
  name: "signals-not-queued",
  topic: "check-signals-not-queued",
  async run(ctx) {
    const natural = await _round(ctx, false);
    await expectAlive(ctx, {
      en: "after five children ended at once",
      zh: "在五个子进程同时终止之后",
    });
    const paused = await _round(ctx, true);
    await expectAlive(ctx, {
      en: "after five children ended while it was paused (one pending SIGCHLD for five exits)",
      zh: "在它暂停期间五个子进程终止（五次终止只留下一个未决的 SIGCHLD）之后",
    });
    await echoOnce(ctx.port, ctx.waitMs, { en: "a new client", zh: "新客户" });
    const data = { natural, paused };
    if (natural.children === 0) {
      return pass(
        `${_CLIENTS} clients were served at once and left together; your server created no child processes, so no SIGCHLD to count, and it still accepts`,
        `${_CLIENTS} 个客户同时得到服务并一起离开；你的服务器没有创建子进程，没有需要计数的 SIGCHLD，并且仍在接受连接`,
        data,
      );
    }
    if (natural.zombies.length === 0 && paused.zombies.length === 0) {
      return pass(
        `${_CLIENTS} children ended at once, twice — the second time while your server was stopped, so their SIGCHLD merged into one delivery — and all were reaped; a new client was then served`,
        `${_CLIENTS} 个子进程同时终止，共两轮——第二轮发生在你的服务器被停止期间，它们的 SIGCHLD 合并为一次递交——全部被回收；随后新客户也得到了服务`,
        data,
      );
    }
    // Worded for the server tested: with no SIGCHLD handler nothing calls wait at all.
    const sigchld = signalDisposition(ctx.server.owner, _SIGCHLD);
    if (sigchld !== "caught") {
      const z = natural.zombies.length > 0 ? natural.zombies : paused.zombies;
      return fail(
        `${_CLIENTS} children ended at once; ${z.length} stayed zombies: pids ${
          z.join(", ")
        }. Your server does not catch SIGCHLD (${
          sigchld ?? "unknown"
        }) and never calls wait, so no child is ever reaped — counting signals comes after the zombies check passes`,
        `${_CLIENTS} 个子进程同时终止；其中 ${z.length} 个成了僵尸进程：pid ${
          z.join("、")
        }。你的服务器没有捕获 SIGCHLD（${
          sigchld ?? "unknown"
        }），也从不调用 wait，所以没有子进程会被回收——先让 zombies 检查通过，再考虑信号计数`,
        { ...data, sigchld },
      );
    }
    if (natural.zombies.length > 0) {
      const z = natural.zombies;
      return fail(
        `${_CLIENTS} children ended at once; ${z.length} of them were still zombies ${ctx.settleMs} ms later: pids ${
          z.join(", ")
        } (a later SIGCHLD can reap one of them, one wait per signal: your server's output below may show some reaped afterwards)`,
        `${_CLIENTS} 个子进程同时终止；${ctx.settleMs} 毫秒后其中 ${z.length} 个仍是僵尸进程：pid ${
          z.join("、")
        }（之后到达的 SIGCHLD 每次可以回收其中一个：下面你的服务器输出中可能显示其中一些后来被回收了）`,
        data,
      );
    }
    const z = paused.zombies;
    return fail(
      `${_CLIENTS} children ended at once while your server was stopped, so their five SIGCHLD became one pending signal; resumed, your server left ${z.length} zombies: pids ${
        z.join(", ")
      }`,
      `${_CLIENTS} 个子进程在你的服务器被停止期间同时终止，五个 SIGCHLD 变成一个未决的信号；恢复运行后，你的服务器留下了 ${z.length} 个僵尸进程：pid ${
        z.join("、")
      }`,
      data,
    );
  },
};
