/**
 * Check `sigterm` (UNP §5.16): when the host shuts down, init sends SIGTERM
 * to every process, waits a few seconds, then sends SIGKILL to any still
 * running. The check does the same to every process of the server — the
 * listening process and each child — with a client connected: every
 * process must end on SIGTERM, and the client must see its connection
 * closed (the child's FIN when it exits).
 *
 * The book's servers have no SIGTERM handler: the default action ends each
 * process, and the kernel closes its sockets. That passes.
 *
 * @module
 */

import { CheckProblem, closeAll, connectWithin, echoMismatch, roundTrip } from "./client.ts";
import { signalDisposition } from "../proc/signal_state.ts";
import type { ProcStat } from "../proc/parse_stat.ts";
import { SIGNAL_NUMBERS } from "../sys/signals.ts";
import type { Bilingual } from "../lang.ts";
import { expectAlive, newChildren } from "./steps.ts";
import type { Check, CheckContext } from "./types.ts";
import { fail, pass, waitUntil } from "./wait.ts";
import { countOf } from "../term/words.ts";

const _SIGTERM = SIGNAL_NUMBERS.SIGTERM;

/** How one process that outlived SIGTERM treats it, in words for that process. */
function _why(p: ProcStat, disposition: string | undefined): Bilingual {
  const name = `${p.pid} (${p.comm})`;
  if (disposition === "ignored") {
    return { en: `${name} ignores SIGTERM (SIG_IGN)`, zh: `${name} 忽略了 SIGTERM（SIG_IGN）` };
  }
  if (disposition === "caught") {
    return {
      en: `${name} catches SIGTERM but its handler did not end it`,
      zh: `${name} 捕获了 SIGTERM，但它的处理函数没有让它结束`,
    };
  }
  if (p.state === "T" || p.state === "t") {
    return {
      en: `${name} was stopped (state ${p.state})`,
      zh: `${name} 处于停止状态（${p.state}）`,
    };
  }
  return { en: `${name} did not end`, zh: `${name} 没有结束` };
}

/** What the connected client sees now: EOF or an errno when its connection is closed. */
async function _clientSees(conn: Deno.TcpConn, ctx: CheckContext): Promise<string> {
  const probe = new TextEncoder().encode("anyone there?\n");
  const after = await roundTrip(conn, probe, Math.min(ctx.settleMs, ctx.waitMs));
  return after.end === "ok" ? "still served" : after.end === "error" ? after.errno! : after.end;
}

/** The `sigterm` check. */
export const sigtermCheck: Check = {
  name: "sigterm",
  topic: "check-sigterm",
  async run(ctx) {
    const before = new Set(ctx.server.children().map((c) => c.pid));
    const who = { en: "client", zh: "客户" };
    const conn = await connectWithin(ctx.port, ctx.waitMs, who);
    try {
      const line = new TextEncoder().encode("connected while the host shuts down\n");
      const problem = echoMismatch(line, await roundTrip(conn, line, ctx.waitMs), who, ctx.waitMs);
      if (problem) throw new CheckProblem(problem);
      const children = newChildren(ctx, before).size;
      await expectAlive(ctx, { en: "before SIGTERM was sent", zh: "在发送 SIGTERM 之前" });
      // As init does at shutdown: SIGTERM to every process, a grace period, then SIGKILL.
      const sent = ctx.server.signalAll("SIGTERM");
      const grace = ctx.waitMs;
      await waitUntil(() => ctx.server.processes().length === 0, grace);
      const survivors = ctx.server.processes().map((p) => ({
        p,
        why: _why(p, signalDisposition(p.pid, _SIGTERM)),
      }));
      if (survivors.length > 0) ctx.server.signalAll("SIGKILL");
      await waitUntil(() => ctx.server.processes().length === 0, ctx.settleMs);
      const client = await _clientSees(conn, ctx);
      const data = {
        sigterm: sent.map((p) => p.pid),
        children,
        survivors: survivors.map((s) => s.p.pid),
        client,
      };
      const seen = client === "eof" ? "EOF" : client;
      if (survivors.length > 0) {
        const list = { en: survivors.map((s) => s.why.en), zh: survivors.map((s) => s.why.zh) };
        return fail(
          `SIGTERM went to all ${sent.length} of your server's processes; ${survivors.length} still ran ${
            grace / 1000
          } s later: ${list.en.join("; ")}. At shutdown init would then SIGKILL ${
            survivors.length > 1 ? "them" : "it"
          }, as echolab did now; the connected client ${
            client === "still served" ? "was still being served until then" : `then saw ${seen}`
          }`,
          `SIGTERM 发给了你的服务器的全部 ${sent.length} 个进程；${
            grace / 1000
          } 秒后仍有 ${survivors.length} 个在运行：${
            list.zh.join("；")
          }。关机时 init 接下来会用 SIGKILL 结束它们，echolab 刚才也这样做了；已连接的客户${
            client === "still served" ? "在此之前一直被服务" : `随后看到 ${seen}`
          }`,
          data,
        );
      }
      if (client === "still served" || client === "timeout") {
        return fail(
          `every process of your server ended on SIGTERM, yet the connected client ${
            client === "timeout"
              ? `saw neither an echo nor its connection closed within ${ctx.settleMs / 1000} s`
              : "was still served"
          }`,
          `你的服务器的每个进程都因 SIGTERM 结束了，但已连接的客户${
            client === "timeout"
              ? `在 ${ctx.settleMs / 1000} 秒内既没有收到回射，也没有看到连接关闭`
              : "仍在被服务"
          }`,
          data,
        );
      }
      const kids = children > 0
        ? { en: ` and its ${countOf(children, "child")}`, zh: `及其 ${children} 个子进程` }
        : { en: "", zh: "" };
      return pass(
        `SIGTERM to every process, as init sends at shutdown, ended your server${kids.en}; the connected client saw ${seen}`,
        `像关机时 init 那样向每个进程发送 SIGTERM，结束了你的服务器${kids.zh}；已连接的客户看到 ${seen}`,
        data,
      );
    } finally {
      closeAll([conn]);
    }
  },
};
