/**
 * Measure one peer: churn, bulk throughput, memory per held client, and a
 * SIGTERM shutdown with live children. Every step is bounded in count and
 * time; the server is always stopped, and its whole tree with it.
 *
 * @module
 */

import { descendantsOf } from "../../lib/proc/process_tree.ts";
import { memAvailableKiB, treeMemory } from "../../lib/proc/tree_memory.ts";
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
  /** Rounds of churn + bulk over every peer (medians kept). */
  rounds: number;
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
  /** Every churn run (integrity is checked over all of them). */
  churnRuns?: ChurnResult[];
  /** Every bulk run. */
  bulkRuns?: BulkResult[];
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
    if (descendantsOf(pid).length === 0) return true;
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
  const h = await hold(opts.echoLoad, srv.port, n, 30);
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

interface _Running {
  peer: Peer;
  srv: ServerProcess;
  fig: PeerFigures;
}

/**
 * Measure every peer side by side: start them all, then churn and bulk in
 * interleaved rounds (each round visits every peer, so a change in machine
 * load hits all of them alike; medians kept), then memory with held clients
 * and a SIGTERM shutdown, one peer at a time. Every server is stopped at the
 * end whatever happens; failures land in `errors`.
 *
 * @example
 * ```ts
 * const figures = await measurePeers(peers, { echoLoad, churnCount: 2000, … });
 * ```
 */
export async function measurePeers(
  peers: Peer[],
  opts: MeasureOptions,
): Promise<PeerFigures[]> {
  const figures: PeerFigures[] = [];
  const running: _Running[] = [];
  try {
    for (const peer of peers) {
      const fig: PeerFigures = { id: peer.id, label: peer.label, role: peer.role, errors: [] };
      figures.push(fig);
      if (peer.unavailable) {
        fig.skipped = peer.unavailable;
        continue;
      }
      try {
        const srv = await peer.start();
        await churn(opts.echoLoad, srv.port, { count: 20, seconds: 5, concurrency: 1 }); // warm up
        running.push({ peer, srv, fig });
      } catch (err) {
        fig.skipped = `did not start: ${err instanceof Error ? err.message : err}`;
      }
    }
    const churns = new Map<_Running, ChurnResult[]>(), bulks = new Map<_Running, BulkResult[]>();
    for (let round = 1; round <= opts.rounds; round++) {
      for (const r of running) {
        opts.note(`round ${round}/${opts.rounds}: ${r.peer.id} churn, bulk`);
        try {
          await _drain(r.srv.pid);
          const c = await churn(opts.echoLoad, r.srv.port, {
            count: opts.churnCount,
            seconds: opts.churnSeconds,
            concurrency: opts.churnConcurrency,
          });
          churns.set(r, [...churns.get(r) ?? [], c]);
          await _drain(r.srv.pid);
          const b = await bulk(opts.echoLoad, r.srv.port, {
            bytes: 8e9,
            seconds: opts.bulkSeconds,
          });
          bulks.set(r, [...bulks.get(r) ?? [], b]);
        } catch (err) {
          r.fig.errors.push(err instanceof Error ? err.message : String(err));
        }
      }
    }
    for (const r of running) {
      const cs = churns.get(r) ?? [], bs = bulks.get(r) ?? [];
      if (cs.length) r.fig.churn = _median(cs, (x) => x.per_sec);
      if (bs.length) r.fig.bulk = _median(bs, (x) => x.mb_per_s);
      r.fig.churnRuns = cs;
      r.fig.bulkRuns = bs;
    }
    for (const r of running) {
      await _memoryAndShutdown(r.srv, r.fig, opts);
    }
  } finally {
    await Promise.all(running.map((r) => r.srv.stop("SIGTERM")));
  }
  return figures;
}

async function _memoryAndShutdown(
  srv: ServerProcess,
  fig: PeerFigures,
  opts: MeasureOptions,
): Promise<void> {
  try {
    // Memory guard: estimate from a few clients, then use at most half of what is available.
    opts.note(`${fig.id}: hold ${opts.holdClients}`);
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

    opts.note(`${fig.id}: SIGTERM with ${opts.shutdownChildren} live clients`);
    await _drain(srv.pid);
    const h = await hold(opts.echoLoad, srv.port, opts.shutdownChildren, 30);
    await _sleep(300);
    const tree = descendantsOf(srv.pid).length;
    const result = await srv.stop("SIGTERM");
    await h.release();
    fig.shutdown = { ...result, descendants: tree };
  } catch (err) {
    fig.errors.push(err instanceof Error ? err.message : String(err));
  }
}
