/**
 * One-line, tcpdump-like text for `packet` and `icmp` events: flags,
 * numbers and addresses are the same in every language; the few words
 * ("retransmission", "about") follow `lang`.
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";
import type { Lang } from "../lang.ts";

/**
 * The segment without its endpoints: `PSH,ACK seq 1:6 ack 1 len 5`.
 *
 * @example
 * ```ts
 * segmentLabel({ t: 0, actor: "kernel", kind: "packet", flags: "SYN", seq: 0, len: 0 }); // "SYN seq 0"
 * ```
 */
export function segmentLabel(e: EchoEvent): string {
  const seq = Number(e.seq);
  const len = Number(e.len ?? 0);
  const parts = [String(e.flags), `seq ${len > 0 ? `${seq}:${seq + len}` : seq}`];
  if (e.ack !== undefined) parts.push(`ack ${e.ack}`);
  if (len > 0) parts.push(`len ${len}`);
  return parts.join(" ");
}

/**
 * The whole packet line: `127.0.0.1:40000 → 127.0.0.1:9877 SYN seq 0`,
 * with the retransmission mark when there is one (`↻ 重传` in Chinese).
 *
 * @example
 * ```ts
 * packetSummary(event); // "… PSH,ACK seq 1:6 ack 1 len 5 ↻ retransmission +205.5 ms"
 * packetSummary(event, "zh"); // "… PSH,ACK seq 1:6 ack 1 len 5 ↻ 重传 +205.5 ms"
 * ```
 */
export function packetSummary(e: EchoEvent, lang: Lang = "en"): string {
  const word = lang === "zh" ? "重传" : "retransmission";
  const rtx = e.retransmit ? ` ↻ ${word} +${e.gap} ms` : "";
  return `${e.from} → ${e.to} ${segmentLabel(e)}${rtx}`;
}

/** The Chinese names of the ICMP errors lib/capture/icmp_error.ts names (RFC 792, RFC 4443). */
const _ZH_NAME: Record<string, string> = {
  "net-unreachable": "网络不可达",
  "host-unreachable": "主机不可达",
  "protocol-unreachable": "协议不可达",
  "port-unreachable": "端口不可达",
  "fragmentation-needed": "需要分片",
  "net-unknown": "网络未知",
  "host-unknown": "主机未知",
  "net-prohibited": "网络被禁止",
  "host-prohibited": "主机被禁止",
  "admin-prohibited": "通信被管理性禁止",
  "no-route": "没有路由",
  "address-unreachable": "地址不可达",
  "time-exceeded": "超时",
};

/** A code the table lacks is still "destination unreachable"; its number follows in the line. */
function _zhName(name: string): string {
  return _ZH_NAME[name] ?? (name.startsWith("unreachable-code-") ? "目的地不可达" : name);
}

/**
 * An ICMP error line — who sent it, type and code, and the segment it quotes:
 * `ICMP host-unreachable from 198.18.0.254 to 198.18.0.1 (type 3 code 1), quoting 198.18.0.1:40000 → 198.18.1.2:9877 seq 7`,
 * in Chinese `ICMP 主机不可达 从 198.18.0.254 到 198.18.0.1（类型 3 代码 1），引用分节 …`
 * (the name in Chinese, the numbers as they are).
 * The quoted sequence number is `quotedSeqRel` when a caller matched it to a
 * captured segment (relative, as on the diagram's arrows), else the raw one.
 *
 * @example
 * ```ts
 * icmpSummary(event);
 * icmpSummary(event, "zh");
 * ```
 */
export function icmpSummary(e: EchoEvent, lang: Lang = "en"): string {
  const hasCode = e.type !== undefined && e.code !== undefined;
  const seqValue = e.quotedSeqRel ?? e.quotedSeq;
  const seq = seqValue !== undefined ? ` seq ${seqValue}` : "";
  const quoted = `${e.quotedFrom} → ${e.quotedTo}${seq}`;
  return lang === "zh"
    ? `ICMP ${_zhName(String(e.name))} 从 ${e.from} 到 ${e.to}${
      hasCode ? `（类型 ${e.type} 代码 ${e.code}）` : ""
    }，引用分节 ${quoted}`
    : `ICMP ${e.name} from ${e.from} to ${e.to}${
      hasCode ? ` (type ${e.type} code ${e.code})` : ""
    }, quoting ${quoted}`;
}
