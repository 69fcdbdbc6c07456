/**
 * UNP §5.14, the same crash with the other ending: the server host vanishes,
 * but this time the client's ARP (neighbour) entry for it runs out while TCP
 * is still retransmitting. ARP gets no answer, the kernel reports "host
 * unreachable" to the socket as a soft error, and when TCP gives up the read
 * fails with EHOSTUNREACH instead of ETIMEDOUT.
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
import { type LabRunContext, type LabScenario, labScenario } from "./lab_scenario.ts";
import { TOPOLOGY } from "../lab/topology.ts";

const _DEV = TOPOLOGY.clientDev;
const _LAB_RETRIES2 = 2;
/** The client's neighbour timers, shortened in the same spirit as tcp_retries2. */
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
  const conn = await echoedConnection(ctx, {
    neighbour: TOPOLOGY.serverAddr,
    // Its retransmissions meet a failing ARP lookup: the RTO need not double.
    rtoTopic: "rto-retransmit-unreachable",
  });
  const { client, obs } = conn;

  const { victims, wrote } = await crashThenWrite(ctx, conn, "anyone there?\n");
  const outcome = await client.read();
  // When the read returned: the time of the error event, not after the observer's last look.
  const at = client.lastAtMs ?? obs.sinceMark();
  await obs.stop();

  const errno = outcomeName(outcome);
  const retrans = describeRetransmissions(obs.retransmissions);
  const failedArp = obs.neighbourChanges.filter((c) => c.state === "unresolved");
  const arpMs = failedArp[0]?.atMs;
  const flat = arpMs !== undefined && _stoppedDoubling(obs.retransmissions, arpMs);
  const asBook = wrote === undefined && (errno === "EHOSTUNREACH" || errno === "ENETUNREACH");
  const reach = _hostValue(ctx, "base_reachable_time_ms", 30000) / 1000;
  const delay = _hostValue(ctx, "delay_first_probe_time", 5);
  const probes = _hostValue(ctx, "ucast_solicit", 3);
  const every = _hostValue(ctx, "retrans_time_ms", 1000) / 1000;

  const observed = ctx.t({
    en:
      `The server host crashed (address removed, ${victims.length} processes SIGKILLed). The client's write ${
        describeWrite(wrote).en
      }; the kernel counted ${obs.retransmissions.length} retransmissions: ${retrans.en}. The client's ARP entry for ${TOPOLOGY.serverAddr} ${
        arpMs !== undefined
          ? `became unresolved at ${secs(arpMs)} (ARP requests unanswered)`
          : "never failed"
      }${
        flat
          ? "; from then on the gaps stopped doubling — the ICMP each failed ARP made undid one RTO backoff"
          : ""
      }; with tcp_retries2 = ${_LAB_RETRIES2} the read failed with ${errno} ${
        secs(at)
      } after the write.`,
    zh: `服务器主机崩溃（地址被删除，${victims.length} 个进程被 SIGKILL）。客户的写${
      describeWrite(wrote).zh
    }；内核计了 ${obs.retransmissions.length} 次重传：${retrans.zh}。客户关于 ${TOPOLOGY.serverAddr} 的 ARP 表项${
      arpMs !== undefined ? `在 ${secs(arpMs, "zh")}变为未解析（ARP 请求无应答）` : "始终没有失败"
    }${
      flat ? "；此后重传间隔不再加倍——每次 ARP 失败产生的 ICMP 都撤销了一次 RTO 退避" : ""
    }；tcp_retries2 = ${_LAB_RETRIES2}，写之后 ${secs(at, "zh")} 读操作以 ${errno} 失败。`,
  });
  const note = ctx.t({
    en:
      `EHOSTUNREACH, not ENETUNREACH: the client still had a route to the server's network — what failed was finding the host on it. Server and client share one link, so the client's own kernel plays the book's intermediate router: when ARP got no answer the neighbour entry FAILED, and for each segment it dropped the kernel sent itself an ICMP host unreachable (arp_error_report → ipv4_link_failure → icmp_send) — the message a router would send. TCP took it as a soft error, kept retransmitting, each ICMP undoing one RTO backoff (RFC 6069), and reported EHOSTUNREACH when it gave up. The kernel counts every retransmission, but those made while ARP was resolving the server wait in the neighbour queue and are dropped when resolution fails: not all of them reach the wire. ENETUNREACH would need "no route to the network": an ICMP network unreachable (code 0) from a router, or no local route at all. The lab shortened the neighbour timers on ${_DEV}; this host's defaults — about ${reach} s reachable, ${delay} s delay, ${probes} probes ${every} s apart — still fail within a minute, far inside the 924.6 s TCP budget, so on a real LAN a crashed peer usually ends in EHOSTUNREACH.`,
    zh:
      `是 EHOSTUNREACH 而不是 ENETUNREACH：客户仍有到服务器所在网络的路由——失败的是在该网络上找到这台主机。服务器和客户共享一条链路，因此客户自己的内核扮演了书中“中间路由器”的角色：ARP 没有应答，邻居表项变为 FAILED，内核为它丢弃的每个分节向自己发送一个 ICMP 主机不可达（arp_error_report → ipv4_link_failure → icmp_send）——正是路由器会发的那种消息。TCP 把它当作软错误，继续重传，每个 ICMP 撤销一次 RTO 退避（RFC 6069），并在放弃时报告 EHOSTUNREACH。内核计入每一次重传，但 ARP 正在解析服务器期间的重传在邻居队列中等待，解析失败时被丢弃：并非每次都发到了线路上。ENETUNREACH 需要“没有到该网络的路由”：路由器发来的 ICMP 网络不可达（代码 0），或本地根本没有路由。实验室缩短了 ${_DEV} 上的邻居计时器；本机的默认值——约 ${reach} 秒可达、${delay} 秒延迟、${probes} 个相隔 ${every} 秒的探测——也会在一分钟内失败，远早于 924.6 秒的 TCP 预算，因此在真实局域网上，崩溃的对端通常以 EHOSTUNREACH 结束。`,
  });
  return {
    scenario: "host-unreachable",
    status: asBook ? "as-book" : "differs",
    book: ctx.t(TEXT.book),
    observed,
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
    "tcp-gave-up",
    "tcp-state",
    "worker",
    "write",
  ],
  section: "5.14",
  title: {
    en: "the server host crashes and ARP gives up first: EHOSTUNREACH, not ETIMEDOUT",
    zh: "服务器主机崩溃且 ARP 先放弃：EHOSTUNREACH 而不是 ETIMEDOUT",
  },
  timeoutMs: 10_000,
  sysctls: { "net.ipv4.tcp_retries2": _LAB_RETRIES2, ..._NEIGH },
  inLab: _inLab,
});
