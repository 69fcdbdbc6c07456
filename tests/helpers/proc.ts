/**
 * Test helpers that read /proc: children of a pid, their states, zombies.
 *
 * @module
 */

import { notePid, sameProcessExists } from "./pid_identity.ts";
import { childrenOf as _children } from "../../lib/proc/process_tree.ts";
import { libc } from "../../lib/sys/libc.ts";

// lib/proc reads /proc through libc: open it when a test file loads these
// helpers, before any test runs — the sanitizer counts a library opened inside
// a test as a leak.
if (Deno.build.os === "linux") libc();

/** The [pid, state] of every process whose parent is `ppid` (each pid noted with its start time). */
export function childrenOf(ppid: number): { pid: number; state: string }[] {
  const rows = _children(ppid).map(({ pid, state }) => ({ pid, state }));
  for (const row of rows) notePid(row.pid);
  return rows;
}

/**
 * True while the process seen as `pid` exists (a zombie counts as existing).
 * A pid seen alive earlier (events of spawnCli, childrenOf) is compared by
 * start time too: a later program that reused the number is not it.
 */
export function pidExists(pid: number): boolean {
  return sameProcessExists(pid);
}

/** Poll `cond` every 20 ms until true or `ms` passes; returns its last value. */
export async function eventually(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}
