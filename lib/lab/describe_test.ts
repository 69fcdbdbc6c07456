import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { describeRetransmissions, describeWrite, doubling, gaps, outcomeName } from "./describe.ts";
import type { Retransmission } from "./tcp_observer.ts";

const r = (atMs: number[], first: "tlp" | "rto" = "tlp"): Retransmission[] =>
  atMs.map((t, i) => ({ n: i + 1, kind: i === 0 ? first : "rto", atMs: t }));

Deno.test("describe: gaps and doubling", () => {
  assertEqual(gaps(r([218, 431, 846, 1678])), [213, 415, 832]);
  assert(doubling(r([218, 431, 846, 1678])));
  assert(!doubling(r([200, 400, 600, 800])), "linear gaps are not doubling");
  assert(!doubling(r([200, 400])), "one gap proves nothing");
});

Deno.test("describe: the kernel's RTO values decide when they are known", () => {
  const withRto = (rto: number[]): Retransmission[] =>
    rto.map((rtoMs, i) => ({ n: i + 2, kind: "rto", atMs: 400 + 10 * i, rtoMs }));
  assert(doubling(withRto([400, 810, 1630])), "doubling RTO despite late polling");
  assert(!doubling(withRto([400, 810, 810])), "an undone backoff is not doubling");
});

Deno.test("describe: tail loss probe named apart from the RTO retransmissions", () => {
  const text = describeRetransmissions(r([218, 431, 846]));
  assertEqual(
    text.en,
    "a tail loss probe at 0.22 s, then RTO retransmissions at 0.43, 0.85 s (gaps 0.21, 0.41 s)",
  );
  assert(text.zh.includes("尾部丢失探测"));
});

Deno.test("describe: a write's result and a read's outcome in words", () => {
  assertEqual(describeWrite(undefined), { en: "succeeded", zh: "成功" });
  assertEqual(describeWrite("EPIPE"), { en: "failed with EPIPE", zh: "以 EPIPE 失败" });
  assertEqual(outcomeName({ kind: "error", errno: "ETIMEDOUT" }), "ETIMEDOUT");
  assertEqual(outcomeName({ kind: "eof" }), "eof");
  assertEqual(outcomeName({ kind: "timeout", seconds: 1 }), "timeout");
});
