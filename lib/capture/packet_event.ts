/**
 * Turn a parsed segment (plus what the flow tracker knows) into the event
 * the bus carries: `{kind: "packet", from, to, flags: "SYN,ACK", seq, ack, len …}`.
 *
 * @module
 */

import type { FlowInfo } from "./flow_tracker.ts";
import type { TcpSegment } from "./tcp_segment.ts";

/**
 * The fields of a `packet` event (everything but `t` and `actor`).
 * `seq`/`ack` are relative like tcpdump's; `seqAbs`/`ackAbs` are the raw numbers.
 *
 * @example
 * ```ts
 * bus.emit("kernel", "packet", packetFields(segment, flows.observe(segment, t)));
 * ```
 */
export function packetFields(seg: TcpSegment, flow: FlowInfo): Record<string, unknown> {
  const hasAck = seg.flags.includes("ACK");
  const fields: Record<string, unknown> = {
    from: seg.from,
    to: seg.to,
    flags: seg.flags.join(","),
    seq: flow.seq,
    ...(hasAck ? { ack: flow.ack } : {}),
    len: seg.payloadLength,
    win: seg.window,
    seqAbs: seg.seq,
    ...(hasAck ? { ackAbs: seg.ack } : {}),
  };
  if (seg.mss !== undefined) fields.mss = seg.mss;
  if (flow.retransmit) {
    fields.retransmit = true;
    fields.gap = flow.gap;
    fields.copy = flow.copy;
    fields.topic = "retransmit";
  }
  return fields;
}
