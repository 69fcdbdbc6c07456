/**
 * Starting the lab from the user's namespaces, and making sure it dies with
 * us. The lab is one process tree:
 *
 * ```
 * [setpriv --pdeathsig KILL]   dies when echolab dies, even by SIGKILL
 *   unshare -r -n -p -f --mount-proc --kill-child
 *     echolab __lab …          PID 1 of the lab's PID namespace: the client host
 *       unshare -n -p -f --kill-child sleep …   the server host's init
 *       nsenter … echolab serve …               the server, inside that host
 * ```
 *
 * When the lab's PID 1 dies the kernel kills every process in its PID
 * namespace (nested ones included), and the namespaces go with their last
 * process. PID 1 dies when unshare dies (--kill-child), unshare dies when we
 * die (setpriv's parent-death signal), and PID 1 also exits when its stdin —
 * a pipe from us — reaches EOF. Every lab process carries `ECHOLAB_LAB=<tag>`
 * in its environment, so tests can prove none outlives a run.
 *
 * @module
 */

import { envGetter } from "../lang.ts";
import { selfCommand } from "../sys/self_command.ts";
import { LAB_UNSHARE_ARGS } from "./lab_namespaces.ts";
import { whichTool } from "../sys/which_tool.ts";

/**
 * Sysctls whose host values every lab run reports beside its own.
 *
 * @example
 * ```ts
 * hostSysctls(HOST_SYSCTLS)["net.ipv4.tcp_retries2"]; // 15
 * ```
 */
export const HOST_SYSCTLS: readonly string[] = [
  "net.ipv4.tcp_retries2",
  "net.ipv4.tcp_syn_retries",
  "net.ipv4.icmp_ratelimit",
  "net.ipv4.route.error_cost",
  "net.ipv4.route.error_burst",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rto_max_ms",
  "net.ipv4.neigh.default.base_reachable_time_ms",
  "net.ipv4.neigh.default.delay_first_probe_time",
  "net.ipv4.neigh.default.ucast_solicit",
  "net.ipv4.neigh.default.mcast_solicit",
  "net.ipv4.neigh.default.retrans_time_ms",
];

/** A started lab process tree. */
export interface LabProcess {
  /** The outermost process (setpriv/unshare). */
  process: Deno.ChildProcess;
  /** The tag in every lab process's environment (`ECHOLAB_LAB=<tag>`). */
  tag: string;
  /** Send one line to the lab's PID 1 (commands, in `serve --lab`). */
  send(line: string): Promise<void>;
  /** Kill the whole lab (SIGKILL to the outer process; the kernel does the rest). */
  kill(): Promise<void>;
}

/**
 * The tag for a new lab: `ECHOLAB_LAB_TAG` if set (tests), else random.
 *
 * @example
 * ```ts
 * labTag(); // "3f9c1a2b"
 * ```
 */
export function labTag(): string {
  return envGetter("ECHOLAB_LAB_TAG") || crypto.randomUUID().slice(0, 8);
}

/**
 * Start `echolab __lab …args` as PID 1 of a new lab.
 *
 * @example
 * ```ts
 * const lab = spawnLab(["run", "host-crash", "--lang", "en"], "piped");
 * ```
 */
export function spawnLab(args: string[], stdout: "piped" | "inherit"): LabProcess {
  const self = selfCommand(["__lab", ...args]);
  const unshare = ["unshare", ...LAB_UNSHARE_ARGS, self.cmd, ...self.args];
  const argv = whichTool("setpriv") ? ["setpriv", "--pdeathsig", "KILL", ...unshare] : unshare;
  const tag = labTag();
  const process = new Deno.Command(argv[0], {
    args: argv.slice(1),
    stdin: "piped",
    stdout,
    stderr: "piped",
    env: { ECHOLAB_LAB: tag },
  }).spawn();
  const writer = process.stdin.getWriter();
  let killed: Promise<void> | undefined;
  return {
    process,
    tag,
    async send(line) {
      await writer.write(new TextEncoder().encode(line + "\n"));
    },
    kill() {
      killed ??= (async () => {
        try {
          process.kill("SIGKILL");
        } catch { /* already gone */ }
        await process.status;
        await writer.close().catch(() => {});
      })();
      return killed;
    },
  };
}
