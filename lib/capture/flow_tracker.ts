/**
 * Follow TCP connections across segments: sequence and acknowledgment
 * numbers relative to each side's initial sequence number (as tcpdump
 * prints them), and retransmissions — the same bytes (or SYN/FIN) sent
 * again — with the gap to the previous copy.
 *
 * @module
 */

import type { TcpSegment } from "./tcp_segment.ts";

/** What the tracker adds to a segment. */
export interface FlowInfo {
  /** Sequence number relative to this side's ISN (the SYN is 0, the first data byte 1). */
  seq: number;
  /** Acknowledgment number relative to the other side's ISN (absolute until that ISN is seen). */
  ack: number;
  /** True when `ack` is relative. */
  ackRelative: boolean;
  /** True when this segment repeats one already seen (same direction, seq, length, SYN/FIN). */
  retransmit: boolean;
  /** Milliseconds since the previous copy of this segment (retransmissions only). */
  gap?: number;
  /** Which copy this is: 2 for the first retransmission, 3 for the next … */
  copy?: number;
}

interface _Side {
  isn: number;
}

interface _Conn {
  sides: Map<string, _Side>;
  /** key: direction|seq|len|SYN/FIN → [time of last copy, copies so far] */
  sent: Map<string, [number, number]>;
}

/**
 * Tracks connections; feed it every segment in capture order.
 *
 * @example
 * ```ts
 * const flows = new FlowTracker();
 * const info = flows.observe(segment, 12.5); // { seq: 0, ack: …, retransmit: false }
 * ```
 */
export class FlowTracker {
  #conns = new Map<string, _Conn>();

  /**
   * `seqAbs` of a segment `from` → `to` relative to `from`'s ISN, as the
   * packet lines show it (undefined when that connection was not seen): an
   * ICMP error's quoted segment matched to its packet line.
   *
   * @example
   * ```ts
   * flows.relativeSeq("198.18.0.1:40000", "198.18.1.2:9877", 3130481060); // 7
   * ```
   */
  relativeSeq(from: string, to: string, seqAbs: number): number | undefined {
    const key = from < to ? `${from}|${to}` : `${to}|${from}`;
    const side = this.#conns.get(key)?.sides.get(from);
    return side ? (seqAbs - side.isn) >>> 0 : undefined;
  }

  /** Add `seg`, seen at `t` ms, and return its relative numbers and retransmission mark. */
  observe(seg: TcpSegment, t: number): FlowInfo {
    const key = seg.from < seg.to ? `${seg.from}|${seg.to}` : `${seg.to}|${seg.from}`;
    const isSyn = seg.flags.includes("SYN");
    const isAck = seg.flags.includes("ACK");
    let conn = this.#conns.get(key);
    // A new active open on the same four-tuple (a reused port) starts a new connection.
    const mine = conn?.sides.get(seg.from);
    if (conn && isSyn && !isAck && mine && mine.isn !== seg.seq) conn = undefined;
    if (!conn) {
      conn = { sides: new Map(), sent: new Map() };
      this.#conns.set(key, conn);
    }
    let side = conn.sides.get(seg.from);
    if (!side) {
      // Joined mid-connection: the first seq seen stands in for the ISN, as tcpdump does.
      side = { isn: isSyn ? seg.seq : (seg.seq - 1) >>> 0 };
      conn.sides.set(seg.from, side);
    }
    const peer = conn.sides.get(seg.to);
    const info: FlowInfo = {
      seq: (seg.seq - side.isn) >>> 0,
      ack: peer ? (seg.ack - peer.isn) >>> 0 : seg.ack,
      ackRelative: peer !== undefined,
      retransmit: false,
    };
    const isFin = seg.flags.includes("FIN");
    if (seg.payloadLength > 0 || isSyn || isFin) {
      const id = `${seg.from}|${seg.seq}|${seg.payloadLength}|${isSyn ? "S" : ""}${
        isFin ? "F" : ""
      }`;
      const prev = conn.sent.get(id);
      if (prev) {
        info.retransmit = true;
        info.gap = Math.round((t - prev[0]) * 10) / 10;
        info.copy = prev[1] + 1;
      }
      conn.sent.set(id, [t, prev ? prev[1] + 1 : 1]);
    }
    return info;
  }
}
