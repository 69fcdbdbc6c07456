/**
 * The server engines the serve tests run against: every `--engine NAME`
 * that `echolab serve --help` offers, or the one engine when it has no
 * `--engine` flag. A new engine is tested by the same tests with no edit.
 *
 * @module
 */

import { selfCommand } from "../../lib/sys/self_command.ts";

/** One engine: its name and the serve arguments that select it. */
export interface Engine {
  /** Engine name for test titles ("deno", "book", or "default"). */
  name: string;
  /** Arguments that select it (empty: the default engine). */
  args: string[];
}

const _KNOWN = ["deno", "book"];

/**
 * The engines `echolab serve` has, read from its help once.
 *
 * @example
 * ```ts
 * for (const engine of serveEngines()) Deno.test(`… (${engine.name})`, …);
 * ```
 */
export function serveEngines(): Engine[] {
  const { cmd, args } = selfCommand(["serve", "--help"]);
  const out = new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).outputSync();
  const help = new TextDecoder().decode(out.stdout);
  const flag = /--engine\s+(\S+)/.exec(help);
  if (!flag) return [{ name: "deno", args: [] }];
  const named = _KNOWN.filter((e) => flag[1].split("|").includes(e));
  return named.map((name) => ({ name, args: ["--engine", name] }));
}
