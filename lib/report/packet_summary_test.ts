import { assertEqual } from "../../tests/helpers/assert.ts";
import type { EchoEvent } from "../events.ts";
import { HumanRenderer } from "./human.ts";
import { memoryOut } from "../term/output.ts";
import { icmpSummary, packetSummary, segmentLabel } from "./packet_summary.ts";
import { summarize } from "./summary.ts";

const DATA: EchoEvent = {
  t: 12.5,
  actor: "kernel",
  kind: "packet",
  from: "127.0.0.1:40000",
  to: "127.0.0.1:9877",
  flags: "PSH,ACK",
  seq: 1,
  ack: 1,
  len: 5,
};

Deno.test("segmentLabel / packetSummary: tcpdump-like seq ranges, ack only when present", () => {
  assertEqual(segmentLabel(DATA), "PSH,ACK seq 1:6 ack 1 len 5");
  assertEqual(segmentLabel({ ...DATA, flags: "SYN", seq: 0, ack: undefined, len: 0 }), "SYN seq 0");
  assertEqual(
    packetSummary({ ...DATA, retransmit: true, gap: 206.3 }),
    "127.0.0.1:40000 → 127.0.0.1:9877 PSH,ACK seq 1:6 ack 1 len 5 ↻ retransmission +206.3 ms",
  );
  assertEqual(summarize(DATA), packetSummary(DATA)); // registered in the shared summaries
});

Deno.test("icmpSummary: who complained about which connection", () => {
  const e: EchoEvent = {
    t: 0,
    actor: "kernel",
    kind: "icmp",
    name: "host-unreachable",
    from: "198.18.1.1",
    to: "198.18.0.1",
    quotedFrom: "198.18.0.1:40000",
    quotedTo: "198.18.2.2:9877",
  };
  assertEqual(
    icmpSummary(e),
    "ICMP host-unreachable from 198.18.1.1 to 198.18.0.1, quoting 198.18.0.1:40000 → 198.18.2.2:9877",
  );
  const full = { ...e, type: 3, code: 1, quotedSeq: 3598346979 };
  assertEqual(
    icmpSummary(full),
    "ICMP host-unreachable from 198.18.1.1 to 198.18.0.1 (type 3 code 1), quoting 198.18.0.1:40000 → 198.18.2.2:9877 seq 3598346979",
  );
  assertEqual(
    icmpSummary({ ...full, quotedSeqRel: 7 }, "zh"),
    "ICMP 主机不可达 从 198.18.1.1 到 198.18.0.1（类型 3 代码 1），引用分节 198.18.0.1:40000 → 198.18.2.2:9877 seq 7",
  );
});

Deno.test("HumanRenderer: a packet line, explained once from the catalogue; a retransmission explained too", () => {
  const out = memoryOut(100);
  const human = new HumanRenderer(out, { lang: "zh" });
  human.render(DATA);
  human.render({ ...DATA, t: 20 });
  human.render({ ...DATA, t: 220, retransmit: true, gap: 207.5, topic: "retransmit" });
  const text = out.lines.join("\n");
  assertEqual(out.lines.filter((l) => l.includes("PSH,ACK seq 1:6")).length, 3);
  assertEqual(text.split("捕获到一个 TCP 分节").length - 1, 1);
  assertEqual(text.split("重传：同一个分节再次发送").length - 1, 1);
});
