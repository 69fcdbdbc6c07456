/**
 * `echolab host crash|reboot|shutdown|cut|restore|status`: act on the lab's
 * server host by hand while `echolab connect --lab` waits (UNP §5.14–5.16).
 *
 * @module
 */

import { parseFlags, parseLang, parseSeconds } from "../cli/args.ts";
import type { Command } from "../cli/command.ts";
import { UsageError } from "../cli/errors.ts";
import { EventBus } from "../events.ts";
import { readNdjson, splitEvent } from "../lab/ndjson.ts";
import { readRuntime } from "../lab/runtime_file.ts";
import { HOST_COMMANDS, type HostCommand } from "../lab/host_commands.ts";
import { createReporter } from "../report/reporter.ts";

const HELP = `echolab host — crash, reboot or shut down the lab's server host by hand

Usage: echolab host ACTION [options]

Needs a running \`echolab serve --lab\` (terminal 1) and usually an
\`echolab connect --lab\` (terminal 2). Actions:
  crash       the host vanishes: address gone, every process SIGKILLed, no FIN,
              no RST (§5.14). Type a line in terminal 2: it is retransmitted,
              then ETIMEDOUT (about 27 s: tcp_retries2 = 6 in the lab).
  reboot      the host comes back with a fresh TCP stack and a new server; the
              client's next retransmission meets an RST: ECONNRESET (§5.15).
              (Crashes it first if it is up.)
  shutdown    init sends SIGTERM to every process, SIGKILL after --grace; the
              server's FIN reaches the idle client (§5.16); then power off.
  cut         the host drops off the network but keeps running (cable pulled).
  restore     undo cut: the retransmission gets through, the echo comes back.
  status      the host's state and processes, and the client's TCP connections
              (state, unacknowledged bytes, retransmissions, RTO).

Options:
  --grace SECONDS   shutdown's grace period between SIGTERM and SIGKILL (default 5)
  --json            NDJSON events on stdout
  --lang en|zh      language of the explanations (default from LANG)
  -h, --help        this help

Examples:
  echolab host crash
  echolab host status
  echolab host reboot
  echolab host shutdown --grace 2
`;

/**
 * The `host` subcommand.
 *
 * @example
 * ```ts
 * await hostCommand.run(["status"], ctx); // as `echolab host status`
 * ```
 */
export const hostCommand: Command = {
  name: "host",
  summary: "crash, reboot or shut down the lab's server host (with serve --lab)",
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseFlags("host", args, {
      grace: { type: "string" },
    }, 1);
    const lang = parseLang(values.lang, "host");
    const action = positionals[0];
    if (!action) throw new UsageError(`which action? (${HOST_COMMANDS.join("|")})`, "host");
    if (!(HOST_COMMANDS as readonly string[]).includes(action)) {
      throw new UsageError(`unknown action '${action}' (${HOST_COMMANDS.join("|")})`, "host");
    }
    const grace = parseSeconds(values.grace, "--grace", "host");
    if (grace !== undefined && action !== "shutdown") {
      throw new UsageError("--grace goes with shutdown", "host");
    }
    const rt = readRuntime();
    if (!rt) {
      throw new UsageError("no lab is running: start one with `echolab serve --lab`", "host");
    }
    const reporter = createReporter({
      json: values.json,
      lang,
      stdout: ctx.stdout,
      human: ctx.stdout,
    });
    const bus = new EventBus([(e) => reporter.event(e)]);
    const conn = await Deno.connect({ transport: "unix", path: rt.socket });
    const request = {
      cmd: action as HostCommand,
      ...(grace !== undefined ? { graceMs: Math.round(grace * 1000) } : {}),
    };
    await conn.write(new TextEncoder().encode(JSON.stringify(request) + "\n"));
    let ok = false;
    let answered = false;
    await readNdjson(conn.readable, (o) => {
      const { actor, kind, fields } = splitEvent(o);
      bus.emit(actor as Parameters<typeof bus.emit>[0], kind, fields);
      if (kind === "host-done") {
        answered = true;
        ok = o.ok === true;
      }
    });
    if (!answered) {
      ctx.stderr.line("echolab: the lab ended before answering");
      return 1;
    }
    return ok ? 0 : 1;
  },
};
