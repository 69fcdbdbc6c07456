import { assertEqual } from "../../tests/helpers/assert.ts";
import { FlowTracker } from "./flow_tracker.ts";
import type { TcpSegment } from "./tcp_segment.ts";

const C = "127.0.0.1:40000";
const S = "127.0.0.1:9877";

function seg(
  from: string,
  to: string,
  flags: string,
  seq: number,
  ack: number,
  len = 0,
): TcpSegment {
  const [srcAddress, srcPort] = from.split(":");
  const [dstAddress, dstPort] = to.split(":");
  return {
    family: 4,
    from,
    to,
    srcAddress,
    dstAddress,
    srcPort: Number(srcPort),
    dstPort: Number(dstPort),
    flags: flags.split(","),
    seq,
    ack,
    window: 512,
    payloadLength: len,
    headerLength: 20,
  };
}

Deno.test("FlowTracker: relative seq/ack like tcpdump, across the 32-bit wrap", () => {
  const f = new FlowTracker();
  const cIsn = 0xfffffffe;
  const sIsn = 1000;
  assertEqual(f.observe(seg(C, S, "SYN", cIsn, 0), 0).seq, 0);
  const synAck = f.observe(seg(S, C, "SYN,ACK", sIsn, cIsn + 1), 1);
  assertEqual([synAck.seq, synAck.ack, synAck.ackRelative], [0, 1, true]);
  const data = f.observe(seg(C, S, "PSH,ACK", 0xffffffff, sIsn + 1, 5), 2);
  assertEqual([data.seq, data.ack, data.retransmit], [1, 1, false]);
  const ack = f.observe(seg(S, C, "ACK", sIsn + 1, 4), 3); // 0xffffffff + 5 wraps to 4
  assertEqual(ack.ack, 6);
});

Deno.test("FlowTracker: the same data again is a retransmission, with the gap to the previous copy", () => {
  const f = new FlowTracker();
  f.observe(seg(C, S, "SYN", 100, 0), 0);
  f.observe(seg(S, C, "SYN,ACK", 500, 101), 0.1);
  f.observe(seg(C, S, "PSH,ACK", 101, 501, 4), 10);
  const tlp = f.observe(seg(C, S, "PSH,ACK", 101, 501, 4), 215.5);
  assertEqual([tlp.retransmit, tlp.gap, tlp.copy], [true, 205.5, 2]);
  const rto = f.observe(seg(C, S, "PSH,ACK", 101, 501, 4), 645.5);
  assertEqual([rto.retransmit, rto.gap, rto.copy], [true, 430, 3]);
  // Pure ACKs repeat all the time: never retransmissions.
  f.observe(seg(S, C, "ACK", 501, 101), 700);
  assertEqual(f.observe(seg(S, C, "ACK", 501, 101), 701).retransmit, false);
  // New data at the next seq is not a retransmission.
  assertEqual(f.observe(seg(C, S, "PSH,ACK", 105, 501, 4), 800).retransmit, false);
});

Deno.test("FlowTracker: SYN and FIN count as retransmitted even without data", () => {
  const f = new FlowTracker();
  f.observe(seg(C, S, "SYN", 7, 0), 0);
  assertEqual(f.observe(seg(C, S, "SYN", 7, 0), 1003).gap, 1003);
  f.observe(seg(C, S, "FIN,ACK", 8, 1), 2000);
  assertEqual(f.observe(seg(C, S, "FIN,ACK", 8, 1), 2200).retransmit, true);
});

Deno.test("FlowTracker: a new SYN on a reused four-tuple starts a new connection", () => {
  const f = new FlowTracker();
  f.observe(seg(C, S, "SYN", 7, 0), 0);
  const again = f.observe(seg(C, S, "SYN", 90000, 0), 5000);
  assertEqual([again.seq, again.retransmit], [0, false]);
});

Deno.test("FlowTracker: joining mid-connection, the first segment seen counts as seq 1", () => {
  const f = new FlowTracker();
  const first = f.observe(seg(C, S, "PSH,ACK", 5000, 9000, 3), 0);
  assertEqual([first.seq, first.ack, first.ackRelative], [1, 9000, false]);
});

Deno.test("FlowTracker.relativeSeq: an ICMP's quoted seq as the packet lines show it", () => {
  const f = new FlowTracker();
  f.observe(seg(C, S, "SYN", 3130481053, 0), 0);
  assertEqual(f.relativeSeq(C, S, 3130481060), 7);
  assertEqual(f.relativeSeq(S, C, 5), undefined); // that side was never seen
  assertEqual(f.relativeSeq("10.0.0.1:1", S, 5), undefined);
});
