/**
 * The processes of one lab host, found in /proc by their PID namespace (the
 * lab mounts its own /proc, so the pids are the lab's).
 *
 * @module
 */

import { parseStat } from "../proc/parse_stat.ts";
import { listProcDir, readProc, readProcLink } from "../proc/proc_file.ts";

/**
 * The `pid:[inode]` link of a process's PID namespace, or undefined if it is gone.
 *
 * @example
 * ```ts
 * pidNsOf("self"); // "pid:[4026531836]"
 * ```
 */
export function pidNsOf(pid: number | "self"): string | undefined {
  return readProcLink(`/proc/${pid}/ns/pid`);
}

/**
 * The `net:[inode]` link of a process's network namespace, or undefined if it is gone.
 *
 * @example
 * ```ts
 * netNsOf("self"); // "net:[4026531840]"
 * ```
 */
export function netNsOf(pid: number | "self"): string | undefined {
  return readProcLink(`/proc/${pid}/ns/net`);
}

/**
 * The `user:[inode]` link of a process's user namespace, or undefined if it is gone.
 *
 * @example
 * ```ts
 * userNsOf("self"); // "user:[4026531837]"
 * ```
 */
export function userNsOf(pid: number | "self"): string | undefined {
  return readProcLink(`/proc/${pid}/ns/user`);
}

/**
 * The first child of `pid`: from /proc/PID/task/PID/children when the kernel
 * has it (CONFIG_PROC_CHILDREN), else by scanning every process's parent.
 *
 * @example
 * ```ts
 * childOf(unsharePid); // the pid of the process unshare forked
 * ```
 */
export function childOf(pid: number): number | undefined {
  try {
    const first = Number(readProc(`/proc/${pid}/task/${pid}/children`).trim().split(/\s+/)[0]);
    return first > 0 ? first : undefined;
  } catch { /* no children file: scan */ }
  for (const name of listProcDir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (parseStat(readProc(`/proc/${name}/stat`)).ppid === pid) return Number(name);
    } catch { /* gone */ }
  }
  return undefined;
}

function _state(pid: number): string | undefined {
  try {
    return parseStat(readProc(`/proc/${pid}/stat`)).state;
  } catch {
    return undefined;
  }
}

/** A process as its own host sees it: its pid there and what it runs. */
export interface HostProc {
  /** The pid inside the host's PID namespace (the last NSpid), as `ps` there shows it. */
  pid: number;
  /** `echolab serve`, `echolab __str-echo`, or the command name. */
  name: string;
}

/**
 * Describe a process of a lab host (given by its pid in the lab's namespace).
 *
 * @example
 * ```ts
 * describeProc(13); // { pid: 2, name: "echolab serve" }
 * ```
 */
export function describeProc(pid: number): HostProc {
  let inner = pid;
  let name = "?";
  try {
    const ns = /^NSpid:\s+(.+)$/m.exec(readProc(`/proc/${pid}/status`));
    if (ns) inner = Number(ns[1].trim().split(/\s+/).at(-1));
    name = readProc(`/proc/${pid}/comm`).trim();
    const argv = readProc(`/proc/${pid}/cmdline`).split("\0");
    const main = argv.findIndex((a) => a.endsWith("main.ts"));
    const sub = main >= 0 ? argv[main + 1] : argv[0].endsWith("echolab") ? argv[1] : undefined;
    // A clone worker child shares the server's arguments but names itself (str_echo).
    const comm = name;
    if (sub) name = /^(deno|echolab)/.test(comm) ? `echolab ${sub}` : `${comm} (clone)`;
  } catch { /* gone while we looked */ }
  return { pid: inner, name };
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
  for (const name of listProcDir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === init) continue;
    if (pidNsOf(pid) !== pidNs) continue;
    const state = _state(pid);
    if (state && state !== "Z" && state !== "X") out.push(pid);
  }
  return out.sort((a, b) => a - b);
}
