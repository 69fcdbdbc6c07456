/**
 * Test helpers that read /proc: children of a pid, their states, zombies.
 *
 * @module
 */

/** The [pid, state] of every process whose parent is `ppid`. */
export function childrenOf(ppid: number): { pid: number; state: string }[] {
  const out: { pid: number; state: string }[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    let stat: string;
    try {
      stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid …; comm may hold spaces and parentheses
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(rest[1]) === ppid) out.push({ pid: Number(entry.name), state: rest[0] });
  }
  return out;
}

/** True while /proc/PID exists (a zombie counts as existing). */
export function pidExists(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
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
