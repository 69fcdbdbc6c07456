/**
 * Steps several checks share: open clients that are really being served,
 * notice a server that died, pause and resume it.
 *
 * @module
 */

import type { Bilingual } from "../lang.ts";
import { CheckProblem, closeAll, connectWithin, echoMismatch, roundTrip } from "./client.ts";
import type { CheckContext } from "./types.ts";
import { waitUntil } from "./wait.ts";

/**
 * If the server's listening process is gone, say so — with its exit status
 * when it is the process echolab started (waiting `settleMs` for it).
 *
 * @example
 * ```ts
 * const died = await serverDied(ctx);
 * if (died) throw new CheckProblem(died);
 * ```
 */
export async function serverDied(ctx: CheckContext): Promise<Bilingual | undefined> {
  if (ctx.server.ownerAlive()) return undefined;
  const status = ctx.server.owner === ctx.server.pid
    ? await ctx.server.exited(ctx.settleMs)
    : undefined;
  const how = status === undefined
    ? { en: "is gone", zh: "已经不存在了" }
    : status.signal
    ? { en: `was killed by ${status.signal}`, zh: `被 ${status.signal} 杀死了` }
    : { en: `exited with code ${status.code}`, zh: `退出了（退出码 ${status.code}）` };
  return {
    en: `your server (pid ${ctx.server.owner}) ${how.en}`,
    zh: `你的服务器（pid ${ctx.server.owner}）${how.zh}`,
  };
}

/**
 * Throw a {@link CheckProblem} when the server died `after` something.
 *
 * @example
 * ```ts
 * await expectAlive(ctx, { en: "after client 1 left", zh: "在客户 1 离开之后" });
 * ```
 */
export async function expectAlive(ctx: CheckContext, after: Bilingual): Promise<void> {
  const died = await serverDied(ctx);
  if (died) throw new CheckProblem({ en: `${died.en} ${after.en}`, zh: `${after.zh}，${died.zh}` });
}

/**
 * Connect `n` clients, then echo one line on each (last first, so a server
 * that serves one client at a time is caught): all of them are being served.
 * Closes them all and throws a {@link CheckProblem} otherwise.
 *
 * @example
 * ```ts
 * const conns = await servedClients(ctx, 5);
 * ```
 */
export async function servedClients(ctx: CheckContext, n: number): Promise<Deno.TcpConn[]> {
  const conns: Deno.TcpConn[] = [];
  try {
    for (let i = 1; i <= n; i++) {
      conns.push(await connectWithin(ctx.port, ctx.waitMs, { en: `client ${i}`, zh: `客户 ${i}` }));
    }
    for (let i = n; i >= 1; i--) {
      const who = { en: `client ${i}`, zh: `客户 ${i}` };
      const line = new TextEncoder().encode(`${who.en} of ${n}, all connected at once\n`);
      const problem = echoMismatch(
        line,
        await roundTrip(conns[i - 1], line, ctx.waitMs),
        who,
        ctx.waitMs,
      );
      if (problem) {
        const alone = i < n || n === 1 ? { en: "", zh: "" } : {
          en: ` while clients 1–${n - 1} stayed connected: the server serves one client at a time`,
          zh: `（此时客户 1–${n - 1} 仍保持连接）：服务器一次只服务一个客户`,
        };
        throw new CheckProblem({ en: problem.en + alone.en, zh: problem.zh + alone.zh });
      }
    }
    return conns;
  } catch (err) {
    closeAll(conns);
    throw err;
  }
}

/**
 * Stop the server's listening process with SIGSTOP and wait until it is stopped (state T).
 *
 * @example
 * ```ts
 * await pauseServer(ctx);
 * try { … } finally { resumeServer(ctx); }
 * ```
 */
export async function pauseServer(ctx: CheckContext): Promise<void> {
  ctx.server.signalOwner("SIGSTOP");
  const stopped = await waitUntil(
    () => ["T", "t"].includes(ctx.server.ownerStat()?.state ?? ""),
    ctx.settleMs,
  );
  if (!stopped) {
    await expectAlive(ctx, { en: "before it could be paused", zh: "在暂停它之前" });
    throw new CheckProblem({
      en: "SIGSTOP did not stop your server",
      zh: "SIGSTOP 没能让你的服务器停止",
    });
  }
}

/** Resume the server's listening process (SIGCONT). */
export function resumeServer(ctx: CheckContext): void {
  ctx.server.signalOwner("SIGCONT");
}

/** The pids in `pids` that are still children of the server in any state but Z. */
export function stillRunning(ctx: CheckContext, pids: Set<number>): number[] {
  return ctx.server.liveChildren().filter((c) => pids.has(c.pid)).map((c) => c.pid);
}

/** The pids in `pids` that are zombie children of the server. */
export function zombiesAmong(ctx: CheckContext, pids: Set<number>): number[] {
  return ctx.server.zombies().filter((c) => pids.has(c.pid)).map((c) => c.pid);
}

/** Children of the server that were not in `before`. */
export function newChildren(ctx: CheckContext, before: Set<number>): Set<number> {
  return new Set(ctx.server.children().filter((c) => !before.has(c.pid)).map((c) => c.pid));
}
