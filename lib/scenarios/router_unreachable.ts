/**
 * UNP §5.14's intermediate router, for real: an established connection, then
 * the router between client and server starts answering every segment for the
 * server with ICMP destination unreachable, code 1 (host unreachable) — an
 * `unreachable` route on the router. The client's TCP takes each ICMP as a
 * soft error (tcp_v4_err): it keeps retransmitting, and when it gives up the
 * read fails with EHOSTUNREACH (icmp_err_convert), not ETIMEDOUT.
 *
 * @module
 */

import type { Verdict } from "../events.ts";
import { describeRetransmissions, describeWrite, outcomeName, secs } from "../lab/describe.ts";
import { echoedConnection, statesAtFirst } from "./crash_fixture.ts";
import { setRouterRoute } from "../lab/host_faults.ts";
import { describeIcmps, fromRouter, rateLimitWords } from "../lab/icmp_words.ts";
import { type LabRunContext, type LabScenario, labScenario } from "./lab_scenario.ts";
import { reportRouterIcmp } from "./router_words.ts";
import { TOPOLOGY } from "../lab/topology.ts";
import { ROUTER_SYSCTLS } from "../lab/router_host.ts";

const _LAB_RETRIES2 = 2;

const TEXT = {
  book: {
    en:
      '§5.14: if, while the client retransmits, an intermediate router determines that the server host is unreachable and responds with an ICMP "destination unreachable" message, the error returned to the client is EHOSTUNREACH or ENETUNREACH instead of ETIMEDOUT.',
    zh:
      "§5.14：如果在客户重传期间，某个中间路由器判定服务器主机不可达，并以 ICMP“目的地不可达”消息作出响应，那么返回给客户的错误是 EHOSTUNREACH 或 ENETUNREACH，而不是 ETIMEDOUT。",
  },
};

async function _inLab(ctx: LabRunContext): Promise<Verdict> {
  const icmp = ctx.icmp;
  let reverts = 0;
  ctx.defer(ctx.bus.subscribe((e) => void (e.kind === "rto-revert" && reverts++)));
  const { client, obs } = await echoedConnection(ctx);
  const limits = await ctx.lab.router.readSysctls([
    "net.ipv4.icmp_ratelimit",
    "net.ipv4.icmp_ratemask",
  ]);

  // The router starts answering for the server: ip_route_input finds an
  // RTN_UNREACHABLE route, ip_error → icmp_send(ICMP_DEST_UNREACH, ICMP_HOST_UNREACH).
  await setRouterRoute(ctx.lab.router, ctx.bus, "unreachable");
  obs.mark();
  const markBusT = ctx.bus.now();
  client.timeBy(() => obs.sinceMark());
  obs.start();
  statesAtFirst(ctx, (e) => e.kind === "icmp", {
    en: "the router's ICMP arrived: the connection is still ESTABLISHED (a soft error)",
    zh: "路由器的 ICMP 到了：连接仍是 ESTABLISHED（软错误）",
  });
  const wrote = await client.write("anyone there?\n");
  const outcome = await client.read();
  const at = client.lastAtMs ?? obs.sinceMark();
  await obs.stop();
  const counters = reportRouterIcmp(ctx);

  const errno = outcomeName(outcome);
  const answers = icmp.events.filter(fromRouter);
  const hostUnreach = answers.filter((e) => e.type === 3 && e.code === 1);
  const firstIcmpMs = hostUnreach.length ? hostUnreach[0].t - markBusT : undefined;
  const after = firstIcmpMs === undefined
    ? 0
    : obs.retransmissions.filter((r) => r.atMs > firstIcmpMs).length;
  // Segments that reached the router: the write and each retransmission.
  const segments = 1 + obs.retransmissions.length;
  const limited = counters
    ? rateLimitWords(hostUnreach.length, segments, counters, {
      ...ctx.hostValues,
      ...limits,
      "net.ipv4.icmp_ratelimit:host": ctx.hostValues["net.ipv4.icmp_ratelimit"],
    }, true)
    : { en: "", zh: "" };
  const asBook = wrote === undefined && errno === "EHOSTUNREACH" && hostUnreach.length > 0 &&
    after > 0;
  const icmpText = describeIcmps(answers, markBusT);
  const retrans = describeRetransmissions(obs.retransmissions);

  const observed = ctx.t({
    en:
      `The router (${TOPOLOGY.routerClientAddr}) got an unreachable route for ${TOPOLOGY.serverAddr}. The client's write ${
        describeWrite(wrote).en
      }; ${icmpText.en}${
        icmp.skipped ? ` (no capture: ${icmp.skipped})` : ""
      }. The connection stayed ESTABLISHED and the client's kernel retransmitted ${obs.retransmissions.length} times (${after} after the first ICMP): ${retrans.en}. With tcp_retries2 = ${_LAB_RETRIES2} the read failed with ${errno} ${
        secs(at)
      } after the write.${limited.en}`,
    zh:
      `路由器（${TOPOLOGY.routerClientAddr}）上加了一条到 ${TOPOLOGY.serverAddr} 的 unreachable 路由。客户的写${
        describeWrite(wrote).zh
      }；${icmpText.zh}${
        icmp.skipped ? `（未能抓包：${icmp.skipped}）` : ""
      }。连接仍是 ESTABLISHED，客户内核重传了 ${obs.retransmissions.length} 次（第一个 ICMP 之后 ${after} 次）：${retrans.zh}。tcp_retries2 = ${_LAB_RETRIES2}，写之后 ${
        secs(at, "zh")
      } 读操作以 ${errno} 失败。${limited.zh}`,
  });
  const note = ctx.t({
    en:
      `An ICMP destination unreachable on an established connection is a soft error (tcp_v4_err, RFC 1122 §4.2.3.9): the router may be wrong or the route may come back, so TCP only records it in sk_err_soft, keeps retransmitting — an ICMP that answers a retransmission also undoes one RTO backoff (RFC 6069, tcp_ld_RTO_revert; seen here ${reverts} time${
        reverts === 1 ? "" : "s"
      }) — and, when the retransmission budget runs out, reports the recorded error instead of ETIMEDOUT (only getsockopt(SO_ERROR) sees it earlier: with no hard error pending it returns the soft error and clears it, sk_getsockopt). Code 1 (host unreachable) becomes EHOSTUNREACH, code 0 (net unreachable) ENETUNREACH (icmp_err_convert; see explain icmp-errno). The write could not notice: it only copies into the send buffer. With IP_RECVERR (ip(7)) set on the socket, tcp_v4_err would report the first ICMP at once instead (sk_err). Before the connection is established (SYN_SENT) the same ICMP is a hard error and connect fails at once: see no-route.`,
    zh:
      `对已建立的连接，ICMP 目的地不可达是软错误（tcp_v4_err，RFC 1122 §4.2.3.9）：路由器可能搞错，路由也可能恢复，所以 TCP 只把它记在 sk_err_soft 中，继续重传——回应重传的 ICMP 还会撤销一次 RTO 退避（RFC 6069，tcp_ld_RTO_revert；这里出现了 ${reverts} 次）——等重传预算用完时，报告记下的这个错误而不是 ETIMEDOUT（只有 getsockopt(SO_ERROR) 能更早看到它：没有待处理的硬错误时，它返回这个软错误并将其清除，sk_getsockopt）。代码 1（主机不可达）变成 EHOSTUNREACH，代码 0（网络不可达）变成 ENETUNREACH（icmp_err_convert；见 explain icmp-errno）。写操作无从察觉：它只是把数据复制进发送缓冲区。如果套接字设置了 IP_RECVERR（ip(7)），tcp_v4_err 会立即报告第一个 ICMP（sk_err）。在连接建立之前（SYN_SENT），同样的 ICMP 是硬错误，connect 立即失败：见 no-route。`,
  });
  return {
    scenario: "router-unreachable",
    status: asBook ? "as-book" : "differs",
    book: ctx.t(TEXT.book),
    observed,
    note,
  };
}

/**
 * The `router-unreachable` scenario.
 *
 * @example
 * ```ts
 * await runScenario(routerUnreachable, bus, "en", new AbortController().signal);
 * ```
 */
export const routerUnreachable: LabScenario = labScenario({
  name: "router-unreachable",
  emits: [
    "accepted",
    "connected",
    "echo",
    "error",
    "listening",
    "retransmit",
    "rto-revert",
    "router-icmp",
    "router-route",
    "tcp-gave-up",
    "tcp-state",
    "worker",
    "write",
  ],
  section: "5.14",
  title: {
    en: "the router answers ICMP host unreachable: retransmissions go on, then EHOSTUNREACH",
    zh: "路由器回以 ICMP 主机不可达：重传继续，最后 EHOSTUNREACH",
  },
  timeoutMs: 10_000,
  sysctls: { "net.ipv4.tcp_retries2": _LAB_RETRIES2 },
  routerSysctls: ROUTER_SYSCTLS,
  inLab: _inLab,
});
