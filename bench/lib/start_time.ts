/**
 * CLI start time: `echolab --version` against `deno run` of an empty script
 * with the same flags, interleaved run by run so that both see the same
 * machine load; medians reported.
 *
 * @module
 */

import { echolabCommand, echolabConfig } from "./echolab_command.ts";
import { spawnTimes } from "./driver.ts";

/** Start times, ms. */
export interface StartFigures {
  /** Median wall time of `echolab --version`. */
  echolabMs: number;
  /** Median wall time of `deno run` on an empty script. */
  emptyMs: number;
  /** echolabMs / emptyMs. */
  ratio: number;
  /** Runs of each. */
  runs: number;
  /** The two command lines. */
  commands: { echolab: string; empty: string };
}

function _median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Measure `rounds` × `perRound` starts of each, alternating.
 *
 * @example
 * ```ts
 * const s = await cliStart(bins.echoLoad, 6, 5);
 * s.ratio; // ≤ 1.3 is the goal
 * ```
 */
export async function cliStart(
  echoLoad: string,
  rounds = 6,
  perRound = 5,
  dir?: string,
): Promise<StartFigures> {
  const self = echolabCommand(["--version"], dir);
  const echolab = [self.cmd, ...self.args];
  const emptyScript = new URL("../fixtures/empty.ts", import.meta.url).pathname;
  const empty = [
    Deno.execPath(),
    "run",
    "-q",
    "-P=echolab",
    "--config",
    echolabConfig(dir),
    emptyScript,
  ];
  // One unmeasured run of each: module caches warm.
  await spawnTimes(echoLoad, 1, 30, echolab);
  await spawnTimes(echoLoad, 1, 30, empty);
  const a: number[] = [], b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(...await spawnTimes(echoLoad, perRound, 30, echolab));
    b.push(...await spawnTimes(echoLoad, perRound, 30, empty));
  }
  const echolabMs = _median(a), emptyMs = _median(b);
  return {
    echolabMs,
    emptyMs,
    ratio: echolabMs / emptyMs,
    runs: a.length,
    commands: { echolab: echolab.join(" "), empty: empty.join(" ") },
  };
}
