/**
 * `echolab connect --lab`: terminal 2 of the lab demo. It joins the lab's
 * client host — its user and network namespaces, through `nsenter` — and runs
 * the ordinary echo client there against the lab's server, 198.18.1.2:9877.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import { selfCommand } from "../sys/self_command.ts";
import { shellStatusFor } from "../sys/signals.ts";
import { readRuntime } from "./runtime_file.ts";
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
  const rt = readRuntime();
  if (!rt) {
    throw new UsageError({
      en: "no lab is running: start one with `echolab serve --lab` in another terminal",
      zh: "没有正在运行的实验网络：请在另一个终端里用 `echolab serve --lab` 启动一个",
    }, "connect");
  }
  const self = selfCommand(["connect", TOPOLOGY.serverAddr, ...args]);
  const child = new Deno.Command("nsenter", {
    args: [
      `--target=${rt.pid}`,
      "--user",
      "--net",
      // Keep our uid: the lab's user namespace denies setgroups, which
      // nsenter's default credential switch would need.
      "--preserve-credentials",
      "--",
      self.cmd,
      ...self.args,
    ],
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
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
