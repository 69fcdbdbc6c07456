/**
 * One-line, tcpdump-like text for `packet` and `icmp` events (language
 * neutral: flags, numbers, addresses).
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";

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
 * with the retransmission mark when there is one.
 *
 * @example
 * ```ts
 * packetSummary(event); // "… PSH,ACK seq 1:6 ack 1 len 5 ↻ retransmission +205.5 ms"
 * ```
 */
export function packetSummary(e: EchoEvent): string {
  const rtx = e.retransmit ? ` ↻ retransmission +${e.gap} ms` : "";
  return `${e.from} → ${e.to} ${segmentLabel(e)}${rtx}`;
}

/**
 * An ICMP error line: `ICMP host-unreachable 198.18.1.1 → 198.18.0.1 (about 198.18.0.1:40000 → …)`.
 *
 * @example
 * ```ts
 * icmpSummary(event);
 * ```
 */
export function icmpSummary(e: EchoEvent): string {
  return `ICMP ${e.name} ${e.from} → ${e.to} (about ${e.quotedFrom} → ${e.quotedTo})`;
}
