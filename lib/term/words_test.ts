import { assertEqual } from "../../tests/helpers/assert.ts";
import type { EchoEvent } from "../events.ts";
import { summarize } from "../report/summary.ts";
import { countOf, pluralOf } from "./words.ts";

Deno.test("countOf and pluralOf: singular for exactly 1, irregular plurals known", () => {
  assertEqual(countOf(1, "child"), "1 child");
  assertEqual(countOf(0, "child"), "0 children");
  assertEqual(countOf(2, "child"), "2 children");
  assertEqual(countOf(1, "byte"), "1 byte");
  assertEqual(countOf(11, "byte"), "11 bytes");
  assertEqual(countOf(1, "process"), "1 process");
  assertEqual(countOf(3, "process"), "3 processes");
  assertEqual(countOf(2, "datum", "data"), "2 data");
  assertEqual(pluralOf(1, "port"), "port");
  assertEqual(pluralOf(2, "port"), "ports");
});

Deno.test("summaries: one of a thing is singular", () => {
  const ev = (kind: string, fields: Record<string, unknown>): EchoEvent => ({
    t: 1,
    actor: "server",
    kind,
    ...fields,
  });
  assertEqual(
    summarize(ev("shutdown", { signal: "SIGTERM", children: 1, exit: 143 })),
    "SIGTERM: ended 1 child, all reaped — exit 143",
  );
  assertEqual(
    summarize(ev("states-point", { ports: [46533], label: "after the child was killed" })),
    "after the child was killed: port 46533",
  );
  assertEqual(summarize(ev("write", { bytes: 1 })), "write of 1 byte succeeded");
  assertEqual(summarize(ev("echo", { bytes: 1 })), "echoed 1 byte");
  assertEqual(
    summarize(ev("refused", { peer: "127.0.0.1:1", live: 1, max: 1 })),
    "refused 127.0.0.1:1: 1 child live, --max-clients 1",
  );
  assertEqual(
    summarize(ev("tcp-gave-up", { at_ms: 1000, retransmissions: 1, probes: 0 })),
    "TCP gave up at +1.00 s (1 retransmission, 0 probes)",
  );
});
