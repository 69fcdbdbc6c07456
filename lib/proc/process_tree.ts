/**
 * Process trees from /proc: process states (Z is a zombie), parents and
 * process groups, children and descendants, wait channels, the socket inodes
 * a process holds. Linux only. Used by `check`, the workshop, the tests and
 * bench/. The TCP table is socket_table.ts; signal masks signal_state.ts;
 * memory tree_memory.ts.
 *
 * @module
 */

import { parseStat, type ProcStat } from "./parse_stat.ts";
import { listProcDir, readProcFile as readProcText, readProcLink } from "./proc_file.ts";

/**
 * Parse /proc/PID/stat, or undefined when the process is gone.
 *
 * @example
 * ```ts
 * procStat(Deno.pid)?.state; // "R"
 * ```
 */
export function procStat(pid: number): ProcStat | undefined {
  const text = readProcText(`/proc/${pid}/stat`);
  return text ? parseStat(text) : undefined;
}

/**
 * Every process visible in /proc.
 *
 * @example
 * ```ts
 * allProcesses().filter((p) => p.state === "Z");
 * ```
 */
export function allProcesses(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of listProcDir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStat(Number(name));
    if (stat) out.push(stat);
  }
  return out;
}

/**
 * The processes whose parent is `ppid`.
 *
 * @example
 * ```ts
 * childrenOf(serverPid).filter((c) => c.state === "Z").length; // zombies
 * ```
 */
export function childrenOf(ppid: number, all: ProcStat[] = allProcesses()): ProcStat[] {
  return all.filter((p) => p.ppid === ppid);
}

/**
 * Every descendant of `root` (children, their children …), not `root` itself.
 *
 * @example
 * ```ts
 * descendantsOf(Deno.pid).length;
 * ```
 */
export function descendantsOf(root: number, all: ProcStat[] = allProcesses()): ProcStat[] {
  const out: ProcStat[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.pop()!;
    for (const p of all) {
      if (p.ppid === parent && !out.some((o) => o.pid === p.pid)) {
        out.push(p);
        frontier.push(p.pid);
      }
    }
  }
  return out;
}

/**
 * The kernel function `pid` sleeps in (/proc/PID/wchan), e.g. inet_csk_accept.
 *
 * @example
 * ```ts
 * wchanOf(serverPid); // "inet_csk_accept" while blocked in accept
 * ```
 */
export function wchanOf(pid: number): string | undefined {
  const w = readProcText(`/proc/${pid}/wchan`)?.trim();
  return w && w !== "0" ? w : undefined;
}

/**
 * The socket inodes `pid` holds open (from the `socket:[N]` links in /proc/PID/fd).
 *
 * @example
 * ```ts
 * socketInodes(Deno.pid).has(listening.inode);
 * ```
 */
export function socketInodes(pid: number): Set<number> {
  const out = new Set<number>();
  for (const fd of listProcDir(`/proc/${pid}/fd`)) {
    const m = /^socket:\[(\d+)\]$/.exec(readProcLink(`/proc/${pid}/fd/${fd}`) ?? "");
    if (m) out.add(Number(m[1]));
  }
  return out;
}

/**
 * The children of `pid` that are zombies (state Z: exited, not yet waited for).
 *
 * @example
 * ```ts
 * zombieChildren(serverPid); // [] when the server reaps
 * ```
 */
export function zombieChildren(pid: number, all: ProcStat[] = allProcesses()): ProcStat[] {
  return childrenOf(pid, all).filter((p) => p.state === "Z");
}
