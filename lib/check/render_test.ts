import { assertEqual } from "../../tests/helpers/assert.ts";
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
