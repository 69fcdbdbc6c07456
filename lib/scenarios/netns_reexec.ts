/**
 * Run `echolab ARGS…` again inside a private network namespace
 * (`unshare -rn`), where any user has CAP_NET_RAW and can capture packets.
 * The child inherits stdin/stdout/stderr; SIGINT and SIGTERM sent to this
 * process are forwarded to it and this process waits for it, so Ctrl-C
 * still tears everything down. The namespace disappears with the child.
 *
 * @module
 */

import { messageOf } from "../sys/errno.ts";
import { selfCommand } from "../sys/self_command.ts";
import { shellStatusFor } from "../sys/signals.ts";

/** Environment marker set in the re-executed child (so it does not recurse). */
export const NETNS_MARKER = "ECHOLAB_NETNS";

/**
 * True inside the child started by {@link reexecInNetns}.
 *
 * @example
 * ```ts
 * if (!insidePrivateNetns()) return await reexecInNetns(["chaos", "sigpipe"]);
 * ```
 */
export function insidePrivateNetns(): boolean {
  return Deno.env.get(NETNS_MARKER) === "1";
}

/**
 * Why `unshare -rn` cannot run here (missing, or user namespaces denied), or
 * undefined when it can. Runs `unshare -rn true` once.
 *
 * @example
 * ```ts
 * const why = await netnsUnavailable(); // e.g. "unshare -rn: Operation not permitted"
 * ```
 */
export async function netnsUnavailable(): Promise<string | undefined> {
  try {
    const out = await new Deno.Command("unshare", {
      args: ["-rn", "true"],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    if (out.success) return undefined;
    const msg = new TextDecoder().decode(out.stderr).trim().split("\n")[0];
    return `unshare -rn failed: ${msg || `exit ${out.code}`}`;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return "unshare is not installed";
    return `unshare -rn: ${messageOf(err)}`;
  }
}

/**
 * Run `echolab …args` under `unshare -rn` and return its exit status
 * (128+signal when it was killed by one).
 *
 * @example
 * ```ts
 * const code = await reexecInNetns(["chaos", "server-killed", "--diagram"]);
 * ```
 */
export async function reexecInNetns(args: string[]): Promise<number> {
  const self = selfCommand(args);
  const child = new Deno.Command("unshare", {
    args: ["-rn", self.cmd, ...self.args],
    env: { [NETNS_MARKER]: "1" },
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  // Ctrl-C reaches the child through the process group; SIGTERM is sent to us alone.
  const forward = (sig: "SIGINT" | "SIGTERM") => () => {
    try {
      child.kill(sig);
    } catch {
      // already gone
    }
  };
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  Deno.addSignalListener("SIGINT", onInt);
  Deno.addSignalListener("SIGTERM", onTerm);
  try {
    const status = await child.status;
    return status.signal ? shellStatusFor(status.signal) : status.code;
  } finally {
    Deno.removeSignalListener("SIGINT", onInt);
    Deno.removeSignalListener("SIGTERM", onTerm);
  }
}
