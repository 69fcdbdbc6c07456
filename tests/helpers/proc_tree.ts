/**
 * /proc readers for a whole process tree: who descends from a server, how
 * much memory the tree holds (RSS and PSS), how many descriptors a process
 * has open, which children are zombies. Used by the soak tests and bench/.
 *
 * @module
 */

import { sharesMemory } from "../../lib/proc/shared_memory.ts";
import { parseStat } from "../../lib/proc/parse_stat.ts";

/** One row of the process table. */
export interface ProcRow {
  /** Process id. */
  pid: number;
  /** Parent process id. */
  ppid: number;
  /** State letter from /proc/PID/stat (R, S, D, Z, …). */
  state: string;
  /** Command name (comm). */
  comm: string;
}

/**
 * Read every process's pid, ppid, state and comm from /proc.
 *
 * @example
 * ```ts
 * const me = processTable().get(Deno.pid);
 * ```
 */
export function processTable(): Map<number, ProcRow> {
  const rows = new Map<number, ProcRow>();
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    let stat: string;
    try {
      stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
    } catch {
      continue; // exited while we looked
    }
    const { pid, ppid, state, comm } = parseStat(stat);
    rows.set(pid, { pid, ppid, state, comm });
  }
  return rows;
}

/**
 * Every process descending from `root` (children, grandchildren, …), not `root` itself.
 *
 * @example
 * ```ts
 * descendants(serverPid).length; // live children (and their children)
 * ```
 */
export function descendants(root: number, table: Map<number, ProcRow> = processTable()): ProcRow[] {
  const kids = new Map<number, ProcRow[]>();
  for (const row of table.values()) {
    const list = kids.get(row.ppid);
    if (list) list.push(row);
    else kids.set(row.ppid, [row]);
  }
  const out: ProcRow[] = [];
  const stack = [root];
  while (stack.length) {
    for (const child of kids.get(stack.pop()!) ?? []) {
      out.push(child);
      stack.push(child.pid);
    }
  }
  return out;
}

/** Memory held by a process tree. */
export interface TreeMemory {
  /** Processes counted (root included, zombies have no memory). */
  processes: number;
  /** Sum of VmRSS, KiB (shared pages counted once per process). */
  rssKiB: number;
  /** Sum of Pss, KiB (shared pages divided among their sharers). */
  pssKiB: number;
}

function _field(text: string, name: string): number {
  const m = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

/**
 * Sum RSS and PSS over `root` and its descendants, from /proc/PID/status and
 * /proc/PID/smaps_rollup.
 *
 * @example
 * ```ts
 * const { rssKiB, processes } = treeMemory(serverPid);
 * ```
 */
export function treeMemory(root: number): TreeMemory {
  const pids = [root, ...descendants(root).map((r) => r.pid)];
  let processes = 0, rssKiB = 0, pssKiB = 0;
  // One address space shared by several processes (clone with CLONE_VM) is counted once:
  // /proc shows its whole RSS for each of them.
  const spaces: number[] = [];
  for (const pid of pids) {
    try {
      const status = Deno.readTextFileSync(`/proc/${pid}/status`);
      processes++;
      if (spaces.some((s) => sharesMemory(s, pid) === true)) continue;
      spaces.push(pid);
      rssKiB += _field(status, "VmRSS");
      pssKiB += _field(Deno.readTextFileSync(`/proc/${pid}/smaps_rollup`), "Pss");
    } catch {
      // exited while we looked
    }
  }
  return { processes, rssKiB, pssKiB };
}

/**
 * Number of open descriptors of `pid` (entries of /proc/PID/fd).
 *
 * @example
 * ```ts
 * const before = fdCount(serverPid);
 * ```
 */
export function fdCount(pid: number): number {
  let n = 0;
  for (const _ of Deno.readDirSync(`/proc/${pid}/fd`)) n++;
  return n;
}

/**
 * The children of `pid` that are zombies (state Z: exited, not yet waited for).
 *
 * @example
 * ```ts
 * zombieChildren(serverPid); // [] when the server reaps
 * ```
 */
export function zombieChildren(pid: number): ProcRow[] {
  return [...processTable().values()].filter((r) => r.ppid === pid && r.state === "Z");
}

/**
 * Resident memory of one process (VmRSS), KiB; 0 when it is gone.
 *
 * @example
 * ```ts
 * rssKiB(Deno.pid) > 0; // true
 * ```
 */
export function rssKiB(pid: number): number {
  try {
    return _field(Deno.readTextFileSync(`/proc/${pid}/status`), "VmRSS");
  } catch {
    return 0;
  }
}

/**
 * MemAvailable from /proc/meminfo, KiB (for memory guards before big runs).
 *
 * @example
 * ```ts
 * if (memAvailableKiB() < 1 << 20) console.log("less than 1 GiB free");
 * ```
 */
export function memAvailableKiB(): number {
  return _field(Deno.readTextFileSync("/proc/meminfo"), "MemAvailable");
}
