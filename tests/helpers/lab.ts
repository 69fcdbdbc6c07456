/**
 * Test helpers for the lab network: find every process of one lab run (they
 * all carry `ECHOLAB_LAB=<tag>` in their environment) and every process that
 * still holds one of its network namespaces.
 *
 * @module
 */

import type { EchoEvent } from "../../lib/events.ts";
import { labSkipReason } from "../../lib/lab/skip_reason.ts";
import { assert, assertEqual } from "./assert.ts";
import { parseEvents, runCli } from "./cli.ts";
import { eventually } from "./proc.ts";

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

/**
 * Run `echolab chaos NAME --json` in a fresh lab and check that nothing of it
 * is left: no process carrying its tag, no process in any of its namespaces
 * (the three hosts' network namespaces must be distinct).
 */
export async function runLabChaos(
  name: string,
): Promise<{ events: EchoEvent[]; verdict: EchoEvent }> {
  const tag = freshTag();
  const r = await runCli(["chaos", name, "--json"], "", { env: { ECHOLAB_LAB_TAG: tag } });
  assertEqual(r.code, 0, r.stderr);
  const events = parseEvents(r.stdout);
  const verdict = events.find((e) => e.kind === "verdict");
  assert(verdict, `a verdict; events: ${JSON.stringify(events)}`);
  const ready = events.find((e) => e.kind === "lab-ready");
  assert(ready, "the lab came up");
  const hosts = [ready.clientNetns, ready.routerNetns, ready.serverNetns];
  assertEqual(new Set(hosts).size, hosts.length, "three hosts, three network namespaces");
  const namespaces = [
    ready.userns,
    ...hosts,
    ready.serverPidns,
    ...events.filter((e) => e.kind === "host-reboot").map((e) => e.netns),
  ] as string[];
  assert(namespaces.every((n) => /^(user|net|pid):\[\d+\]$/.test(n)), JSON.stringify(namespaces));
  assert(await eventually(() => labProcesses(tag).length === 0, 3000), "no lab process left");
  // A process on its way out has no environment any more but still its namespaces: wait.
  assert(
    await eventually(() => namespaceHolders(namespaces).length === 0, 3000),
    `the lab's namespaces are still held by ${namespaceHolders(namespaces)}`,
  );
  return { events, verdict };
}

/** Why the lab network cannot run here (probed once, at module load), or undefined. */
export const NO_LAB: string | undefined = await labSkipReason("en");

/** A test that needs the lab network: ignored, with the reason in its name, where it cannot run. */
export function labTest(name: string, fn: () => Promise<void>): void {
  Deno.test({ name: NO_LAB ? `${name} (ignored: ${NO_LAB})` : name, ignore: !!NO_LAB, fn });
}
