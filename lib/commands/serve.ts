/**
 * `echolab serve`: the chapter's concurrent echo server, annotated.
 *
 * @module
 */

import { parseCount, parseFlags, parseLang, parsePort } from "../cli/args.ts";
import type { Command } from "../cli/command.ts";
import { serveDeno } from "../echo/deno_server.ts";
import { EventBus } from "../events.ts";
import { createReporter } from "../report/reporter.ts";

const HELP = `echolab serve — the concurrent echo server of UNP §5.2, one child per client

Usage: echolab serve [options]

Options:
  --host ADDR          address to bind (default 127.0.0.1; 0.0.0.0 for a classroom)
  --port N             port (default 9877, the book's SERV_PORT; 0 picks a free one)
  --max-clients N      refuse new clients while N children are live (default 64)
  --lab                run on the lab network's server host (198.18.0.2:9877, a
                       private namespace, no root); then: echolab connect --lab,
                       echolab host crash|reboot|shutdown|cut|restore|status
  --json               NDJSON events on stdout
  --lang en|zh         language of the explanations (default from LANG)
  -h, --help           this help

Every event is annotated: listening, accepted (peer and child pid), SIGCHLD
deliveries, child exits (code or signal), reaping, refusals. Ctrl-C or SIGTERM
ends every child, reaps them all and exits with 130 or 143.

Examples:
  echolab serve                       # terminal 1 (then: echolab connect)
  echolab serve --port 0 --json       # NDJSON; the first event names the port
  kill <child pid>                    # from a third terminal: UNP §5.12
  echolab serve --lang zh             # 中文注释
  echolab serve --lab                 # §5.14–5.16 by hand: crash the server host
`;

/** The `serve` subcommand. */
export const serveCommand: Command = {
  name: "serve",
  summary: "run the concurrent echo server (one child process per client)",
  help: HELP,
  async run(args, ctx) {
    const { values } = parseFlags("serve", args, {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string" },
      "max-clients": { type: "string" },
      lab: { type: "boolean", default: false },
    });
    const lang = parseLang(values.lang, "serve");
    if (values.lab) {
      const { serveLab } = await import("../lab/serve_lab.ts");
      return await serveLab({ json: values.json, lang, stdout: ctx.stdout });
    }
    const port = parsePort(values.port, "serve");
    const maxClients = parseCount(values["max-clients"], "--max-clients", "serve", 1, 100000, 64);
    const reporter = createReporter({
      json: values.json,
      lang,
      stdout: ctx.stdout,
      human: ctx.stdout,
    });
    const bus = new EventBus([(e) => reporter.event(e)]);
    return await serveDeno({ host: values.host, port, maxClients, bus });
  },
};
