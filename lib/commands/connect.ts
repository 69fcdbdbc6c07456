/**
 * `echolab connect`: the chapter's echo client (str_cli), annotated.
 *
 * @module
 */

import { statesAtPoints } from "../report/states_points.ts";
import { statesOn } from "../report/states_on.ts";
import { parseCount, parseFlags, parseLang, parsePort, parseSeconds } from "../cli/args.ts";
import type { Command } from "../cli/command.ts";
import { UsageError } from "../cli/errors.ts";
import { strCli } from "../echo/str_cli.ts";
import { EventBus } from "../events.ts";
import { createReporter } from "../report/reporter.ts";

const HELP = `echolab connect — the echo client of UNP §5.4–5.6 (str_cli)

Usage: echolab connect [HOST] [options]

Reads lines from stdin, writes each to the server, prints the echo on stdout.
Annotations go to stderr (or NDJSON to stdout with --json).

Options:
  HOST                 server address or name (default 127.0.0.1)
  --port N             server port (default 9877)
  --connections N      open N connections, like tcpcli04 (default 1); only the
                       first carries data, all close together at EOF (§5.10)
  --timeout SECONDS    give up when an echo takes longer (a read timeout, §14.2)
  --keepalive          set SO_KEEPALIVE on the socket (§7.5)
  --lab                connect from the lab's client host to its server
                       (198.18.0.2:9877) started by echolab serve --lab
  --states             after connect, EOF or an error, the socket table of the
                       server's port and this process, read from /proc
  --json               NDJSON events on stdout
  --lang en|zh         language of the explanations (default from LANG)
  -h, --help           this help

After the server's FIN ("server terminated prematurely", §5.12) the client
keeps reading stdin: type one more line to see the write fail with EPIPE (§5.13).

Examples:
  echolab connect                           # type lines; Ctrl-D ends (§5.4)
  echolab connect --connections 5           # five children end at once (§5.10)
  printf 'hello\\n' | echolab connect --json
  echolab connect 127.0.0.1 --port 9999     # works with socat or ncat too
  echolab connect --lab                     # then: echolab host crash (§5.14)
`;

/** The `connect` subcommand. */
export const connectCommand: Command = {
  name: "connect",
  summary: "run the echo client (stdin → socket → stdout)",
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseFlags("connect", args, {
      port: { type: "string" },
      connections: { type: "string" },
      timeout: { type: "string" },
      keepalive: { type: "boolean", default: false },
      lab: { type: "boolean", default: false },
      states: { type: "boolean", default: false },
    }, 1);
    const lang = parseLang(values.lang, "connect");
    if (values.lab) {
      if (positionals[0]) {
        throw new UsageError("--lab connects to the lab's server; drop HOST", "connect");
      }
      const { connectLab } = await import("../lab/connect_lab.ts");
      return await connectLab(args.filter((a) => a !== "--lab"));
    }
    const port = parsePort(values.port, "connect");
    const connections = parseCount(values.connections, "--connections", "connect", 1, 1024, 1);
    const timeoutSeconds = parseSeconds(values.timeout, "--timeout", "connect");
    const reporter = createReporter({
      json: values.json,
      lang,
      stdout: ctx.stdout,
      human: ctx.stderr,
    });
    const bus = new EventBus([(e) => reporter.event(e)]);
    if (values.states) {
      // UNP §5.4–5.12: the tables after connect, EOF or an error (e.g. CLOSE_WAIT, Recv-Q 1).
      bus.subscribe(statesOn(bus, { kinds: ["connected", "eof", "error"], port, lang }));
      bus.subscribe(statesAtPoints(bus, { json: values.json, lang, out: ctx.stderr }));
    }
    return await strCli({
      host: positionals[0] ?? "127.0.0.1",
      port,
      connections,
      timeoutSeconds,
      keepalive: values.keepalive,
      bus,
      stdin: Deno.stdin,
      echoOut: values.json ? undefined : ctx.stdout,
    });
  },
};
