/**
 * A server process the bench started: its pid and port, its stdout drained
 * line by line (so it never blocks on a full pipe), and a stop() that ends
 * it and everything it started — nothing is left behind.
 *
 * @module
 */

import { descendantsOf, procStat } from "../../lib/proc/process_tree.ts";

/** How a stopped server ended. */
export interface StopResult {
  /** Exit code (signal deaths: 128 + signal number, as a shell shows). */
  code: number;
  /** Signal that ended it, if one did. */
  signal: string | null;
  /** Milliseconds from the stop signal until the server and all its descendants were gone (reaped). */
  ms: number;
  /** Descendants still alive after the server exited (same pid and start time), killed. */
  leftovers: number;
  /** Whether the server needed SIGKILL. */
  killed: boolean;
}

/** A running server. */
export interface ServerProcess {
  /** Server pid (the root of its process tree). */
  pid: number;
  /** Loopback port it listens on. */
  port: number;
  /** Every stdout line so far (NDJSON events for echolab). */
  lines: string[];
  /** Last stderr text (for error messages). */
  stderr(): string;
  /** Send `signal`, wait for the server and its descendants to end (SIGKILL after `graceMs`). */
  stop(signal?: Deno.Signal, graceMs?: number): Promise<StopResult>;
}

/** How to start a server. */
export interface ServerLaunch {
  /** Program. */
  cmd: string;
  /** Arguments. */
  args: string[];
  /** Port from a stdout line, when the server announces it (else `port` is used). */
  portFrom?: (line: string) => number | undefined;
  /** The port, when chosen beforehand. */
  port?: number;
  /** Give up waiting for readiness after this many ms. */
  readyMs?: number;
}

/**
 * A port that was free a moment ago on 127.0.0.1 (for servers that need a number).
 *
 * @example
 * ```ts
 * const port = freePort();
 * ```
 */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/**
 * Whether the process recorded as `p` still runs (not a zombie): the same pid
 * with the same start time, so a pid the kernel gave to someone else since is
 * never taken for it.
 */
function _alive(p: { pid: number; startTicks: number }): boolean {
  const now = procStat(p.pid);
  return now?.startTicks === p.startTicks && now.state !== "Z";
}

function _exists(p: { pid: number; startTicks: number }): boolean {
  return procStat(p.pid)?.startTicks === p.startTicks;
}

async function _connectable(port: number): Promise<boolean> {
  try {
    const c = await Deno.connect({ hostname: "127.0.0.1", port });
    c.close();
    return true;
  } catch {
    return false;
  }
}

const _sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Servers started and not yet stopped (for {@link stopAllServers}). */
const _live = new Set<ServerProcess>();

/**
 * Stop every server still running (on Ctrl-C): nothing is left behind.
 *
 * @example
 * ```ts
 * Deno.addSignalListener("SIGINT", async () => { await stopAllServers(); Deno.exit(130); });
 * ```
 */
export async function stopAllServers(): Promise<void> {
  await Promise.all([..._live].map((s) => s.stop("SIGTERM", 1000)));
}

/**
 * Start a server and wait until it accepts connections (bounded by `readyMs`).
 *
 * @example
 * ```ts
 * const srv = await startServer({ cmd: "socat", args: [...], port });
 * await srv.stop();
 * ```
 */
export async function startServer(launch: ServerLaunch): Promise<ServerProcess> {
  const child = new Deno.Command(launch.cmd, {
    args: launch.args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", LANG: "C.UTF-8" },
  }).spawn();
  const lines: string[] = [];
  let err = "";
  let port = launch.port;
  let announced: (() => void) | undefined;
  const drained = (async () => {
    let pending = "";
    const dec = new TextDecoder();
    for await (const chunk of child.stdout) {
      pending += dec.decode(chunk, { stream: true });
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        lines.push(line);
        if (port === undefined && launch.portFrom) {
          port = launch.portFrom(line);
          if (port !== undefined) announced?.();
        }
      }
    }
  })();
  const errDone = (async () => {
    const dec = new TextDecoder();
    for await (const chunk of child.stderr) err = (err + dec.decode(chunk)).slice(-4000);
  })();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });

  let stopping: Promise<StopResult> | undefined;
  const stop = (signal: Deno.Signal = "SIGTERM", graceMs = 3000): Promise<StopResult> => {
    stopping ??= _stop(signal, graceMs).finally(() => _live.delete(server));
    return stopping;
  };
  const _stop = async (signal: Deno.Signal, graceMs: number): Promise<StopResult> => {
    // Each with its start time: a pid reused by the time it is killed is not ours.
    const tree = descendantsOf(child.pid).map((r) => ({ pid: r.pid, startTicks: r.startTicks }));
    const t0 = performance.now();
    let killed = false;
    try {
      child.kill(signal);
    } catch { /* already gone */ }
    const timer = setTimeout(() => {
      killed = true;
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    }, graceMs);
    const s = await status;
    clearTimeout(timer);
    // Wait (bounded) for the tree to empty; then end, by pid, whatever is left.
    const end = performance.now() + graceMs;
    while (tree.some(_exists) && performance.now() < end) await _sleep(5);
    const ms = performance.now() - t0;
    let leftovers = 0;
    for (const p of tree.filter(_alive)) {
      leftovers++;
      try {
        Deno.kill(p.pid, "SIGKILL");
      } catch { /* gone */ }
    }
    await drained;
    await errDone;
    return { code: s.code, signal: s.signal, ms, leftovers, killed };
  };

  const readyBy = performance.now() + (launch.readyMs ?? 10000);
  if (port === undefined) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      new Promise<void>((r) => (announced = r)),
      status,
      new Promise<void>((r) => (timer = setTimeout(r, launch.readyMs ?? 10000))),
    ]);
    clearTimeout(timer);
  }
  const server: ServerProcess = { pid: child.pid, port: 0, lines, stderr: () => err, stop };
  _live.add(server);
  while (!exited && port !== undefined && performance.now() < readyBy) {
    if (await _connectable(port)) {
      server.port = port;
      return server;
    }
    await _sleep(20);
  }
  await stop("SIGKILL");
  throw new Error(`${launch.cmd} did not start listening: ${err.trim().split("\n").at(-1) ?? ""}`);
}
