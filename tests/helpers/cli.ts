/**
 * Test helpers: spawn the CLI exactly as users run it (`deno run -P=echolab`,
 * the permission set the compile task bakes in) and read its NDJSON events.
 *
 * @module
 */

import { notePid } from "./pid_identity.ts";
import type { EchoEvent } from "../../lib/events.ts";
import { selfCommand } from "../../lib/sys/self_command.ts";

/** A running echolab process whose stdout is NDJSON. */
export interface CliProcess {
  /** The child process. */
  process: Deno.ChildProcess;
  /** Every event read so far. */
  events: EchoEvent[];
  /** Resolve with the first event (already seen or future) matching `pred`; reject after `ms`. */
  waitFor(pred: (e: EchoEvent) => boolean, ms?: number, what?: string): Promise<EchoEvent>;
  /** Write bytes to stdin. */
  write(data: Uint8Array | string): Promise<void>;
  /** Close stdin. */
  closeStdin(): Promise<void>;
  /** Send a signal. */
  kill(signal?: Deno.Signal): void;
  /** Wait for exit; returns status and all stderr text. */
  finish(): Promise<{ status: Deno.CommandStatus; stderr: string; events: EchoEvent[] }>;
}

/** Options for {@link spawnCli}. */
export interface SpawnOptions {
  /** Extra environment. */
  env?: Record<string, string>;
  /** Wrap the command (e.g. ["unshare", "-rn"]). */
  wrapper?: string[];
}

/** Start `echolab ...args` (optionally under a wrapper) with every stdio piped. */
function _spawn(args: string[], opts: SpawnOptions): Deno.ChildProcess {
  const self = selfCommand(args);
  const [cmd, ...pre] = opts.wrapper ? [...opts.wrapper, self.cmd] : [self.cmd];
  return new Deno.Command(cmd, {
    args: [...pre, ...self.args],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", LANG: "C.UTF-8", ...opts.env },
  }).spawn();
}

/**
 * Spawn `echolab ...args` with piped stdin/stdout/stderr.
 *
 * @example
 * ```ts
 * const serve = spawnCli(["serve", "--port", "0", "--json"]);
 * const listening = await serve.waitFor((e) => e.kind === "listening");
 * ```
 */
export function spawnCli(args: string[], opts: SpawnOptions = {}): CliProcess {
  const process = _spawn(args, opts);
  const events: EchoEvent[] = [];
  const waiters: { pred: (e: EchoEvent) => boolean; resolve: (e: EchoEvent) => void }[] = [];
  const stdoutDone = (async () => {
    let pending = "";
    const decoder = new TextDecoder();
    for await (const chunk of process.stdout) {
      pending += decoder.decode(chunk, { stream: true });
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!line.trim()) continue;
        let e: EchoEvent;
        try {
          e = JSON.parse(line);
        } catch {
          throw new Error(`stdout line is not JSON: ${line}`);
        }
        // Pids named while the run goes on are alive now: note their start times.
        for (const key of ["pid", "child"]) if (typeof e[key] === "number") notePid(e[key]);
        events.push(e);
        for (const w of [...waiters]) {
          if (w.pred(e)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(e);
          }
        }
      }
    }
  })();
  const stderrText = new Response(process.stderr).text();
  const writer = process.stdin.getWriter();
  let stdinClosed = false;
  return {
    process,
    events,
    waitFor(pred, ms = 10000, what = "event") {
      const seen = events.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(entry), 1);
          reject(
            new Error(
              `timed out after ${ms} ms waiting for ${what}; events: ${JSON.stringify(events)}`,
            ),
          );
        }, ms);
        const entry = {
          pred,
          resolve: (e: EchoEvent) => {
            clearTimeout(timer);
            resolve(e);
          },
        };
        waiters.push(entry);
      });
    },
    async write(data) {
      await writer.write(typeof data === "string" ? new TextEncoder().encode(data) : data);
    },
    async closeStdin() {
      if (stdinClosed) return;
      stdinClosed = true;
      await writer.close().catch(() => {});
    },
    kill(signal = "SIGTERM") {
      try {
        process.kill(signal);
      } catch { /* already exited */ }
    },
    async finish() {
      if (!stdinClosed) {
        stdinClosed = true;
        await writer.close().catch(() => {});
      }
      const status = await process.status;
      await stdoutDone;
      return { status, stderr: await stderrText, events };
    },
  };
}

/**
 * Start `echolab serve --port 0 --json …args`: a port the kernel picks, NDJSON events.
 *
 * @example
 * ```ts
 * const serve = spawnServe(["--max-clients", "3"]);
 * const port = await listeningPort(serve);
 * ```
 */
export function spawnServe(args: string[] = [], opts: SpawnOptions = {}): CliProcess {
  return spawnCli(["serve", "--port", "0", "--json", ...args], opts);
}

/** Wait for a server's `listening` event and return the port it names. */
export async function listeningPort(serve: CliProcess): Promise<number> {
  const listening = await serve.waitFor((e) => e.kind === "listening");
  return listening.port as number;
}

/**
 * Run echolab to completion with `input` on stdin; collect stdout bytes and stderr text.
 *
 * @example
 * ```ts
 * const r = await runCli(["--version"]);
 * ```
 */
export async function runCli(
  args: string[],
  input: Uint8Array | string = "",
  opts: SpawnOptions = {},
): Promise<{ code: number; stdout: Uint8Array; stderr: string }> {
  const child = _spawn(args, opts);
  // Feed stdin while reading the output, so large inputs cannot deadlock on full pipes.
  const feeding = (async () => {
    const w = child.stdin.getWriter();
    await w.write(typeof input === "string" ? new TextEncoder().encode(input) : input).catch(
      () => {},
    );
    await w.close().catch(() => {});
  })();
  const out = await child.output();
  await feeding;
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

/** Parse NDJSON bytes into events. */
export function parseEvents(stdout: Uint8Array): EchoEvent[] {
  return new TextDecoder().decode(stdout).split("\n").filter((l) => l.trim()).map((l) =>
    JSON.parse(l)
  );
}
