/**
 * Whether a tool the tests lean on is here: a test that needs gcc, socat or
 * python3 is ignored without it (and says so), never failed.
 *
 * @module
 */

/**
 * True when `cmd args…` runs and exits 0 (output discarded).
 *
 * @example
 * ```ts
 * commandSucceeds("gcc", ["--version"]);
 * ```
 */
export function commandSucceeds(cmd: string, args: string[] = []): boolean {
  try {
    return new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false; // not installed
  }
}

/**
 * True when `tool` is on PATH (`command -v`, as a shell finds it).
 *
 * @example
 * ```ts
 * onPath("socat");
 * ```
 */
export function onPath(tool: string): boolean {
  return commandSucceeds("sh", ["-c", `command -v ${tool}`]);
}
