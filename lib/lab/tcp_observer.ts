/**
 * Watching the client host's kernel while a scenario runs: every tail loss
 * probe, RTO retransmission, keepalive probe, state change, give-up and
 * reset of the lab's one connection, with the kernel's own RTO beside it.
 *
 * Two sources, both per network namespace: the TCP counters
 * (/proc/net/snmp, /proc/net/netstat), cheap enough to poll every 10 ms, and
 * the connection's row in /proc/net/tcp (state, retransmit count, RTO), read
 * when a counter moves and every 50 ms otherwise — the kernel walks its whole
 * established hash to print that file, so it is read sparingly.
 *
 * @module
 */

import type { EventBus } from "../events.ts";
import { type Counters, readCounters } from "./net_counters.ts";
import {
  type FullTcpSocketRow as TcpRow,
  isFullSocket,
  parseNetTcp,
} from "../proc/parse_net_tcp.ts";
import { readProc, readProcAsync } from "../proc/proc_file.ts";

/** One retransmission of the unacknowledged segment. */
export interface Retransmission {
  /** 1, 2, 3 … over all kinds, counted per connection. */
  n: number;
  /** `tlp`: a tail loss probe (RFC 8985); `rto`: the retransmission timer expired. */
  kind: "tlp" | "rto";
  /** Milliseconds since the observer's mark (the client's write). */
  atMs: number;
  /** The kernel's RTO right after it (ms), from /proc/net/tcp. */
  rtoMs?: number;
}

/** What to watch. */
export interface ObserverOptions {
  /**
   * The client socket's local port. Default: any connection to `remotePort`:
   * the newest one (a new client is followed from when it appears, and the
   * per-connection counts start again), else the one followed so far.
   */
  localPort?: number;
  /** The server's port. */
  remotePort: number;
  /** Also follow the ARP entry of this address (/proc/net/arp). */
  neighbour?: string;
  /**
   * Whose ARP table holds that entry: this namespace's (default) or another
   * host's, e.g. the router's `/proc/PID/net/arp`, with its name for the events.
   */
  arpTable?: { file: string; host: string };
  /** Catalogue entry for RTO retransmissions (default `rto-retransmit`). */
  rtoTopic?: string;
  /** Counter poll interval (default 10 ms). */
  intervalMs?: number;
}

/** Where the observer reads the kernel: this namespace's /proc (tests give fixed text). */
export interface ObserverSource {
  /** The TCP counters (/proc/net/snmp and /proc/net/netstat). */
  counters(): Counters;
  /** The text of /proc/net/tcp. */
  table(): Promise<string>;
}

const _PROC: ObserverSource = {
  counters: readCounters,
  table: () => readProcAsync("/proc/net/tcp"),
};

const _sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function _delta(now: Counters, before: Counters, key: string): number {
  return (now[key] ?? 0) - (before[key] ?? 0);
}

function _arpState(
  ip: string,
  file = "/proc/net/arp",
): { state: string; mac: string } | undefined {
  let text: string;
  try {
    text = readProc(file);
  } catch {
    return undefined; // the host that owned the table is gone
  }
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== ip) continue;
    const flags = parseInt(f[2], 16);
    // ATF_COM (0x2): the kernel holds a usable link-layer address (REACHABLE,
    // STALE, DELAY, PROBE); without it the entry is INCOMPLETE or FAILED.
    return { state: flags & 0x2 ? "resolved" : "unresolved", mac: f[3] };
  }
  return undefined;
}

/**
 * Polls the kernel and emits `kernel` events on the bus.
 *
 * @example
 * ```ts
 * const obs = new TcpObserver(bus, { localPort: 40000, remotePort: 9877 });
 * obs.mark();
 * obs.start();
 * // … the connection fails …
 * await obs.stop();
 * obs.retransmissions; // [{ n: 1, kind: "tlp", atMs: 217 }, …]
 * ```
 */
export class TcpObserver {
  /** Retransmissions of the current connection, in order. */
  readonly retransmissions: Retransmission[] = [];
  /** Keepalive probes of the current connection (ms since the mark). */
  readonly probes: { n: number; atMs: number }[] = [];
  /** States the connection went through, with times. */
  readonly states: { state: string; atMs: number }[] = [];
  /** Changes of the followed ARP entry, with times. */
  readonly neighbourChanges: { state: string; atMs: number }[] = [];
  /** When the kernel gave up on the connection (TCPAbortOnTimeout), if it did. */
  gaveUpAtMs?: number;
  /** When an RST ended the connection, if one did. */
  resetAtMs?: number;
  /** The connection's last row in /proc/net/tcp. */
  lastRow?: TcpRow;
  #bus: EventBus;
  #opts: ObserverOptions;
  #source: ObserverSource;
  #mark = performance.now();
  #running?: Promise<void>;
  #stop = false;
  #lastEventAt = 0;
  #neighbour?: string;
  /** The state last reported (undefined until polling starts). */
  #state?: string;
  /** Local port of the connection followed. */
  #following?: number;
  /** Local ports of the connections to `remotePort` in the last read of the table. */
  #present = new Set<number>();

  /** Watch the connection `opts` names (in `source`, this namespace's /proc by default); events go to `bus`. */
  constructor(bus: EventBus, opts: ObserverOptions, source: ObserverSource = _PROC) {
    this.#bus = bus;
    this.#opts = opts;
    this.#source = source;
  }

  /** Make now the zero of every `at_ms` (e.g. the moment of the client's write). */
  mark(): void {
    this.#mark = performance.now();
    this.#lastEventAt = 0;
  }

  /** Milliseconds since the mark. */
  sinceMark(): number {
    return Math.round(performance.now() - this.#mark);
  }

  /**
   * The connection's row, read now (undefined once the kernel has dropped it).
   * While polling, a state change seen here is reported at once, so it comes
   * before whatever the caller does next (a write, say), however late the loop.
   */
  /** How many times a new connection was taken up (see {@link row}). */
  #connections = 0;

  async row(): Promise<TcpRow | undefined> {
    const rows = parseNetTcp(await this.#source.table()).filter(isFullSocket);
    const { localPort, remotePort } = this.#opts;
    const ours = rows.filter((r) =>
      r.foreignPort === remotePort && (localPort === undefined || r.localPort === localPort)
    );
    const polling = this.#state !== undefined;
    // Follow the newest connection (one not in the last read), else the one followed so far.
    const fresh = polling ? ours.filter((r) => !this.#present.has(r.localPort)) : [];
    const row = fresh.at(-1) ?? ours.find((r) => r.localPort === this.#following) ?? ours[0];
    let at = this.sinceMark();
    // Only when no port is fixed: with one, a row missing from one read of
    // /proc/net/tcp (reads are not atomic) must not look like a new connection.
    const follows = localPort === undefined;
    if (
      follows && polling && row &&
      (row.localPort !== this.#following || this.#state === "CLOSED")
    ) {
      // A connection new to the observer: the old one, if it is gone, is reported CLOSED; the
      // new one is reported as coming from CLOSED (it had no row), and its counts and times
      // start again.
      if (!ours.some((r) => r.localPort === this.#following)) this.#noteState("CLOSED", at);
      this.#state = "CLOSED";
      this.#newConnection();
      at = this.sinceMark();
    }
    this.#present = new Set(ours.map((r) => r.localPort));
    if (row) {
      this.lastRow = row;
      this.#following = row.localPort;
    }
    if (polling) this.#noteState(row?.state ?? "CLOSED", at);
    return row;
  }

  /**
   * A new connection is followed: its retransmissions and probes count from 1
   * again, and their times from the moment it appeared.
   */
  #newConnection(): void {
    this.#connections++;
    this.mark();
    this.retransmissions.length = 0;
    this.probes.length = 0;
    this.gaveUpAtMs = undefined;
    this.resetAtMs = undefined;
  }

  #noteState(next: string, at: number): void {
    if (next === this.#state) return;
    this.states.push({ state: next, atMs: at });
    this.#bus.emit("kernel", "tcp-state", { from: this.#state, to: next, at_ms: at });
    this.#state = next;
  }

  /** Start polling. */
  start(): void {
    this.#stop = false;
    this.#running ??= this.#loop();
  }

  /** Stop polling (after one last look). */
  async stop(): Promise<void> {
    this.#stop = true;
    await this.#running;
    this.#running = undefined;
    this.#state = undefined; // no more reports
  }

  async #loop(): Promise<void> {
    let before = this.#source.counters();
    this.#state = undefined;
    const first = (await this.row())?.state ?? "CLOSED";
    this.states.push({ state: first, atMs: this.sinceMark() });
    this.#state = first;
    let rto = this.lastRow?.rtoMs;
    let lastTable = performance.now();
    if (this.#opts.neighbour) {
      this.#neighbour = _arpState(this.#opts.neighbour, this.#opts.arpTable?.file)?.state;
    }
    for (;;) {
      const last = this.#stop;
      await _sleep(this.#opts.intervalMs ?? 10);
      const now = this.#source.counters();
      const at = this.sinceMark();
      const moved = ["RetransSegs", "TCPKeepAlive", "TCPAbortOnTimeout", "EstabResets", "InSegs"]
        .some((k) => _delta(now, before, k) !== 0);
      let row: TcpRow | undefined = this.lastRow;
      if (moved || performance.now() - lastTable >= 50 || last) {
        const connections = this.#connections;
        row = await this.row(); // reports a state change itself
        if (this.#connections !== connections) {
          // A new connection was taken up in this read: its clock and counts
          // start now, and this poll's deltas cannot be told apart (old or new).
          before = now;
          lastTable = performance.now();
          rto = row?.rtoMs;
          if (last) return;
          continue;
        }
        lastTable = performance.now();
        if (row && rto !== undefined && row.rtoMs < rto && row.retransmits > 0) {
          // RFC 6069: an ICMP unreachable for a retransmission undoes one backoff.
          this.#bus.emit("kernel", "rto-revert", { from_ms: rto, to_ms: row.rtoMs, at_ms: at });
        }
        if (row) rto = row.rtoMs;
      }
      this.#retransmits(now, before, at, row);
      this.#keepalive(now, before, at);
      this.#endings(now, before, at);
      if (this.#opts.neighbour) this.#followNeighbour(this.#opts.neighbour, at);
      before = now;
      if (last) return;
    }
  }

  #retransmits(now: Counters, before: Counters, at: number, row: TcpRow | undefined): void {
    const segs = _delta(now, before, "RetransSegs");
    const tlps = _delta(now, before, "TCPLossProbes");
    for (let i = 0; i < segs; i++) {
      const kind = i < tlps ? "tlp" : "rto";
      const r: Retransmission = {
        n: this.retransmissions.length + 1,
        kind,
        atMs: at,
        ...(row ? { rtoMs: row.rtoMs } : {}),
      };
      this.retransmissions.push(r);
      this.#bus.emit("kernel", "retransmit", {
        n: r.n,
        trigger: kind,
        at_ms: at,
        gap_ms: at - this.#lastEventAt,
        ...(kind === "rto" && row ? { rto_ms: row.rtoMs, backoffs: row.retransmits } : {}),
        topic: kind === "tlp" ? "tail-loss-probe" : this.#opts.rtoTopic ?? "rto-retransmit",
      });
      this.#lastEventAt = at;
    }
  }

  #keepalive(now: Counters, before: Counters, at: number): void {
    for (let i = 0; i < _delta(now, before, "TCPKeepAlive"); i++) {
      const n = this.probes.length + 1;
      this.probes.push({ n, atMs: at });
      this.#bus.emit("kernel", "keepalive-probe", {
        n,
        at_ms: at,
        gap_ms: at - this.#lastEventAt,
      });
      this.#lastEventAt = at;
    }
  }

  #endings(now: Counters, before: Counters, at: number): void {
    if (_delta(now, before, "TCPAbortOnTimeout") > 0 && this.gaveUpAtMs === undefined) {
      this.gaveUpAtMs = at;
      // Keepalive probes with nothing retransmitted: the probes ran out, not the retransmission budget.
      const keepalive = this.probes.length > 0 && this.retransmissions.length === 0;
      this.#bus.emit("kernel", "tcp-gave-up", {
        at_ms: at,
        retransmissions: this.retransmissions.length,
        probes: this.probes.length,
        ...(keepalive ? { topic: "keepalive-timeout" } : {}),
      });
    } else if (
      _delta(now, before, "EstabResets") > 0 && this.gaveUpAtMs === undefined &&
      this.resetAtMs === undefined && _delta(now, before, "InSegs") > 0
    ) {
      // The connection left ESTABLISHED/CLOSE_WAIT because a segment came in: an RST.
      this.resetAtMs = at;
      this.#bus.emit("kernel", "rst-received", { at_ms: at });
    }
  }

  #followNeighbour(ip: string, at: number): void {
    const entry = _arpState(ip, this.#opts.arpTable?.file);
    const state = entry?.state ?? "absent";
    if (state === this.#neighbour) return;
    this.#neighbour = state;
    this.neighbourChanges.push({ state, atMs: at });
    const host = this.#opts.arpTable?.host;
    this.#bus.emit("kernel", "neighbour", {
      ip,
      state,
      mac: entry?.mac,
      at_ms: at,
      ...(host ? { host } : {}),
    });
  }
}
