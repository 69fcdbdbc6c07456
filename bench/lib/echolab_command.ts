/**
 * How the bench runs echolab: this checkout (the way echolab starts itself),
 * or another checkout given with `--echolab DIR` — to measure a branch or
 * an engine that this one does not have yet, with the same bench.
 *
 * @module
 */

import { configPath, type SelfCommand, selfCommand } from "../../lib/sys/self_command.ts";

/**
 * The command running `echolab ...args` from `dir` (a checkout holding main.ts
 * and deno.json), or from this checkout when `dir` is undefined.
 *
 * @example
 * ```ts
 * const { cmd, args } = echolabCommand(["--version"], "/tmp/echolab-main");
 * ```
 */
export function echolabCommand(args: string[], dir?: string): SelfCommand {
  if (dir === undefined) return selfCommand(args);
  return {
    cmd: Deno.execPath(),
    args: ["run", "-q", "-P=echolab", "--config", `${dir}/deno.json`, `${dir}/main.ts`, ...args],
  };
}

/**
 * The deno.json that goes with {@link echolabCommand}'s `dir`.
 *
 * @example
 * ```ts
 * echolabConfig(undefined); // this checkout's deno.json
 * ```
 */
export function echolabConfig(dir?: string): string {
  return dir === undefined ? configPath() : `${dir}/deno.json`;
}
