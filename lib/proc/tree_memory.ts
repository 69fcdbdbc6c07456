/**
 * What a process tree costs: how much memory it holds (RSS and PSS) and how
 * many descriptors a process has open. The tree itself comes from
 * process_tree.ts. Used by the soak tests and bench/.
 *
 * @module
 */

import { descendantsOf } from "./process_tree.ts";
import { sharesMemory } from "./shared_memory.ts";

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
  const pids = [root, ...descendantsOf(root).map((r) => r.pid)];
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
