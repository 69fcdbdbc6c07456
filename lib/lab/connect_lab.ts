/**
 * `echolab connect --lab`: terminal 2 of the lab demo. It joins the lab's
 * client host — its user and network namespaces, through `nsenter` — and runs
 * the ordinary echo client there against the lab's server, 198.18.1.2:9877.
 *
 * @module
 */

import { shellStatusFor } from "../sys/signals.ts";
import { spawnInLab } from "./enter_lab.ts";
import { TOPOLOGY } from "./topology.ts";

/**
 * Run `echolab connect 198.18.1.2 …args` inside the running lab's client
 * host; resolves to its exit code. `args` are connect's other arguments.
 *
 * @example
 * ```ts
 * return await connectLab(["--timeout", "5"]);
 * ```
 */
export async function connectLab(args: string[]): Promise<number> {
  const child = spawnInLab("connect", ["connect", TOPOLOGY.serverAddr, ...args]);
  // Ctrl-C reaches the client too (same process group); wait for it to end.
  const ignore = () => {};
  Deno.addSignalListener("SIGINT", ignore);
  try {
    const status = await child.status;
    return status.signal ? shellStatusFor(status.signal) : status.code;
  } finally {
    Deno.removeSignalListener("SIGINT", ignore);
  }
}
