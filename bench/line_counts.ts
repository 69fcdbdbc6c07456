/**
 * Measurement (not a test): how many rows each `echolab chaos NAME` takes on
 * a real 100×40 terminal (a python3 pty), verdict included — the budgets are
 * 40 for a loopback scenario, 50 for a lab scenario — plus the same with
 * `--no-capture`, and the wall time of each run. Prints a Markdown table.
 *
 * Usage: deno run -A bench/line_counts.ts [RUNS] [NAME…]   (default 3 runs, every scenario)
 *
 * @module
 */

import { SCENARIOS } from "../lib/scenarios/registry.ts";
import { isLabScenario } from "../lib/scenarios/lab_scenario.ts";
import { runOnPty } from "../tests/helpers/pty.ts";

const runs = /^[0-9]+$/.test(Deno.args[0] ?? "") ? Number(Deno.args[0]) : 3;
const names = Deno.args.filter((a) => !/^[0-9]+$/.test(a));
const chosen = SCENARIOS.filter((s) => names.length === 0 || names.includes(s.name));

console.log(
  "| scenario | kind | budget | rows (default, max of runs) | rows (--no-capture) | wall s (one run) |",
);
console.log("| --- | --- | ---: | ---: | ---: | ---: |");
for (const s of chosen) {
  const loopback = !isLabScenario(s);
  const budget = loopback ? 40 : 50;
  const rows: number[] = [];
  const secs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = await runOnPty(["chaos", s.name], 40, 100);
    secs.push((performance.now() - start) / 1000);
    if (r.code !== 0) throw new Error(`chaos ${s.name} exited ${r.code}:\n${r.text}`);
    rows.push(r.rows);
  }
  const plain = await runOnPty(["chaos", s.name, "--no-capture"], 40, 100);
  const max = Math.max(...rows);
  console.log(
    `| ${s.name} | ${loopback ? "loopback" : "lab"} | ${budget} | ${max}${
      max > budget ? " (over)" : ""
    } | ${plain.rows} | ${Math.max(...secs).toFixed(1)} |`,
  );
}
