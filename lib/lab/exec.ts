/**
 * Running the lab's plumbing commands (`ip`, `nsenter`, `kill`): wait for
 * them, and turn a failure into an error that quotes the command and its
 * stderr.
 *
 * @module
 */

/**
 * A plumbing command failed: the message holds the command line and its stderr.
 *
 * @example
 * ```ts
 * try { await run("ip", ["link", "del", "nope"]); } catch (e) { if (e instanceof LabCommandError) e.code; }
 * ```
 */
export class LabCommandError extends Error {
  /** Exit code of the command. */
  readonly code: number;

  /** `command` is the command line, `stderr` what it printed. */
  constructor(command: string, code: number, stderr: string) {
    super(
      `${command}: exit ${code}${stderr.trim() ? `: ${stderr.trim().split("\n").at(-1)}` : ""}`,
    );
    this.name = "LabCommandError";
    this.code = code;
  }
}

/**
 * Run `cmd args…` to completion (stdin from `input`, if given); resolve to
 * its stdout, or throw {@link LabCommandError}.
 *
 * @example
 * ```ts
 * await run("ip", ["link", "set", "lo", "up"]);
 * const links = await run("ip", ["-br", "link"]);
 * ```
 */
export async function run(cmd: string, args: string[], input?: string): Promise<string> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: input === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (input !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(input));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  if (!out.success) {
    throw new LabCommandError([cmd, ...args].join(" "), out.code, dec.decode(out.stderr));
  }
  return dec.decode(out.stdout);
}
