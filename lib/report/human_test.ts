import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import type { EchoEvent } from "../events.ts";
import { HumanRenderer, sentences } from "./human.ts";
import { envColumns, memoryOut } from "../term/output.ts";
import { displayWidth } from "../term/text_width.ts";

Deno.test("envColumns: a positive integer from $COLUMNS, else undefined", () => {
  const env = (value: string | undefined) => () => value;
  assertEqual(envColumns(env("80")), 80);
  assertEqual(envColumns(env(" 132 ")), 132);
  for (const bad of [undefined, "", "0", "-5", "abc", "80x", "1.5"]) {
    assertEqual(envColumns(env(bad)), undefined, String(bad));
  }
});

Deno.test("HumanRenderer at 80 columns: headings wrap within the width, under their own text", () => {
  const connected: EchoEvent = {
    t: 35.3,
    actor: "client",
    kind: "connected",
    local: "127.0.0.1:55832",
    peer: "127.0.0.1:44595",
  };
  for (const lang of ["en", "zh"] as const) {
    const out = memoryOut(80);
    new HumanRenderer(out, { lang }).render(connected);
    for (const line of out.lines) assert(displayWidth(line) <= 80, `too wide: ${line}`);
    const at = out.lines.findIndex((l) => l.trimStart().startsWith("↳"));
    assert(at > 0, out.lines.join("\n"));
    assertEqual(out.lines[at].indexOf("↳"), 20);
    if (lang === "en") {
      // "↳ §5.17 connected: the socket pair identifies this connection" does not fit in 60 columns.
      assert(out.lines[at + 1].startsWith(" ".repeat(22) + "connection"), out.lines.join("\n"));
    }
  }
});

Deno.test("HumanRenderer: a repeated error's heading is wrapped too", () => {
  const eof: EchoEvent = { t: 1, actor: "client", kind: "eof" };
  const out = memoryOut(40);
  const r = new HumanRenderer(out, { lang: "en" });
  r.render(eof);
  const first = out.lines.length;
  r.render(eof);
  const again = out.lines.slice(first);
  assert(again.length >= 2, again.join("\n"));
  for (const line of out.lines) assert(displayWidth(line) <= 40, `too wide: ${line}`);
});

Deno.test("HumanRenderer: a --states step is tagged with the running scenario's section", () => {
  const out = memoryOut(100);
  const r = new HumanRenderer(out, { lang: "en" });
  const point: EchoEvent = {
    t: 2,
    actor: "scenario",
    kind: "states-point",
    ports: [9],
    pids: [1],
    topic: "states-point",
  };
  r.render({ t: 1, actor: "scenario", kind: "scenario-start", scenario: "x", section: "5.11" });
  r.render(point);
  const heading = out.lines.find((l) => l.includes("netstat and ps"));
  assert(heading?.includes("↳ §5.11 "), out.lines.join("\n"));
  // Outside a scenario (a check's --states): the entry's own section.
  const bare = memoryOut(100);
  new HumanRenderer(bare, { lang: "zh" }).render(point);
  assert(bare.lines.some((l) => l.includes("↳ §5.12 ")), bare.lines.join("\n"));
});

Deno.test("sentences: numbered items, decimals, sections and e.g. do not end a sentence", () => {
  const text = "A connect succeeded (0.00 s). 1. Then §5.12 took 0.21 s, e.g. once. 2. Done.";
  assertEqual(sentences(text), [
    "A connect succeeded (0.00 s). ",
    "1. Then §5.12 took 0.21 s, e.g. once. ",
    "2. Done.",
  ]);
  assertEqual(sentences(text).join(""), text);
  assertEqual(sentences("一。二！三"), ["一。", "二！", "三"]);
  // A number ending a sentence is not an item.
  assertEqual(sentences("quoting seq 7. Then 2. Done"), ["quoting seq 7. ", "Then 2. ", "Done"]);
});

Deno.test("HumanRenderer verdict: an error says ERROR; a brief part keeps more than a stub", () => {
  const note = "The same ICMP, two meanings — and Linux parts from the book on the first. " +
    "In SYN_SENT, tcp_v4_err treats an ICMP unreachable as a hard error: it sets sk_err and " +
    "ends the attempt (tcp_done), so connect fails at once instead of retrying its SYN for 75 s " +
    "as §4.3 describes for 4.4BSD (RFC 1122 §4.2.3.9 calls codes 0, 1 and 5 soft errors that " +
    "must not abort a connection; Linux makes an exception for one that does not exist yet). " +
    "On an established connection the same ICMP is a soft error. ".repeat(6);
  const observed = "A first connect succeeded (0.00 s). 1. Then the route was deleted: a new " +
    "connect failed with ENETUNREACH after 0.21 s. " + "2. More words follow here. ".repeat(20);
  for (const lang of ["en", "zh"] as const) {
    const out = memoryOut(100);
    new HumanRenderer(out, { lang }).verdict(
      { scenario: "x", status: "error", book: "b", observed, note },
      { brief: true },
    );
    const text = out.lines.join("\n").replace(/\s+/g, " ");
    assert(out.lines[1].includes(lang === "en" ? "ERROR" : "出错"), text);
    assert(!text.includes("SKIPPED") && !text.includes("已跳过"), text);
    assert(text.includes("1. Then the route was deleted"), text);
    assert(text.includes("In SYN_SENT, tcp_v4_err treats"), text);
    assert(!/\w\[…/.test(text), text);
    for (const line of out.lines) assert(displayWidth(line) <= 100, `too wide: ${line}`);
  }
});
