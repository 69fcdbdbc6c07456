/**
 * The servers the bench compares, side by side: the C fork server, socat,
 * ncat, and `echolab serve` with every engine it has. Adding an engine to
 * echolab adds a row here by itself (engines are read from `serve --help`).
 *
 * @module
 */

import { echolabCommand } from "./echolab_command.ts";
import type { BenchBinaries } from "./build.ts";
import { freePort, type ServerProcess, startServer } from "./server_process.ts";

/** One server under test. */
export interface Peer {
  /** Short id (table row, --only filter). */
  id: string;
  /** What it is, for the table. */
  label: string;
  /** reference: a peer the goals compare against; echolab: held to the goals. */
  role: "reference" | "echolab";
  /** Why it cannot run here, if it cannot. */
  unavailable?: string;
  /** Start it (listening on 127.0.0.1 only). */
  start(): Promise<ServerProcess>;
}

function _onPath(program: string): boolean {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      if (Deno.statSync(`${dir}/${program}`).isFile) return true;
    } catch { /* not here */ }
  }
  return false;
}

/** Engines the bench knows how to name (a new engine: one more word here). */
const _KNOWN_ENGINES = ["deno", "book"];
/** Book-engine workers (`serve --worker`) the bench knows how to name. */
const _KNOWN_WORKERS = ["cat", "clone", "echolab"];

function _listeningPort(line: string): number | undefined {
  try {
    const e = JSON.parse(line);
    return e.kind === "listening" && typeof e.port === "number" ? e.port : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The engines `echolab serve` offers: `--engine NAME` values named in its
 * help, or just the deno engine when it has no `--engine` flag yet.
 *
 * @example
 * ```ts
 * await echolabEngines(); // ["deno"] or ["deno", "book"]
 * ```
 */
export async function echolabEngines(
  dir?: string,
): Promise<{ engines: string[]; flag: boolean; workers: string[] }> {
  const { cmd, args } = echolabCommand(["serve", "--help"], dir);
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).output();
  const help = new TextDecoder().decode(out.stdout);
  const worker = /--worker\s+(\S+)/.exec(help);
  const workers = worker ? _KNOWN_WORKERS.filter((w) => worker[1].split("|").includes(w)) : [];
  if (!help.includes("--engine")) return { engines: ["deno"], flag: false, workers };
  const engines = _KNOWN_ENGINES.filter((e) => new RegExp(`\\b${e}\\b`).test(help));
  return { engines: engines.length ? engines : ["deno"], flag: true, workers };
}

/**
 * An `echolab serve` peer for `engine` (flag: pass `--engine`) and, for the
 * book engine, `worker` (`--worker`), run from checkout `dir` (default: this one).
 *
 * @example
 * ```ts
 * const peer = echolabPeer("book", true, undefined, "cat"); // id echolab-book-cat
 * ```
 */
export function echolabPeer(engine: string, flag: boolean, dir?: string, worker?: string): Peer {
  const extra = [...(flag ? ["--engine", engine] : []), ...(worker ? ["--worker", worker] : [])];
  return {
    id: worker ? `echolab-${engine}-${worker}` : `echolab-${engine}`,
    label: `echolab serve (${engine}${worker ? `, worker ${worker}` : ""})`,
    role: "echolab",
    start: () => {
      const { cmd, args } = echolabCommand([
        "serve",
        "--port",
        "0",
        "--max-clients",
        "2048",
        "--json",
        ...extra,
      ], dir);
      return startServer({ cmd, args, portFrom: _listeningPort });
    },
  };
}

/**
 * Every peer, in table order; the ones missing here carry `unavailable`.
 *
 * @example
 * ```ts
 * for (const p of await allPeers(await buildBench())) console.log(p.id);
 * ```
 */
export async function allPeers(bins: BenchBinaries, echolabDir?: string): Promise<Peer[]> {
  const peers: Peer[] = [
    {
      id: "c-fork",
      label: "C fork server (bench/c)",
      role: "reference",
      start: () =>
        startServer({
          cmd: bins.forkEcho,
          args: ["0"],
          portFrom: (line) => /^port (\d+)$/.exec(line) ? Number(line.slice(5)) : undefined,
        }),
    },
    {
      id: "c-fork-exec",
      label: "C fork server, child execs /bin/cat on the socket",
      role: "reference",
      start: () =>
        startServer({
          cmd: bins.forkEcho,
          args: ["0", "/bin/cat"],
          portFrom: (line) => /^port (\d+)$/.exec(line) ? Number(line.slice(5)) : undefined,
        }),
    },
    {
      id: "socat",
      label: "socat fork EXEC:cat",
      role: "reference",
      unavailable: _onPath("socat") ? undefined : "socat is not installed",
      start: () => {
        const port = freePort();
        return startServer({
          cmd: "socat",
          args: [`TCP-LISTEN:${port},fork,reuseaddr,bind=127.0.0.1,backlog=1024`, "EXEC:cat"],
          port,
        });
      },
    },
    {
      id: "ncat",
      label: "ncat -k --exec /bin/cat",
      role: "reference",
      unavailable: _onPath("ncat") ? undefined : "ncat is not installed",
      start: () => {
        const port = freePort();
        // -m: ncat's default limit is 100 simultaneous connections; the bench holds 256.
        return startServer({
          cmd: "ncat",
          args: ["-l", "127.0.0.1", String(port), "-k", "-m", "2048", "--exec", "/bin/cat"],
          port,
        });
      },
    },
  ];
  const { engines, flag, workers } = await echolabEngines(echolabDir);
  for (const engine of engines) {
    const each = engine === "book" && workers.length ? workers : [undefined];
    for (const worker of each) peers.push(echolabPeer(engine, flag, echolabDir, worker));
  }
  return peers;
}
