/**
 * `echolab serve`: the chapter's concurrent echo server, annotated.
 *
 * @module
 */

import { statesAtPoints } from "../report/states_points.ts";
import { statesOn } from "../report/states_on.ts";
import { parseCount, parseFlags, parseLang, parsePort } from "../cli/args.ts";
import type { Command } from "../cli/command.ts";
import { SysError, UsageError } from "../cli/errors.ts";
import { REAP_POLICIES, type ReapPolicy, serveBook } from "../echo/book_server.ts";
import { serveDeno } from "../echo/deno_server.ts";
import { EventBus } from "../events.ts";
import { createReporter } from "../report/reporter.ts";
import { CloneWorker, cloneWorkerUnsupported } from "../sys/clone_worker.ts";
import { bookEngineUnsupported } from "../sys/platform.ts";

const HELP = `echolab serve — the concurrent echo server of UNP §5.2, one child per client

Usage: echolab serve [options]

Options:
  --host ADDR          address to bind (default 127.0.0.1; 0.0.0.0 for a classroom)
  --port N             port (default 9877, the book's SERV_PORT; 0 picks a free one)
  --max-clients N      refuse new clients while N children are live (default 64)
  --engine book|deno   book: libc through FFI, the connected socket becomes the
                       child's stdin/stdout as after fork (default on Linux);
                       deno: Deno.listen + Deno.Command, the runtime reaps
  --reap none|wait|waitpid
                       the book engine's SIGCHLD policy (default waitpid):
                       none     never wait — zombies pile up (tcpserv01, §5.9)
                       wait     one wait per SIGCHLD (tcpserv03, §5.10)
                       waitpid  waitpid(-1, WNOHANG) in a loop (tcpserv04)
  --worker cat|clone|echolab
                       the book engine's child, str_echo on the socket (UNP
                       §5.3): cat runs /bin/cat (found in PATH) with an empty
                       environment; clone forks without exec — clone(2) with
                       shared memory, str_echo as machine code (Linux x86_64);
                       echolab runs echolab __str-echo, a deno process per
                       client (~35 MiB) (default clone; cat where clone cannot
                       run; echolab when there is no cat either)
  --lab                run on the lab network's server host (198.18.0.2:9877, a
                       private namespace, no root); then: echolab connect --lab,
                       echolab host crash|reboot|shutdown|cut|restore|status
  --states             after each accept and child exit, the socket table of the
                       port and the server's process tree, read from /proc
  --json               NDJSON events on stdout
  --lang en|zh         language of the explanations (default from LANG)
  -h, --help           this help

Every event is annotated: listening, accepted (peer and child pid), SIGCHLD
deliveries, child exits (code or signal), zombies, reaping, refusals. Ctrl-C
or SIGTERM ends every child, reaps them all (zombies too) and exits with 130
or 143.

Examples:
  echolab serve                       # terminal 1 (then: echolab connect)
  echolab serve --reap none           # then: ps -o pid,stat,cmd --ppid <pid>
  echolab serve --reap wait           # then: echolab connect --connections 5
  echolab serve --worker cat          # fork + exec of /bin/cat per client
  echolab serve --worker echolab      # a deno child per client
  echolab serve --engine deno         # what a modern runtime does for you
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
      engine: { type: "string" },
      reap: { type: "string" },
      worker: { type: "string" },
      lab: { type: "boolean", default: false },
      states: { type: "boolean", default: false },
    });
    const lang = parseLang(values.lang, "serve");
    if (values.lab) {
      const { serveLab } = await import("../lab/serve_lab.ts");
      return await serveLab({ json: values.json, lang, stdout: ctx.stdout });
    }
    const port = parsePort(values.port, "serve");
    const maxClients = parseCount(values["max-clients"], "--max-clients", "serve", 1, 100000, 64);
    const engine = _engine(values.engine);
    const reap = _reap(values.reap, engine);
    const worker = _worker(values.worker, engine);
    const reporter = createReporter({
      json: values.json,
      lang,
      stdout: ctx.stdout,
      human: ctx.stdout,
    });
    const bus = new EventBus([(e) => reporter.event(e)]);
    if (values.states) {
      // UNP §5.2–5.9: the tables after each accept and each child exit.
      bus.subscribe(statesOn(bus, { kinds: ["accepted", "child-exited", "child-zombie"], lang }));
      bus.subscribe(statesAtPoints(bus, { json: values.json, lang, out: ctx.stdout }));
    }
    // The default: fork without exec where the machine code runs (Linux x86_64).
    const noClone = cloneWorkerUnsupported();
    if (engine === "book" && (worker === "clone" || (worker === undefined && !noClone))) {
      if (noClone) throw new UsageError(`--worker clone: ${noClone}`, "serve");
      const clone = CloneWorker.open();
      if (!clone.ok) throw new SysError(clone.call, clone.errno, "cannot map the clone worker");
      return await serveBook({
        host: values.host,
        port,
        maxClients,
        reap,
        bus,
        clone: clone.value,
      });
    }
    if (engine === "book") {
      // The default falls back to the echolab worker where there is no cat.
      const cat = worker === "echolab" ? undefined : _catWorker();
      if (worker === "cat" && !cat) {
        throw new UsageError(
          "--worker cat: no cat program in PATH (or use --worker echolab)",
          "serve",
        );
      }
      const workerNote = worker
        ? undefined
        : cat
        ? `${noClone}: cat instead`
        : `${noClone}, and no cat in PATH: echolab __str-echo instead`;
      return await serveBook({
        host: values.host,
        port,
        maxClients,
        reap,
        bus,
        child: cat,
        workerNote,
      });
    }
    return await serveDeno({ host: values.host, port, maxClients, bus });
  },
};

function _engine(value: string | undefined): "book" | "deno" {
  const unsupported = bookEngineUnsupported();
  if (value === undefined) return unsupported ? "deno" : "book";
  if (value === "deno") return "deno";
  if (value !== "book") {
    throw new UsageError(`bad --engine '${value}': expected book or deno`, "serve");
  }
  if (unsupported) throw new UsageError(`--engine book: ${unsupported}`, "serve");
  return "book";
}

function _reap(value: string | undefined, engine: "book" | "deno"): ReapPolicy {
  if (value === undefined) return "waitpid";
  if (!REAP_POLICIES.includes(value as ReapPolicy)) {
    throw new UsageError(`bad --reap '${value}': expected none, wait or waitpid`, "serve");
  }
  if (engine === "deno") {
    throw new UsageError(
      "--reap needs the book engine: the deno runtime reaps every child itself",
      "serve",
    );
  }
  return value as ReapPolicy;
}

/** The book engine's child programs (UNP §5.3's str_echo). */
type _Worker = "cat" | "echolab" | "clone";

function _worker(value: string | undefined, engine: "book" | "deno"): _Worker | undefined {
  if (value !== undefined && value !== "cat" && value !== "echolab" && value !== "clone") {
    throw new UsageError(`bad --worker '${value}': expected cat, echolab or clone`, "serve");
  }
  if (value !== undefined && engine === "deno") {
    throw new UsageError(
      "--worker needs the book engine: the deno engine pipes every connection to a deno child",
      "serve",
    );
  }
  return value as _Worker | undefined;
}

/** /bin/cat as str_echo: resolved in PATH once, run with an empty environment. */
function _catWorker():
  | { program: string; argv: string[]; name: string; env: string[] }
  | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":")) {
    if (!dir.startsWith("/")) continue;
    try {
      const path = `${dir}/cat`;
      if (Deno.statSync(path).isFile) return { program: path, argv: ["cat"], name: "cat", env: [] };
    } catch { /* not in this directory */ }
  }
  return undefined;
}
