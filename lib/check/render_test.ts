import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { displayWidth } from "../term/text_width.ts";
import { memoryOut } from "../term/output.ts";
import { CheckRenderer } from "./render.ts";
import type { CheckResult } from "./run.ts";

function _result(status: "pass" | "fail"): CheckResult {
  return {
    name: "echo",
    topic: "check-echo",
    section: "5.3",
    status,
    observed: { en: "ok", zh: "ok" },
    data: {},
  };
}

Deno.test("CheckRenderer.summary: one check is singular, several plural", () => {
  const last = (results: CheckResult[]) => {
    const out = memoryOut(80);
    new CheckRenderer(out, "en").summary(results);
    return out.lines.filter((l) => l.trim()).at(0);
  };
  assertEqual(last([_result("pass")]), "1 of 1 check passed.");
  assertEqual(last([_result("fail")]), "0 of 1 check passed.");
  assertEqual(last([_result("pass"), _result("pass")]), "2 of 2 checks passed.");
});

Deno.test("CheckRenderer: beyond the book is labelled and never counted; a start failure is said once", () => {
  const out = memoryOut(100);
  const r = new CheckRenderer(out, "en");
  const start: CheckResult = {
    ..._result("fail"),
    observed: { en: "your server did not listen on any port", zh: "" },
    data: { started: false },
  };
  const notRun: CheckResult = { ..._result("fail"), name: "zombies", data: { run: false } };
  const beyond: CheckResult = { ..._result("fail"), name: "graceful-stop", beyond: true };
  r.result(start);
  r.result(notRun);
  r.summary([start, notRun, { ..._result("pass"), name: "sigterm" }, beyond]);
  const text = out.lines.join("\n");
  assertEqual(text.includes("why:"), false, "no lesson for a server that never listened");
  assertEqual(text.includes("zombies             not run (see above)"), true, text);
  assertEqual(
    out.lines.filter((l) => l.trim()).at(-2),
    "1 of 3 checks passed. Beyond the book: 0 of 1 (never fails the chapter).",
  );
  const label = memoryOut(100);
  new CheckRenderer(label, "zh").result(beyond);
  assertEqual(label.lines[0].includes("（超出本书）ok"), true, label.lines[0]);
});

Deno.test("CheckRenderer: a failed check's heading wraps at words within the width", () => {
  for (const width of [60, 100]) {
    const out = memoryOut(width);
    new CheckRenderer(out, "en").result({
      ..._result("fail"),
      name: "graceful-stop",
      topic: "check-graceful-stop",
      beyond: true,
    });
    const text = out.lines.join("\n");
    for (const line of out.lines) assert(displayWidth(line) <= width, `too wide: ${line}`);
    // Never a word cut in two ("sta" / "rted").
    assert(/every child it started/.test(text.replace(/\n\s+/g, " ")), text);
  }
});
