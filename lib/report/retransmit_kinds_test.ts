import { assertEqual } from "../../tests/helpers/assert.ts";
import type { EchoEvent } from "../events.ts";
import { classifyRetransmits } from "./retransmit_kinds.ts";

function chain(flags: string, gaps: number[], seqAbs = 1000): EchoEvent[] {
  const out: EchoEvent[] = [{
    t: 0,
    actor: "kernel",
    kind: "packet",
    from: "a:1",
    to: "b:2",
    flags,
    seq: 5,
    seqAbs,
    len: 4,
  }];
  let t = 0;
  gaps.forEach((gap, i) => {
    t += gap;
    out.push({ ...out[0], t, retransmit: true, gap, copy: i + 2 });
  });
  return out;
}

const kindsOf = (events: EchoEvent[]) => {
  const kinds = classifyRetransmits(events);
  return events.filter((e) => e.retransmit).map((e) => kinds.get(e));
};

Deno.test("classifyRetransmits: probe at ≈0.2 s, then the re-armed RTO, then doubling (as measured here)", () => {
  assertEqual(kindsOf(chain("PSH,ACK", [206.3, 208, 444, 828, 1667.9])), [
    "tlp",
    "rto",
    "rto",
    "rto",
    "rto",
  ]);
});

Deno.test("classifyRetransmits: 200, 400, 800 is RTOs only (no probe: the second gap already doubled)", () => {
  assertEqual(kindsOf(chain("PSH,ACK", [200, 400, 800])), ["rto", "rto", "rto"]);
});

Deno.test("classifyRetransmits: a SYN has no probe; a slow first gap is an RTO", () => {
  assertEqual(kindsOf(chain("SYN", [1000, 2000])), ["rto", "rto"]);
  assertEqual(kindsOf(chain("SYN", [210])), ["rto"]);
  assertEqual(kindsOf(chain("PSH,ACK", [600, 1200])), ["rto", "rto"]);
  assertEqual(kindsOf(chain("FIN,ACK", [215])), ["tlp"]);
});

Deno.test("classifyRetransmits: separate segments are separate chains", () => {
  const events = [...chain("PSH,ACK", [205, 210], 1000), ...chain("PSH,ACK", [1000], 2000)];
  assertEqual(kindsOf(events), ["tlp", "rto", "rto"]);
});
