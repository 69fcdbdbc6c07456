/**
 * Run echolab itself inside the running lab's client host: its user and
 * network namespaces, joined with `nsenter` (`connect --lab`, `watch --lab`).
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import { selfCommand } from "../sys/self_command.ts";
import { LAB_EPOCH_ENV, readRuntime } from "./runtime_file.ts";

/**
 * Start `echolab …args` in the lab's client host, with the terminal's stdin,
 * stdout and stderr and the lab's clock. Throws a {@link UsageError} naming
 * `command` when no lab runs.
 *
 * @example
 * ```ts
 * const child = spawnInLab("connect", ["connect", "198.18.1.2"]);
 * ```
 */
export function spawnInLab(command: string, args: string[]): Deno.ChildProcess {
  const rt = readRuntime();
  if (!rt) {
    throw new UsageError({
      en: "no lab is running: start one with `echolab serve --lab` in another terminal",
      zh: "没有正在运行的实验网络：请在另一个终端里用 `echolab serve --lab` 启动一个",
    }, command);
  }
  const self = selfCommand(args);
  return new Deno.Command("nsenter", {
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
    // Count from the lab's clock, like serve --lab's and host's panes.
    env: rt.epochMs !== undefined ? { [LAB_EPOCH_ENV]: String(rt.epochMs) } : {},
  }).spawn();
}
