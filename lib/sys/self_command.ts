/**
 * How echolab starts another copy of itself (server children, scenario
 * actors): the compiled binary runs itself; under `deno run` the same
 * permission set (`-P=echolab` from deno.json — the one list, in one place).
 *
 * @module
 */

/** Program and argument vector that run `echolab ...args`. */
export interface SelfCommand {
  /** Executable path. */
  cmd: string;
  /** Arguments before and including `args`. */
  args: string[];
}

/** Path of the deno.json next to main.ts, when running from source. */
export function configPath(): string {
  // Decoded: a checkout under "/home/学生/my files" is percent-encoded in the URL.
  return decodeURIComponent(new URL("../../deno.json", import.meta.url).pathname);
}

/** Path of main.ts when running from source. */
function _mainPath(): string {
  return decodeURIComponent(new URL("../../main.ts", import.meta.url).pathname);
}

/**
 * The command that runs echolab with `args`.
 *
 * @example
 * ```ts
 * const { cmd, args } = selfCommand(["__str-echo"]);
 * new Deno.Command(cmd, { args });
 * ```
 */
export function selfCommand(args: string[]): SelfCommand {
  if (Deno.build.standalone) return { cmd: Deno.execPath(), args };
  return {
    cmd: Deno.execPath(),
    args: ["run", "-q", "-P=echolab", "--config", configPath(), _mainPath(), ...args],
  };
}
