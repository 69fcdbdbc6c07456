/**
 * Tell a tail loss probe from a retransmission timeout in a list of packet
 * events. Measured on Linux 6.18 (a veth peer that went silent, RTT ≈ 0.1 ms),
 * the copies of one lost segment came 206, 208, 444, 828, 1668 ms apart:
 * first the tail loss probe (RFC 8985: about 2 × SRTT, plus 200 ms when only
 * one segment is in flight), then the retransmission timer, re-armed by the
 * probe (RTO ≥ 200 ms), then the RTO doubling each time. A chain that starts
 * 200, 400, 800 … is RTOs only (no probe).
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";

/** What a retransmission was. */
export type RetransmitKind = "tlp" | "rto";

const _TLP_MIN_MS = 150;
const _TLP_MAX_MS = 350;
/** A second gap this much larger than the first means the first was already an RTO. */
const _BACKOFF_RATIO = 1.5;

function _chainKey(e: EchoEvent): string {
  const flags = String(e.flags ?? "");
  const synFin = (flags.includes("SYN") ? "S" : "") + (flags.includes("FIN") ? "F" : "");
  return `${e.from}|${e.seqAbs ?? e.seq}|${e.len}|${synFin}`;
}

/**
 * Classify every retransmitted `packet` event (those with `retransmit: true`).
 * A chain's first retransmission is a TLP when its gap is 150–350 ms, it is
 * not a SYN (a SYN only has the RTO), and the next gap (the re-armed RTO) is
 * not already doubled (less than 1.5× the first); all others are RTOs.
 *
 * @example
 * ```ts
 * const kinds = classifyRetransmits(events);
 * kinds.get(events[3]); // "tlp"
 * ```
 */
export function classifyRetransmits(events: EchoEvent[]): Map<EchoEvent, RetransmitKind> {
  const chains = new Map<string, EchoEvent[]>();
  for (const e of events) {
    if (e.kind !== "packet" || e.retransmit !== true) continue;
    const key = _chainKey(e);
    chains.set(key, [...(chains.get(key) ?? []), e]);
  }
  const kinds = new Map<EchoEvent, RetransmitKind>();
  for (const chain of chains.values()) {
    chain.sort((a, b) => a.t - b.t);
    const first = chain[0];
    const g1 = Number(first.gap);
    const g2 = chain.length > 1 ? Number(chain[1].gap) : undefined;
    const isSyn = String(first.flags).includes("SYN");
    const isProbe = !isSyn && first.copy === 2 && g1 >= _TLP_MIN_MS && g1 <= _TLP_MAX_MS &&
      (g2 === undefined || g2 < _BACKOFF_RATIO * g1);
    chain.forEach((e, i) => kinds.set(e, isProbe && i === 0 ? "tlp" : "rto"));
  }
  return kinds;
}
