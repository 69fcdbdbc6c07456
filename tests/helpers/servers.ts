/**
 * Test helpers for the sample C servers of examples/servers: build them
 * once (skipping when gcc is absent), find their processes.
 *
 * @module
 */

import { parseStat } from "../../lib/proc/parse_stat.ts";
import { commandSucceeds } from "./commands.ts";

const _DIR = new URL("../../examples/servers/", import.meta.url).pathname;

/** True when gcc is installed (tests that need the C servers are ignored otherwise). */
export const HAVE_GCC: boolean = commandSucceeds("gcc", ["--version"]);

/** Why such a test is skipped, for its name. */
export const NO_GCC_REASON: string = HAVE_GCC
  ? ""
  : " (skipped: gcc not found, the C servers cannot be built)";

let _built = false;

/**
 * Build the servers with examples/servers/build.sh (once per test run) and
 * return the path of `name`'s binary.
 *
 * @example
 * ```ts
 * const tcpserv04 = serverBinary("tcpserv04");
 * ```
 */
export function serverBinary(name: string): string {
  if (!_built) {
    const out = new Deno.Command("sh", {
      args: [`${_DIR}build.sh`],
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    if (!out.success) throw new Error(`build.sh failed: ${new TextDecoder().decode(out.stderr)}`);
    _built = true;
  }
  return `${_DIR}bin/${name}`;
}

/** Pids of running (non-zombie) processes whose executable is `path`. */
export function processesOf(path: string): number[] {
  const out: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      if (Deno.readLinkSync(`/proc/${entry.name}/exe`) !== path) continue;
      const stat = parseStat(Deno.readTextFileSync(`/proc/${entry.name}/stat`));
      if (stat.state !== "Z") out.push(stat.pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/** A process as "nothing left behind" tests remember it: pid and start time. */
export interface Started {
  /** Process id. */
  pid: number;
  /** Start time (clock ticks since boot, /proc/PID/stat field 22). */
  start: number;
  /** Command name. */
  comm: string;
}

function _table(): Map<number, Started & { ppid: number; state: string }> {
  const rows = new Map<number, Started & { ppid: number; state: string }>();
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const s = parseStat(Deno.readTextFileSync(`/proc/${entry.name}/stat`));
      rows.set(s.pid, {
        pid: s.pid,
        start: s.startTicks,
        comm: s.comm,
        ppid: s.ppid,
        state: s.state,
      });
    } catch {
      // gone
    }
  }
  return rows;
}

/**
 * Every live (non-zombie) process descending from `root`, with its start time.
 *
 * @example
 * ```ts
 * const tree = startedFrom(echolab.pid);
 * ```
 */
export function startedFrom(root: number): Started[] {
  const table = _table();
  const out: Started[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    for (const row of table.values()) {
      if (row.ppid !== parent) continue;
      stack.push(row.pid);
      if (row.state !== "Z") out.push({ pid: row.pid, start: row.start, comm: row.comm });
    }
  }
  return out;
}

/**
 * The processes of `seen` still running: same pid *and* same start time
 * (a reused pid is another process), not a zombie.
 *
 * @example
 * ```ts
 * assertEqual(stillThere(tree), []);
 * ```
 */
export function stillThere(seen: readonly Started[]): Started[] {
  const table = _table();
  return seen.filter((p) => {
    const now = table.get(p.pid);
    return now !== undefined && now.start === p.start && now.state !== "Z";
  });
}
