/**
 * The client driver (bench/c/echo_load.c) from TypeScript: one function per
 * mode, each bounded in count and time, each parsing the driver's JSON line.
 *
 * @module
 */

/** Result of connection churn (connect, echo one line, close). */
export interface ChurnResult {
  /** Cycles whose echo came back intact. */
  ok: number;
  /** Cycles that failed (connect/read/write error or timeout). */
  errors: number;
  /** Cycles where the server closed before echoing. */
  eof: number;
  /** Cycles whose echo differed from what was sent. */
  mismatch: number;
  /** Wall time of the run. */
  seconds: number;
  /** Intact cycles per second. */
  per_sec: number;
  /** Median cycle time, ms. */
  p50_ms: number;
  /** 99th percentile cycle time, ms. */
  p99_ms: number;
  /** Client threads cycling side by side. */
  concurrency: number;
}

/** Result of bulk echo on one connection. */
export interface BulkResult {
  /** Bytes written. */
  sent: number;
  /** Bytes read back. */
  received: number;
  /** Bytes that came back different. */
  mismatch: number;
  /** Whether the server closed after the half-close. */
  eof: boolean;
  /** ms from the last echoed byte to the server's FIN (-1: none came). */
  eof_ms: number;
  /** Error text, or null. */
  error: string | null;
  /** Seconds until the last byte came back. */
  seconds: number;
  /** Echo throughput, 10^6 bytes per second. */
  mb_per_s: number;
}

/** N clients held open by the driver. */
export interface HeldClients {
  /** Clients whose first echo came back. */
  held: number;
  /** Clients asked for. */
  wanted: number;
  /** Seconds to open them all and get every first echo. */
  openSeconds: number;
  /** Echo once more on each (are they still served?), then close them all. */
  release(): Promise<{ stillServed: number }>;
}

/** Driver processes running now (for {@link killDrivers}). */
const _live = new Set<Deno.ChildProcess>();
let _aborted = false;

function _track(child: Deno.ChildProcess): Deno.ChildProcess {
  if (_aborted) child.kill("SIGKILL"); // started after Ctrl-C: end it at once
  _live.add(child);
  child.status.finally(() => _live.delete(child));
  return child;
}

/**
 * End every driver process still running (on Ctrl-C), by pid, and wait for them.
 *
 * @example
 * ```ts
 * await killDrivers();
 * ```
 */
export async function killDrivers(): Promise<void> {
  _aborted = true;
  const all = [..._live];
  for (const child of all) {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }
  await Promise.all(all.map((c) => c.status));
}

async function _run(bin: string, args: string[]): Promise<Record<string, unknown>> {
  const out = await _track(
    new Deno.Command(bin, { args, stdout: "piped", stderr: "piped" }).spawn(),
  ).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success || !text) {
    throw new Error(`echo_load ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return JSON.parse(text.split("\n").at(-1)!);
}

/**
 * Churn: up to `count` cycles in at most `seconds`, `concurrency` at a time.
 *
 * @example
 * ```ts
 * const r = await churn(bins.echoLoad, port, { count: 2000, seconds: 3, concurrency: 4 });
 * r.per_sec;
 * ```
 */
export async function churn(
  bin: string,
  port: number,
  opts: { count: number; seconds: number; concurrency: number },
): Promise<ChurnResult> {
  const args = ["churn", port, opts.count, opts.seconds, opts.concurrency].map(String);
  return await _run(bin, args) as unknown as ChurnResult;
}

/**
 * Bulk: stream up to `bytes` for at most `seconds` on one connection, echo checked byte by byte.
 *
 * @example
 * ```ts
 * const r = await bulk(bins.echoLoad, port, { bytes: 4e9, seconds: 2 });
 * r.mb_per_s;
 * ```
 */
export async function bulk(
  bin: string,
  port: number,
  opts: { bytes: number; seconds: number },
): Promise<BulkResult> {
  return await _run(
    bin,
    ["bulk", port, opts.bytes, opts.seconds].map(String),
  ) as unknown as BulkResult;
}

/**
 * Open `n` clients at once and keep them until release() (or `seconds` × 2 at most).
 *
 * @example
 * ```ts
 * const h = await hold(bins.echoLoad, port, 256, 30);
 * // … measure the server …
 * await h.release();
 * ```
 */
export async function hold(
  bin: string,
  port: number,
  n: number,
  seconds: number,
): Promise<HeldClients> {
  const child = _track(
    new Deno.Command(bin, {
      args: ["hold", String(port), String(n), String(seconds)],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    }).spawn(),
  );
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const nextLine = async (): Promise<Record<string, unknown>> => {
    for (;;) {
      const nl = buffer.indexOf("\n");
      if (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        return JSON.parse(line);
      }
      const { value, done } = await reader.read();
      if (done) throw new Error("echo_load hold ended early");
      buffer += value;
    }
  };
  const held = await nextLine();
  return {
    held: held.held as number,
    wanted: held.wanted as number,
    openSeconds: held.open_seconds as number,
    async release() {
      const w = child.stdin.getWriter();
      await w.write(new TextEncoder().encode("release\n")).catch(() => {});
      await w.close().catch(() => {});
      const released = await nextLine();
      reader.releaseLock();
      await child.stdout.cancel().catch(() => {});
      await child.status;
      return { stillServed: released.still_served as number };
    },
  };
}

/**
 * Wall time of `count` runs of `cmd` (fork + exec + wait, output to /dev/null), ms each.
 *
 * @example
 * ```ts
 * const ms = await spawnTimes(bins.echoLoad, 10, 20, ["deno", "run", "empty.ts"]);
 * ```
 */
export async function spawnTimes(
  bin: string,
  count: number,
  seconds: number,
  cmd: string[],
): Promise<number[]> {
  const r = await _run(bin, ["spawn", String(count), String(seconds), ...cmd]);
  if ((r.failed as number) > 0) throw new Error(`${cmd.join(" ")} failed ${r.failed} time(s)`);
  return r.ms as number[];
}
