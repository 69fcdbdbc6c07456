import { assertEqual } from "../../tests/helpers/assert.ts";
import type { EchoEvent } from "../events.ts";
import { TimeOrder } from "./time_order.ts";

const ev = (t: number, kind: string): EchoEvent => ({ t, actor: "kernel", kind });

Deno.test("TimeOrder: an RST stamped by the kernel comes out before the ECONNRESET it caused", () => {
  const out: EchoEvent[] = [];
  let now = 0;
  const order = new TimeOrder((e) => out.push(e), { holdMs: 250, now: () => now });
  now = 5;
  order.push(ev(5, "error"));
  order.push(ev(4, "packet")); // the capture loop hands it over after the read failed
  assertEqual(out.length, 0, "held for 250 ms");
  now = 300;
  order.push(ev(300, "eof"));
  assertEqual(out.map((e) => e.kind), ["packet", "error"]);
  order.flush();
  assertEqual(out.map((e) => e.t), [4, 5, 300]);
});

Deno.test("TimeOrder: equal times keep their arrival order; a straggler is marked late, never dropped", () => {
  const out: EchoEvent[] = [];
  const order = new TimeOrder((e) => out.push(e), { holdMs: 0, now: () => 100 });
  order.push(ev(10, "a"));
  order.push(ev(10, "b"));
  order.push(ev(7, "c")); // later than the hold: already past
  assertEqual(out.map((e) => [e.kind, e.late ?? false]), [["a", false], ["b", false], [
    "c",
    true,
  ]]);
});
