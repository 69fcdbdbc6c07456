import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { lookup } from "../explain/catalogue.ts";
import { SUMMARY_KINDS } from "../report/summary.ts";
import { SCENARIOS } from "./registry.ts";
import { RUNNER_KINDS } from "./scenario.ts";

// Kinds whose explanation is carried by another field of the event: an
// `error` by its errno (EPIPE, ECONNRESET …), the others by their `topic`.
const _EXPLAINED_BY_FIELD = new Set(["error", "kill", "lab-sysctl", "verdict"]);

// Kinds printed as a block of their own, not as a one-line summary.
const _RENDERED_OTHERWISE = new Set(["verdict", "states"]);

function _missing(kinds: readonly string[]): string[] {
  const out: string[] = [];
  for (const kind of kinds) {
    if (!_EXPLAINED_BY_FIELD.has(kind) && !lookup(kind)) out.push(`${kind}: no catalogue entry`);
    if (!_RENDERED_OTHERWISE.has(kind) && !SUMMARY_KINDS.includes(kind)) {
      out.push(`${kind}: no summary line`);
    }
  }
  return out;
}

Deno.test("scenarios: every declared event kind has a catalogue entry and a summary line", () => {
  for (const s of SCENARIOS) {
    assert(s.emits.length > 0, `${s.name} declares the kinds it emits`);
    assertEqual(_missing(s.emits), [], s.name);
  }
  assertEqual(_missing(RUNNER_KINDS), [], "runner kinds");
});

Deno.test("scenarios: the check above notices an unexplained kind", () => {
  assertEqual(_missing(["no-such-kind-xyz"]), [
    "no-such-kind-xyz: no catalogue entry",
    "no-such-kind-xyz: no summary line",
  ]);
});

Deno.test("scenarios: names are unique and each has a section and both titles", () => {
  assertEqual(new Set(SCENARIOS.map((s) => s.name)).size, SCENARIOS.length);
  for (const s of SCENARIOS) {
    assert(/^\d+\.\d+/.test(s.section), `${s.name}: section ${s.section}`);
    assert(s.title.en && s.title.zh, `${s.name}: both titles`);
  }
});
