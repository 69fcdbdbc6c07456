/**
 * Test helpers for the lab network: find every process of one lab run (they
 * all carry `ECHOLAB_LAB=<tag>` in their environment) and every process that
 * still holds one of its network namespaces.
 *
 * @module
 */

function _pids(): number[] {
  const out: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (/^\d+$/.test(entry.name)) out.push(Number(entry.name));
  }
  return out;
}

/** Pids whose environment holds `ECHOLAB_LAB=<tag>` (zombies have no environment and are not counted). */
export function labProcesses(tag: string): number[] {
  const needle = `ECHOLAB_LAB=${tag}\0`;
  return _pids().filter((pid) => {
    try {
      return Deno.readTextFileSync(`/proc/${pid}/environ`).includes(needle);
    } catch {
      return false;
    }
  });
}

/** Pids that are in, or hold a descriptor to, any of the namespaces `links` (e.g. `net:[4026532321]`). */
export function namespaceHolders(links: string[]): number[] {
  const wanted = new Set(links);
  const out: number[] = [];
  for (const pid of _pids()) {
    try {
      const ns = ["net", "pid", "user"].map((n) => Deno.readLinkSync(`/proc/${pid}/ns/${n}`));
      if (ns.some((l) => wanted.has(l))) {
        out.push(pid);
        continue;
      }
      for (const fd of Deno.readDirSync(`/proc/${pid}/fd`)) {
        try {
          if (wanted.has(Deno.readLinkSync(`/proc/${pid}/fd/${fd.name}`))) {
            out.push(pid);
            break;
          }
        } catch { /* closed meanwhile */ }
      }
    } catch { /* exited meanwhile */ }
  }
  return out;
}

/** A fresh tag for one lab run. */
export function freshTag(): string {
  return `test-${crypto.randomUUID().slice(0, 8)}`;
}
