/**
 * Benchmark (not a test): wall time of every `echolab chaos` scenario, from
 * `chaos all --json` runs of the CLI exactly as users start it. The whole
 * set must stay well inside the 30 s budget the lab scenarios share.
 *
 * Usage: deno run -A bench/chaos_times.ts [RUNS]   (default 3)
 *
 * @module
 */

import { selfCommand } from "../lib/sys/self_command.ts";

interface _Row {
  name: string;
  status: string;
  ms: number[];
}

/** Run `chaos all --json` once; resolves to the per-scenario times and the process's wall time. */
async function _once(): Promise<
  { rows: Map<string, { status: string; ms: number }>; wall: number }
> {
  const { cmd, args } = selfCommand(["chaos", "all", "--json"]);
  const start = performance.now();
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).output();
  const wall = performance.now() - start;
  if (!out.success) throw new Error(`chaos all exited with ${out.code}`);
  const rows = new Map<string, { status: string; ms: number }>();
  for (const line of new TextDecoder().decode(out.stdout).trim().split("\n")) {
    const e = JSON.parse(line);
    if (e.kind === "summary") {
      for (const s of e.scenarios) rows.set(s.name, { status: s.status, ms: s.ms });
    }
  }
  return { rows, wall };
}

function _median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const runs = Number(Deno.args[0] ?? 3);
const table = new Map<string, _Row>();
const walls: number[] = [];
for (let i = 0; i < runs; i++) {
  const { rows, wall } = await _once();
  walls.push(wall);
  for (const [name, r] of rows) {
    const row = table.get(name) ?? { name, status: r.status, ms: [] };
    row.ms.push(r.ms);
    table.set(name, row);
  }
}
const width = Math.max(8, ...[...table.keys()].map((k) => k.length));
const fmt = (ms: number) => `${Math.round(ms)} ms`.padStart(8);
console.log(`chaos scenario wall times over ${runs} run(s) of 'echolab chaos all --json'`);
console.log(
  `${"scenario".padEnd(width)}  ${"verdict".padEnd(8)}  ${"min".padStart(8)}  ${
    "median".padStart(8)
  }  ${"max".padStart(8)}`,
);
for (const row of table.values()) {
  console.log(
    `${row.name.padEnd(width)}  ${row.status.padEnd(8)}  ${fmt(Math.min(...row.ms))}  ${
      fmt(_median(row.ms))
    }  ${fmt(Math.max(...row.ms))}`,
  );
}
const sums = [...Array(runs).keys()].map((i) =>
  [...table.values()].reduce((sum, r) => sum + (r.ms[i] ?? 0), 0)
);
console.log(
  `${"sum".padEnd(width)}  ${"".padEnd(8)}  ${fmt(Math.min(...sums))}  ${fmt(_median(sums))}  ${
    fmt(Math.max(...sums))
  }`,
);
console.log(
  `${"process".padEnd(width)}  ${"".padEnd(8)}  ${fmt(Math.min(...walls))}  ${
    fmt(_median(walls))
  }  ${fmt(Math.max(...walls))}   (deno start-up included)`,
);
