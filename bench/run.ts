/**
 * `deno task bench`: echolab's server against a C fork server, socat and
 * ncat, side by side in one run, on loopback only. Prints a table of figures
 * and ratios, then the goals of issue 7 with pass/fail.
 *
 * Usage: deno task bench [--quick] [--only ID,ID] [--rounds N] [--clients N] [--json FILE]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { buildBench } from "./lib/build.ts";
import { killDrivers } from "./lib/driver.ts";
import { checkGoals } from "./lib/goals.ts";
import { measurePeers } from "./lib/measure.ts";
import { allPeers } from "./lib/peers.ts";
import { stopAllServers } from "./lib/server_process.ts";
import { cliStart, type StartFigures } from "./lib/start_time.ts";
import { renderReport } from "./lib/table.ts";

const HELP = `deno task bench — echolab serve against C, socat and ncat (loopback only)

Options:
  --quick        shorter runs (1 round, 1000 churn cycles, 64 held clients)
  --only IDS     comma-separated rows: c-fork,c-fork-exec,socat,ncat,echolab-deno,
                 echolab-book-clone,echolab-book-cat,echolab-book-echolab, cli (the
                 start-time figure)
  --rounds N     interleaved churn+bulk rounds, medians kept (default 5; --quick 1)
  --clients N    clients to hold for the memory figure (default 256, at most 1024)
  --json FILE    also write every figure as JSON to FILE
  --echolab DIR  measure echolab from another checkout (its main.ts and deno.json),
                 e.g. a branch exported with: git archive BRANCH | tar -x -C DIR
  -h, --help     this help
`;

/**
 * Run the bench with `argv`; resolves to the exit code (0 even when goals fail:
 * the table says so; 2 on bad arguments).
 *
 * @example
 * ```ts
 * await runBench(["--quick"]);
 * ```
 */
export async function runBench(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: "boolean", default: false },
        only: { type: "string" },
        clients: { type: "string" },
        rounds: { type: "string" },
        json: { type: "string" },
        echolab: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (err) {
    console.error(`bench: ${err instanceof Error ? err.message.split("\n")[0] : err}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const clients = values.clients === undefined ? (values.quick ? 64 : 256) : Number(values.clients);
  if (!Number.isInteger(clients) || clients < 1 || clients > 1024) {
    console.error(`bench: bad --clients '${values.clients}': expected 1 to 1024`);
    return 2;
  }
  // Five rounds by default: one 1-s bulk run on 2 cores varies by a third from
  // round to round (a slow round hits one peer, not all), and a median of
  // three let one slow round decide a ratio.
  const rounds = values.rounds === undefined ? (values.quick ? 1 : 5) : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 15) {
    console.error(`bench: bad --rounds '${values.rounds}': expected 1 to 15`);
    return 2;
  }
  const note = (t: string) => console.error(`bench: ${t}`);
  const bins = await buildBench();
  const only = values.only?.split(",").map((s) => s.trim());
  const dir = values.echolab?.replace(/\/+$/, "");
  if (dir !== undefined) {
    try {
      Deno.statSync(`${dir}/main.ts`);
      Deno.statSync(`${dir}/deno.json`);
    } catch {
      console.error(`bench: --echolab ${dir}: no main.ts and deno.json there`);
      return 2;
    }
  }
  const peers = (await allPeers(bins, dir)).filter((p) => !only || only.includes(p.id));
  if (only && peers.length === 0 && !only.includes("cli")) {
    console.error(`bench: no peer matches --only ${values.only}`);
    return 2;
  }

  const loadBefore = Deno.loadavg().map((l) => l.toFixed(1)).join(" ");
  const figures = await measurePeers(peers, {
    echoLoad: bins.echoLoad,
    churnCount: values.quick ? 1000 : 3000,
    churnSeconds: 1,
    churnConcurrency: 4,
    bulkSeconds: 1,
    rounds,
    holdClients: clients,
    shutdownChildren: 50,
    note,
  });
  let start: StartFigures | undefined;
  if (!only || only.includes("cli")) {
    note("CLI start time");
    start = await cliStart(bins.echoLoad, values.quick ? 3 : 6, 5, dir);
  }
  const goals = checkGoals(figures, start);
  const header = [
    `echolab bench — ${new Date().toISOString().slice(0, 10)}, Linux ${Deno.osRelease()}, ` +
    `${navigator.hardwareConcurrency} CPUs (load before: ${loadBefore}), deno ${Deno.version.deno}`,
    `loopback 127.0.0.1; median of ${rounds} interleaved round(s) per peer; churn: connect, ` +
    `echo a line, close, ≤${values.quick ? 1000 : 3000} cycles in ≤1 s, 4 clients at a time; ` +
    `bulk: 1 s on one connection`,
  ].join("\n");
  console.log(renderReport(figures, start, goals, header));
  if (values.json) {
    await Deno.writeTextFile(
      values.json,
      JSON.stringify({ figures, start, goals }, null, 2) + "\n",
    );
  }
  return 0;
}

if (import.meta.main) {
  const onSignal = (code: number) => async () => {
    await killDrivers();
    await stopAllServers();
    await killDrivers(); // and any started meanwhile (killed at birth): reaped before exit
    Deno.exit(code);
  };
  Deno.addSignalListener("SIGINT", onSignal(130));
  Deno.addSignalListener("SIGTERM", onSignal(143));
  const code = await runBench(Deno.args);
  await stopAllServers();
  Deno.exit(code);
}
