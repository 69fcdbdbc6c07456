/**
 * UNP §5.14, the same crash with the other ending: the server host vanishes,
 * but this time the router in front of it looks it up by ARP like any host,
 * and its neighbour entry for the server runs out while the client is still
 * retransmitting. ARP gets no answer, the router answers the client's
 * segments with ICMP host unreachable — the book's intermediate router —, the
 * client's TCP takes it as a soft error, and when it gives up the read fails
 * with EHOSTUNREACH instead of ETIMEDOUT.
 *
 * @module
 */

import type { Verdict } from "../events.ts";
import {
  describeRetransmissions,
  describeWrite,
  gaps,
  outcomeName,
  secs,
} from "../lab/describe.ts";
import type { Retransmission } from "../lab/tcp_observer.ts";
import { crashThenWrite, echoedConnection } from "./crash_fixture.ts";
import { describeIcmps, fromRouter } from "../lab/icmp_words.ts";
import { reportRouterIcmp, routerSays } from "./router_words.ts";
import { type LabRunContext, type LabScenario, labScenario } from "./lab_scenario.ts";
import { TOPOLOGY } from "../lab/topology.ts";

const _DEV = TOPOLOGY.routerServerDev;
const _LAB_RETRIES2 = 2;
/** The router's neighbour timers on the server's link, shortened in the same spirit as tcp_retries2. */
const _NEIGH: Record<string, number> = {
  [`net.ipv4.neigh.${_DEV}.base_reachable_time_ms`]: 100,
  [`net.ipv4.neigh.${_DEV}.delay_first_probe_time`]: 0,
  [`net.ipv4.neigh.${_DEV}.ucast_solicit`]: 1,
  [`net.ipv4.neigh.${_DEV}.mcast_solicit`]: 1,
  [`net.ipv4.neigh.${_DEV}.retrans_time_ms`]: 200,
};

const TEXT = {
  book: {
    en:
      '§5.14: if, while the client retransmits to the crashed server host, an intermediate router determines that the host is unreachable and answers with an ICMP "destination unreachable", the error returned is EHOSTUNREACH or ENETUNREACH instead of ETIMEDOUT.',
    zh:
      "§5.14：如果在客户向崩溃的服务器主机重传期间，某个中间路由器判定该主机不可达并回以 ICMP“目的地不可达”消息，那么返回的错误是 EHOSTUNREACH 或 ENETUNREACH，而不是 ETIMEDOUT。",
  },
};

function _hostValue(ctx: LabRunContext, key: string, fallback: number): number {
  return ctx.hostValues[`net.ipv4.neigh.default.${key}`] ?? fallback;
}

/**
 * True when the gaps between retransmissions stopped doubling once ARP had
 * failed: at least two gaps from the retransmission before the failure on,
 * none 1.5 times the one before it.
 */
function _stoppedDoubling(list: readonly Retransmission[], arpMs: number): boolean {
  const from = list.findIndex((r) => r.atMs >= arpMs);
  if (from < 0) return false;
  const g = gaps(list.slice(Math.max(0, from - 1)));
  return g.length >= 2 && g.slice(1).every((gap, i) => gap < 1.5 * g[i]);
}

async function _inLab(ctx: LabRunContext): Promise<Verdict> {
  const icmp = ctx.icmp;
  const conn = await echoedConnection(ctx, {
    neighbour: TOPOLOGY.serverAddr,
    arpTable: { file: ctx.lab.router.arpFile, host: "router" },
    // Its retransmissions meet a failing ARP lookup: the RTO need not double.
    rtoTopic: "rto-retransmit-unreachable",
  });
  const { client, obs } = conn;

  const { victims, wrote } = await crashThenWrite(ctx, conn, "anyone there?\n");
  // The bus time of the observer's mark: ICMP events carry bus times.
  const markBusT = ctx.bus.now() - obs.sinceMark();
  const outcome = await client.read();
  // When the read returned: the time of the error event, not after the observer's last look.
  const at = client.lastAtMs ?? obs.sinceMark();
  await obs.stop();
  reportRouterIcmp(ctx);

  const errno = outcomeName(outcome);
  const retrans = describeRetransmissions(obs.retransmissions);
  const failedArp = obs.neighbourChanges.filter((c) => c.state === "unresolved");
  const arpMs = failedArp[0]?.atMs;
  const flat = arpMs !== undefined && _stoppedDoubling(obs.retransmissions, arpMs);
  const fromTheRouter = icmp.events.filter(fromRouter);
  const icmpText = describeIcmps(fromTheRouter, markBusT);
  const asBook = wrote === undefined && (errno === "EHOSTUNREACH" || errno === "ENETUNREACH");
  const reach = _hostValue(ctx, "base_reachable_time_ms", 30000) / 1000;
  const delay = _hostValue(ctx, "delay_first_probe_time", 5);
  const probes = _hostValue(ctx, "ucast_solicit", 3);
  const every = _hostValue(ctx, "retrans_time_ms", 1000) / 1000;
  const router = TOPOLOGY.routerClientAddr;

  const observed = ctx.t({
    en:
      `The server host crashed (address removed, ${victims.length} processes SIGKILLed). The client's write ${
        describeWrite(wrote).en
      }; its kernel counted ${obs.retransmissions.length} retransmissions: ${retrans.en}. The router's ARP entry for ${TOPOLOGY.serverAddr} ${
        arpMs !== undefined
          ? `became unresolved at ${secs(arpMs)} (its ARP requests went unanswered)`
          : "never failed"
      }; ${icmpText.en}${icmp.skipped ? ` (no capture: ${icmp.skipped})` : ""}${
        flat ? "; from then on the gaps stopped doubling — each ICMP undid one RTO backoff" : ""
      }; with tcp_retries2 = ${_LAB_RETRIES2} the read failed with ${errno} ${
        secs(at)
      } after the write.`,
    zh: `服务器主机崩溃（地址被删除，${victims.length} 个进程被 SIGKILL）。客户的写${
      describeWrite(wrote).zh
    }；客户内核计了 ${obs.retransmissions.length} 次重传：${retrans.zh}。路由器关于 ${TOPOLOGY.serverAddr} 的 ARP 表项${
      arpMs !== undefined
        ? `在 ${secs(arpMs, "zh")}变为未解析（它的 ARP 请求无应答）`
        : "始终没有失败"
    }；${icmpText.zh}${icmp.skipped ? `（未能抓包：${icmp.skipped}）` : ""}${
      flat ? "；此后重传间隔不再加倍——每个 ICMP 都撤销了一次 RTO 退避" : ""
    }；tcp_retries2 = ${_LAB_RETRIES2}，写之后 ${secs(at, "zh")} 读操作以 ${errno} 失败。`,
  });
  const note = ctx.t({
    en:
      `This is the book's intermediate router, for real: the router (${router}) still had a route to the server's network — what failed was finding the host on it. When its ARP requests got no answer its neighbour entry FAILED, and for each segment queued behind it the router sent the client an ICMP host unreachable (arp_error_report → ipv4_link_failure → icmp_send). Segments that reached the router while its stale entry was still being probed went out to the dead host's old address unanswered, so not every retransmission got an ICMP. On an established connection an ICMP unreachable is a soft error (tcp_v4_err): TCP kept retransmitting, undoing one RTO backoff per error (RFC 6069), and reported EHOSTUNREACH when it gave up (icmp_err_convert). ENETUNREACH would need "no route to the network": ICMP net unreachable, code 0 (see no-route). The lab shortened the router's neighbour timers on ${_DEV}; this host's defaults — about ${reach} s reachable, ${delay} s delay, ${probes} probes ${every} s apart — still fail within a minute, far inside the 924.6 s TCP budget, so behind a real router a crashed host usually ends in EHOSTUNREACH.`,
    zh:
      `这就是书中的中间路由器，真实发生：路由器（${router}）仍有到服务器所在网络的路由——失败的是在该网络上找到这台主机。它的 ARP 请求没有应答，邻居表项变为 FAILED，对排在它后面的每个分节，路由器都向客户发出一个 ICMP 主机不可达（arp_error_report → ipv4_link_failure → icmp_send）。路由器的过期表项仍在探测期间到达的分节被发往死去主机的旧地址，没有回应，所以并非每次重传都换来一个 ICMP。对已建立的连接，ICMP 不可达是软错误（tcp_v4_err）：TCP 继续重传，每收到一次错误就撤销一次 RTO 退避（RFC 6069），并在放弃时报告 EHOSTUNREACH（icmp_err_convert）。ENETUNREACH 需要“没有到该网络的路由”：ICMP 网络不可达，代码 0（见 no-route）。实验室缩短了路由器在 ${_DEV} 上的邻居计时器；本机的默认值——约 ${reach} 秒可达、${delay} 秒延迟、${probes} 个相隔 ${every} 秒的探测——也会在一分钟内失败，远早于 924.6 秒的 TCP 预算，因此在真实路由器后面，崩溃的主机通常以 EHOSTUNREACH 结束。`,
  });
  return {
    scenario: "host-unreachable",
    status: asBook ? "as-book" : "differs",
    book: ctx.t(TEXT.book),
    observed: observed + routerSays(ctx),
    note,
  };
}

/**
 * The `host-unreachable` scenario.
 *
 * @example
 * ```ts
 * await runScenario(hostUnreachable, bus, "en", new AbortController().signal);
 * ```
 */
export const hostUnreachable: LabScenario = labScenario({
  name: "host-unreachable",
  emits: [
    "accepted",
    "connected",
    "echo",
    "error",
    "host-crash",
    "listening",
    "neighbour",
    "retransmit",
    "rto-revert",
    "router-icmp",
    "tcp-gave-up",
    "tcp-state",
    "worker",
    "write",
  ],
  section: "5.14",
  title: {
    en: "the server host crashes, the router's ARP gives up: ICMP host unreachable, EHOSTUNREACH",
    zh: "服务器主机崩溃，路由器的 ARP 放弃：ICMP 主机不可达，EHOSTUNREACH",
  },
  timeoutMs: 10_000,
  sysctls: { "net.ipv4.tcp_retries2": _LAB_RETRIES2 },
  routerSysctls: _NEIGH,
  routerArp: "dynamic",
  inLab: _inLab,
});
