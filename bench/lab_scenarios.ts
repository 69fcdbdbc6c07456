/**
 * Bench: wall time of `echolab chaos all` and of each scenario in it (the
 * lab scenarios are meant to fit in about 20 s together on a 2-core machine;
 * the bound for the whole set is 30 s).
 *
 * Usage: deno run -A bench/lab_scenarios.ts [--runs N]
 *
 * @module
 */

import { isLabScenario } from "../lib/scenarios/lab_scenario.ts";
import { SCENARIOS } from "../lib/scenarios/registry.ts";
import { selfCommand } from "../lib/sys/self_command.ts";

interface _Row {
  name: string;
  status: string;
  ms: number;
}

async function _chaosAll(): Promise<{ wallMs: number; rows: _Row[] }> {
  const self = selfCommand(["chaos", "all", "--json"]);
  const start = performance.now();
  const out = await new Deno.Command(self.cmd, {
    args: self.args,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const wallMs = performance.now() - start;
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  const summary = JSON.parse(lines.at(-1) ?? "{}");
  return { wallMs, rows: (summary.scenarios ?? []) as _Row[] };
}

/**
 * Run the bench `runs` times and print a table per run.
 *
 * @example
 * ```ts
 * await main(3); // deno run -A bench/lab_scenarios.ts --runs 3
 * ```
 */
/** The lab scenarios, from the registry (a new one is counted without an edit here). */
const _LAB_NAMES = new Set(SCENARIOS.filter(isLabScenario).map((s) => s.name));

export async function main(runs: number): Promise<void> {
  for (let i = 1; i <= runs; i++) {
    const { wallMs, rows } = await _chaosAll();
    console.log(`run ${i}: echolab chaos all — ${(wallMs / 1000).toFixed(1)} s wall`);
    const width = Math.max(8, ...rows.map((r) => r.name.length));
    let lab = 0;
    for (const r of rows) {
      console.log(
        `  ${r.name.padEnd(width)}  ${r.status.padEnd(8)}  ${(r.ms / 1000).toFixed(2)} s`,
      );
      if (_LAB_NAMES.has(r.name)) lab += r.ms;
    }
    console.log(`  ${"lab set".padEnd(width)}  ${"".padEnd(8)}  ${(lab / 1000).toFixed(2)} s`);
  }
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--runs");
  await main(i >= 0 ? Math.max(1, Number(Deno.args[i + 1]) || 1) : 1);
}
