import { assert } from "../../tests/helpers/assert.ts";
import type { EchoEvent } from "../events.ts";
import { describeIcmps } from "./icmp_words.ts";

function icmp(t: number, seq: number): EchoEvent {
  return {
    t,
    actor: "kernel",
    kind: "icmp",
    from: "198.18.0.254",
    to: "198.18.0.1",
    type: 3,
    code: 1,
    quotedFrom: "198.18.0.1:40000",
    quotedTo: "198.18.1.2:9877",
    quotedSeq: seq,
  } as EchoEvent;
}

Deno.test("describeIcmps: times and sequence numbers are a list — ', ' in English, 、 in Chinese", () => {
  const text = describeIcmps([icmp(1000, 7), icmp(1210, 8), icmp(2690, 9)], 1000);
  assert(text.en.includes("at 0.00, 0.21, 1.69 s"), text.en);
  assert(text.en.includes("seq 7, 8, 9"), text.en);
  assert(text.zh.includes("在 0.00、0.21、1.69 秒"), text.zh);
  assert(text.zh.includes("seq 7、8、9"), text.zh);
  assert(!text.zh.includes(", "), text.zh);
});
