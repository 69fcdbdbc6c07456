/**
 * Measure one peer: churn, bulk throughput, memory per held client, and a
 * SIGTERM shutdown with live children. Every step is bounded in count and
 * time; the server is always stopped, and its whole tree with it.
 *
 * @module
 */

import { descendants, memAvailableKiB, treeMemory } from "../../tests/helpers/proc_tree.ts";
import { bulk, type BulkResult, churn, type ChurnResult, hold } from "./driver.ts";
import type { Peer } from "./peers.ts";
import type { ServerProcess, StopResult } from "./server_process.ts";

/** Limits for one peer's run. */
export interface MeasureOptions {
  /** Driver binary. */
  echoLoad: string;
  /** Churn: at most this many cycles … */
  churnCount: number;
  /** … in at most this many seconds … */
  churnSeconds: number;
  /** … this many clients side by side. */
  churnConcurrency: number;
  /** Bulk: seconds of streaming per run. */
  bulkSeconds: number;
  /** Bulk: runs (the median is kept). */
  bulkRuns: number;
  /** Clients to hold for the memory figure. */
  holdClients: number;
  /** Live children when the server gets SIGTERM. */
  shutdownChildren: number;
  /** Progress notes (stderr). */
  note(text: string): void;
}

/** Memory of the server's process tree with N clients held. */
export interface HoldFigures {
  /** Clients asked for. */
  wanted: number;
  /** Clients whose echo came back. */
  held: number;
  /** Of those, still echoing when released. */
  stillServed: number;
  /** Seconds to open them all. */
  openSeconds: number;
  /** Tree RSS with no client, KiB. */
  baselineKiB: number;
  /** Tree RSS with the clients held, KiB. */
  heldKiB: number;
  /** Tree RSS after they left, KiB. */
  afterKiB: number;
  /** (held − baseline) / held, KiB. */
  rssPerClientKiB: number;
  /** The same from PSS (shared pages divided among sharers), KiB. */
  pssPerClientKiB: number;
  /** Processes in the tree per held client. */
  processesPerClient: number;
  /** Why fewer clients were asked for than planned, if so. */
  guard?: string;
}

/** Everything measured for one peer. */
export interface PeerFigures {
  /** Peer id. */
  id: string;
  /** Peer label. */
  label: string;
  /** reference, echolab or prototype. */
  role: Peer["role"];
  /** Why it was not measured. */
  skipped?: string;
  /** Connection churn. */
  churn?: ChurnResult;
  /** Bulk echo (median run). */
  bulk?: BulkResult;
  /** Held clients and memory. */
  hold?: HoldFigures;
  /** SIGTERM with live children; `descendants`: processes in the tree when it came. */
  shutdown?: StopResult & { descendants: number };
  /** Anything that went wrong. */
  errors: string[];
}

const _sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait (bounded) until the server has no descendants left. */
async function _drain(pid: number, ms = 15000): Promise<boolean> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (descendants(pid).length === 0) return true;
    await _sleep(20);
  }
  return false;
}

function _median<T>(xs: T[], key: (x: T) => number): T {
  return [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)];
}

async function _memoryWith(
  srv: ServerProcess,
  opts: MeasureOptions,
  n: number,
): Promise<HoldFigures> {
  await _drain(srv.pid);
  await _sleep(200);
  const base = treeMemory(srv.pid);
  const h = await hold(opts.echoLoad, srv.port, n, 60);
  await _sleep(300); // let the last children finish starting
  const held = treeMemory(srv.pid);
  const { stillServed } = await h.release();
  await _drain(srv.pid);
  await _sleep(200);
  const after = treeMemory(srv.pid);
  const per = (k: number) => h.held ? Math.max(0, k) / h.held : 0;
  return {
    wanted: n,
    held: h.held,
    stillServed,
    openSeconds: h.openSeconds,
    baselineKiB: base.rssKiB,
    heldKiB: held.rssKiB,
    afterKiB: after.rssKiB,
    rssPerClientKiB: per(held.rssKiB - base.rssKiB),
    pssPerClientKiB: per(held.pssKiB - base.pssKiB),
    processesPerClient: h.held ? (held.processes - base.processes) / h.held : 0,
  };
}

/**
 * Start `peer`, measure it, stop it (always). Failures land in `errors`.
 *
 * @example
 * ```ts
 * const figures = await measurePeer(peer, { echoLoad, churnCount: 2000, … });
 * ```
 */
export async function measurePeer(peer: Peer, opts: MeasureOptions): Promise<PeerFigures> {
  const fig: PeerFigures = { id: peer.id, label: peer.label, role: peer.role, errors: [] };
  if (peer.unavailable) {
    fig.skipped = peer.unavailable;
    return fig;
  }
  let srv: ServerProcess;
  try {
    srv = await peer.start();
  } catch (err) {
    fig.skipped = `did not start: ${err instanceof Error ? err.message : err}`;
    return fig;
  }
  let stopped = false;
  try {
    opts.note(`${peer.id}: churn`);
    await churn(opts.echoLoad, srv.port, { count: 20, seconds: 5, concurrency: 1 }); // warm up
    fig.churn = await churn(opts.echoLoad, srv.port, {
      count: opts.churnCount,
      seconds: opts.churnSeconds,
      concurrency: opts.churnConcurrency,
    });
    await _drain(srv.pid);

    opts.note(`${peer.id}: bulk`);
    const runs: BulkResult[] = [];
    for (let i = 0; i < opts.bulkRuns; i++) {
      runs.push(await bulk(opts.echoLoad, srv.port, { bytes: 8e9, seconds: opts.bulkSeconds }));
    }
    fig.bulk = _median(runs, (r) => r.mb_per_s);

    // Memory guard: estimate from a few clients, then use at most half of what is available.
    opts.note(`${peer.id}: hold ${opts.holdClients}`);
    const probe = await _memoryWith(srv, opts, 8);
    const perClient = Math.max(probe.rssPerClientKiB, 1024);
    const fits = Math.floor(memAvailableKiB() / 2 / perClient);
    const n = Math.min(opts.holdClients, fits);
    fig.hold = await _memoryWith(srv, opts, n);
    if (n < opts.holdClients) {
      fig.hold.guard = `memory guard: ${opts.holdClients} × ~${
        Math.round(perClient / 1024)
      } MiB > half of MemAvailable`;
    }

    opts.note(`${peer.id}: SIGTERM with ${opts.shutdownChildren} live children`);
    await _drain(srv.pid);
    const h = await hold(opts.echoLoad, srv.port, opts.shutdownChildren, 60);
    await _sleep(300);
    const tree = descendants(srv.pid).length;
    const result = await srv.stop("SIGTERM");
    stopped = true;
    await h.release();
    fig.shutdown = { ...result, descendants: tree };
  } catch (err) {
    fig.errors.push(err instanceof Error ? err.message : String(err));
  } finally {
    if (!stopped) await srv.stop("SIGTERM");
  }
  return fig;
}
