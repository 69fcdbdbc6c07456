/**
 * The processes of one lab host, found in /proc by their PID namespace (the
 * lab mounts its own /proc, so the pids are the lab's).
 *
 * @module
 */

import { listProc, readProc, readProcLink } from "./procfs.ts";

/** The `pid:[inode]` link of a process's PID namespace, or undefined if it is gone. */
export function pidNsOf(pid: number | "self"): string | undefined {
  try {
    return readProcLink(`/proc/${pid}/ns/pid`);
  } catch {
    return undefined;
  }
}

/** The `net:[inode]` link of a process's network namespace, or undefined if it is gone. */
export function netNsOf(pid: number | "self"): string | undefined {
  try {
    return readProcLink(`/proc/${pid}/ns/net`);
  } catch {
    return undefined;
  }
}

function _state(pid: number): string | undefined {
  try {
    const stat = readProc(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return undefined;
  }
}

/** The command name of a process (its /proc/PID/comm), or "?" when it is gone. */
export function commOf(pid: number): string {
  try {
    return readProc(`/proc/${pid}/comm`).trim();
  } catch {
    return "?";
  }
}

/**
 * Live (not zombie) processes whose PID namespace is `pidNs`, except `init`.
 *
 * @example
 * ```ts
 * livePidsIn(pidNsOf(init)!, init); // [12, 14]
 * ```
 */
export function livePidsIn(pidNs: string, init: number): number[] {
  const out: number[] = [];
  for (const name of listProc("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === init) continue;
    if (pidNsOf(pid) !== pidNs) continue;
    const state = _state(pid);
    if (state && state !== "Z" && state !== "X") out.push(pid);
  }
  return out.sort((a, b) => a - b);
}
