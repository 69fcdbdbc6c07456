/**
 * UNP §5.14's other router answer, ENETUNREACH, and the silent contrast:
 *
 * 1. The router loses its route to the server's network. A new connection's
 *    SYN is answered with ICMP net unreachable (code 0) and connect fails at
 *    once with ENETUNREACH: in SYN_SENT an ICMP error is a hard error
 *    (tcp_v4_err sets sk_err and ends the attempt).
 * 2. A blackhole route instead: the router drops the SYN and says nothing;
 *    connect waits out its SYN retransmissions and fails with ETIMEDOUT.
 *
 * On an established connection the same ICMP is a soft error: router-unreachable
 * shows that, and the note here says so.
 *
 * @module
 */

import { formatAddr } from "../echo/addr.ts";
import type { EchoEvent, Verdict } from "../events.ts";
import { errnoOf } from "../sys/errno.ts";
import { secs } from "../lab/describe.ts";
import { setRouterRoute } from "../lab/host_faults.ts";
import { icmpSeen } from "./icmp_watch.ts";
import { describeIcmps, fromRouter } from "../lab/icmp_words.ts";
import { type LabRunContext, type LabScenario, labScenario } from "./lab_scenario.ts";
import { reportRouterIcmp } from "./router_words.ts";
import { TOPOLOGY } from "../lab/topology.ts";
import { ROUTER_SYSCTLS } from "../lab/router_host.ts";

const _LAB_SYN_RETRIES = 1;

const TEXT = {
  book: {
    en:
      '§4.3: if the client\'s SYN elicits an ICMP "destination unreachable" from an intermediate router, this is a soft error: the client kernel saves the message and keeps sending SYNs; if no response arrives after a fixed time (75 s in 4.4BSD), the saved error is returned as EHOSTUNREACH or ENETUNREACH. If nothing answers at all, connect returns ETIMEDOUT. §5.14: the same ICMP while an established connection retransmits gives EHOSTUNREACH or ENETUNREACH instead of ETIMEDOUT.',
    zh:
      "§4.3：如果客户的 SYN 引发了某个中间路由器的 ICMP“目的地不可达”，这被看作软错误：客户内核保存该消息，并继续发送 SYN；如果在某个固定时间（4.4BSD 为 75 秒）之后仍没有响应，就把保存的错误作为 EHOSTUNREACH 或 ENETUNREACH 返回。如果根本没有回应，connect 返回 ETIMEDOUT。§5.14：已建立的连接在重传时收到同样的 ICMP，得到 EHOSTUNREACH 或 ENETUNREACH 而不是 ETIMEDOUT。",
  },
};

/** One connect attempt from the client host, timed and reported as a client event. */
async function _connect(
  ctx: LabRunContext,
): Promise<{ errno?: string; ms: number; conn?: Deno.TcpConn }> {
  const start = performance.now();
  try {
    const conn = await Deno.connect({ hostname: TOPOLOGY.serverAddr, port: TOPOLOGY.port });
    const ms = Math.round(performance.now() - start);
    ctx.bus.emit("client", "connected", {
      local: formatAddr(conn.localAddr),
      peer: formatAddr(conn.remoteAddr),
    });
    return { ms, conn };
  } catch (err) {
    const ms = Math.round(performance.now() - start);
    const errno = errnoOf(err) ?? "EUNKNOWN";
    ctx.bus.emit("client", "error", { op: "connect", errno, connect_ms: ms });
    return { errno, ms };
  }
}

function _codes(icmps: readonly EchoEvent[], code: number): EchoEvent[] {
  return icmps.filter((e) => fromRouter(e) && e.type === 3 && e.code === code);
}

async function _inLab(ctx: LabRunContext): Promise<Verdict> {
  const icmp = ctx.icmp;
  // 0. The path works: a connect succeeds.
  const before = await _connect(ctx);
  before.conn?.close();

  // 1. No route: the router answers the SYN with ICMP net unreachable (ip_error).
  await setRouterRoute(ctx.lab.router, ctx.bus, "no-route");
  const synMark = ctx.bus.now();
  const fresh = await _connect(ctx);
  fresh.conn?.close();
  const synIcmps = await icmpSeen(icmp, (e) => _codes([e], 0).length > 0, 500);

  // 2. A blackhole: the router drops the SYN silently.
  await setRouterRoute(ctx.lab.router, ctx.bus, "blackhole");
  const holeMark = ctx.bus.now();
  const silent = await _connect(ctx);
  silent.conn?.close();
  const holeIcmps = icmp.events.filter((e) => fromRouter(e) && e.t >= holeMark);
  reportRouterIcmp(ctx);
  // The book's connect (§4.3) keeps sending SYNs for 75 s before it reports the saved ICMP.
  const retried = fresh.errno !== undefined && fresh.ms >= 1000;
  const asBook = before.errno === undefined && retried && fresh.errno === "ENETUNREACH" &&
    silent.errno === "ETIMEDOUT" && holeIcmps.length === 0;
  const syn = describeIcmps(synIcmps.filter((e) => e.t < holeMark), synMark);
  const capNote = icmp.skipped
    ? { en: ` (no capture: ${icmp.skipped})`, zh: `（未能抓包：${icmp.skipped}）` }
    : { en: "", zh: "" };

  const observed = ctx.t({
    en: `A first connect succeeded (${secs(before.ms)}${
      before.errno ? `: ${before.errno}` : ""
    }). 1. Then the router's route to ${TOPOLOGY.serverNet} was deleted: a new connect failed with ${
      fresh.errno ?? "no error"
    } after ${
      secs(fresh.ms)
    } — ${syn.en}${capNote.en} — and no second SYN was sent. 2. With a blackhole route instead, a new connect failed with ${
      silent.errno ?? "no error"
    } after ${
      secs(silent.ms)
    } (tcp_syn_retries = ${_LAB_SYN_RETRIES} in the lab), and ${holeIcmps.length} ICMP errors came back.`,
    zh: `第一次 connect 成功（${secs(before.ms, "zh")}${
      before.errno ? `：${before.errno}` : ""
    }）。1. 随后路由器到 ${TOPOLOGY.serverNet} 的路由被删除：新的 connect 在 ${
      secs(fresh.ms, "zh")
    }后以 ${
      fresh.errno ?? "无错误"
    } 失败——${syn.zh}${capNote.zh}——没有发出第二个 SYN。2. 换成 blackhole 路由后，新的 connect 在 ${
      secs(silent.ms, "zh")
    }后以 ${
      silent.errno ?? "无错误"
    } 失败（实验室中 tcp_syn_retries = ${_LAB_SYN_RETRIES}），回来的 ICMP 差错有 ${holeIcmps.length} 个。`,
  });
  const hostSyn = ctx.hostValues["net.ipv4.tcp_syn_retries"] ?? 6;
  const note = ctx.t({
    en:
      `The same ICMP, two meanings — and Linux parts from the book on the first. In SYN_SENT, tcp_v4_err treats an ICMP unreachable as a hard error: it sets sk_err and ends the attempt (tcp_done), so connect fails at once instead of retrying its SYN for 75 s as §4.3 describes for 4.4BSD (RFC 1122 §4.2.3.9 calls codes 0, 1 and 5 soft errors that must not abort a connection; Linux makes an exception for one that does not exist yet). On an established connection the same ICMP is a soft error, kept in sk_err_soft and reported only when TCP gives up, as the book says — router-unreachable shows it: the client keeps retransmitting after the router's ICMP, and ENETUNREACH (code 0 here) or EHOSTUNREACH (code 1 there) comes only at the end. Code 0 (net unreachable) becomes ENETUNREACH, code 1 EHOSTUNREACH (icmp_err_convert; explain icmp-errno). A blackhole drops without a word: the client cannot tell a silent router from a crashed host and waits for ETIMEDOUT — tcp_syn_retries (${_LAB_SYN_RETRIES} here, ${hostSyn} on this host) for a connect, tcp_retries2 for an established connection.`,
    zh:
      `同一个 ICMP，两种含义——而在第一种上 Linux 与书不同。在 SYN_SENT 状态，tcp_v4_err 把 ICMP 不可达当作硬错误：设置 sk_err 并结束这次尝试（tcp_done），所以 connect 立即失败，而不是像 §4.3 描述的 4.4BSD 那样继续重传 SYN 75 秒（RFC 1122 §4.2.3.9 把代码 0、1、5 称为不得中止连接的软错误；Linux 对尚不存在的连接例外处理）。对已建立的连接，同样的 ICMP 是软错误，记在 sk_err_soft 中，直到 TCP 放弃时才报告，与书中一致——router-unreachable 展示了这一点：收到路由器的 ICMP 之后客户仍在重传，ENETUNREACH（这里的代码 0）或 EHOSTUNREACH（那里的代码 1）要到最后才出现。代码 0（网络不可达）变成 ENETUNREACH，代码 1 变成 EHOSTUNREACH（icmp_err_convert；见 explain icmp-errno）。blackhole 则一声不响地丢弃：客户无法区分沉默的路由器和崩溃的主机，只能等到 ETIMEDOUT——connect 看 tcp_syn_retries（这里是 ${_LAB_SYN_RETRIES}，本机是 ${hostSyn}），已建立的连接看 tcp_retries2。`,
  });
  return {
    scenario: "no-route",
    status: asBook ? "as-book" : "differs",
    book: ctx.t(TEXT.book),
    observed,
    note,
  };
}

/**
 * The `no-route` scenario.
 *
 * @example
 * ```ts
 * await runScenario(noRoute, bus, "en", new AbortController().signal);
 * ```
 */
export const noRoute: LabScenario = labScenario({
  name: "no-route",
  emits: [
    "accepted",
    "child-exited",
    "connected",
    "error",
    "listening",
    "reaped",
    "router-icmp",
    "router-route",
    "sigchld",
    "worker",
  ],
  section: "5.14",
  title: {
    en: "the router has no route: connect fails at once, ENETUNREACH; a blackhole: ETIMEDOUT",
    zh: "路由器没有路由：connect 立即以 ENETUNREACH 失败；blackhole 则得到 ETIMEDOUT",
  },
  timeoutMs: 10_000,
  sysctls: { "net.ipv4.tcp_syn_retries": _LAB_SYN_RETRIES },
  routerSysctls: ROUTER_SYSCTLS,
  inLab: _inLab,
});
