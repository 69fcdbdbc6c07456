/**
 * `echolab watch --lab`: run the watcher inside the running lab's client
 * host (its user and network namespaces, joined with `nsenter` as
 * `connect --lab` does), where it may capture packets, and read the server
 * host's sockets through a process that lives there (/proc/PID/net/tcp shows
 * the namespace of PID).
 *
 * @module
 */

import { spawnInLab } from "../lab/enter_lab.ts";
import { readRuntime } from "../lab/runtime_file.ts";
import { netNsOf } from "../lab/host_procs.ts";
import { socketTable } from "../proc/socket_table.ts";
import { listProcDir, readProcFile } from "../proc/proc_file.ts";
import { shellStatusFor } from "../sys/signals.ts";
import type { NetSource } from "./observer.ts";

/**
 * Re-run `echolab watch …args --in-lab` inside the lab's client host;
 * resolves to its exit code. Throws a UsageError when no lab runs.
 *
 * @example
 * ```ts
 * return await watchInLab(["--port", "9877", "--json"]);
 * ```
 */
export async function watchInLab(args: string[]): Promise<number> {
  const child = spawnInLab("watch", ["watch", ...args, "--in-lab"]);
  // A signal for us is for the watcher inside (Ctrl-C on a terminal reaches both: the same
  // process group); we wait for it to restore the screen and end.
  const forward = (sig: Deno.Signal) => () => {
    try {
      child.kill(sig);
    } catch { /* already ended */ }
  };
  const handlers: [Deno.Signal, () => void][] = [
    ["SIGINT", forward("SIGINT")],
    ["SIGTERM", forward("SIGTERM")],
    ["SIGHUP", forward("SIGHUP")],
  ];
  for (const [sig, h] of handlers) Deno.addSignalListener(sig, h);
  try {
    const status = await child.status;
    return status.signal ? shellStatusFor(status.signal) : status.code;
  } finally {
    for (const [sig, h] of handlers) Deno.removeSignalListener(sig, h);
  }
}

/**
 * Inside the lab's client host: the namespaces to read — this one (the
 * client host) and the server host's, found as a process of this lab
 * (`ECHOLAB_LAB=<tag>` in its environment) in another network namespace
 * that has a socket on `port`.
 *
 * @example
 * ```ts
 * labSources(9877); // [{ host: "client" }, { host: "server", pid: 4711 }]
 * ```
 */
export function labSources(port: number): NetSource[] {
  const rt = readRuntime();
  const sources: NetSource[] = [{ host: "client" }];
  if (!rt) return sources;
  const own = netNsOf("self");
  const seen = new Set<string>();
  let fallback: number | undefined;
  for (const name of listProcDir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const ns = netNsOf(Number(name));
    if (!ns || ns === own || seen.has(ns)) continue;
    if (!readProcFile(`/proc/${name}/environ`)?.includes(`ECHOLAB_LAB=${rt.tag}\0`)) continue;
    seen.add(ns);
    fallback ??= Number(name);
    if (socketTable({ pid: Number(name), ports: [port] }).some((r) => r.state === "LISTEN")) {
      sources.push({ host: "server", pid: Number(name) });
      return sources;
    }
  }
  if (fallback !== undefined) sources.push({ host: "server", pid: fallback });
  return sources;
}
