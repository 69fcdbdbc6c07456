/**
 * The changes between two looks, each tied to the catalogue entry that
 * explains it (`lib/explain/entries/watch.ts`). Pure: tests feed it
 * hand-made snapshots.
 *
 * @module
 */

import type { Actor } from "../events.ts";
import type { ProcessRow } from "../proc/process_table.ts";
import type { WatchedSocket, WatchSnapshot } from "./snapshot.ts";

/** One observed change. */
export interface WatchChange {
  /** Catalogue id of the explanation (`watch-close-wait` …). */
  topic: string;
  /** Who it happened to: the server's or the client's side, a child, the kernel. */
  actor: Actor;
  /** A socket or a process. */
  subject: "socket" | "process";
  /** The socket's key or the process's pid. */
  key: string | number;
  /** The row before the change (absent: it appeared). */
  before?: Record<string, unknown>;
  /** The row after the change (absent: it went away). */
  after?: Record<string, unknown>;
  /** Values for the line's `{placeholders}`. */
  fields: Record<string, string | number>;
}

const _STATE_TOPIC: Record<string, string> = {
  LISTEN: "watch-listen",
  SYN_SENT: "watch-syn-sent",
  SYN_RECV: "watch-syn-recv",
  ESTABLISHED: "watch-established",
  FIN_WAIT1: "watch-fin-wait1",
  FIN_WAIT2: "watch-fin-wait2",
  CLOSE_WAIT: "watch-close-wait",
  LAST_ACK: "watch-last-ack",
  CLOSING: "watch-closing",
  TIME_WAIT: "watch-time-wait",
};

/**
 * The socket columns a change reports (what `ss -tan -o` shows).
 *
 * @example
 * ```ts
 * socketFacts(sock).state; // "CLOSE_WAIT"
 * ```
 */
export function socketFacts(s: WatchedSocket): Record<string, unknown> {
  const facts: Record<string, unknown> = {
    state: s.state,
    recvQ: s.recvQ,
    sendQ: s.sendQ,
    local: s.local,
    foreign: s.foreign,
    side: s.side,
    timer: s.timer,
    timerMs: s.timerMs,
    retransmits: s.retransmits,
  };
  if (s.host) facts.host = s.host;
  return facts;
}

/**
 * The process columns a change reports (what `ps -o pid,ppid,stat,wchan,args` shows).
 *
 * @example
 * ```ts
 * processFacts(row).stat; // "Z"
 * ```
 */
export function processFacts(p: ProcessRow): Record<string, unknown> {
  return { pid: p.pid, ppid: p.ppid, stat: p.stat, wchan: p.wchan, args: p.args };
}

function _socketActor(s: WatchedSocket): Actor {
  return s.side === "client" ? "client" : "server";
}

function _socketFields(s: WatchedSocket, port: number): Record<string, string | number> {
  return {
    side: s.side === "listen" ? "server" : s.side,
    peer: s.side === "client" ? "server" : "client",
    local: s.local,
    foreign: s.foreign,
    conn: `${s.local} ↔ ${s.foreign}`,
    recvQ: s.recvQ,
    sendQ: s.sendQ,
    n: s.retransmits,
    port,
    state: s.state,
  };
}

function _stateTopic(s: WatchedSocket): string | undefined {
  if (s.state === "CLOSE_WAIT" && s.recvQ === 0) return "watch-close-wait-read";
  return _STATE_TOPIC[s.state];
}

function _socketChanges(
  before: WatchedSocket | undefined,
  after: WatchedSocket | undefined,
  port: number,
): WatchChange[] {
  const s = (after ?? before)!;
  const base = {
    actor: _socketActor(s),
    subject: "socket" as const,
    key: s.key,
    ...(before ? { before: socketFacts(before) } : {}),
    ...(after ? { after: socketFacts(after) } : {}),
  };
  const fields = _socketFields(s, port);
  if (!after) {
    const topic = before!.state === "LISTEN"
      ? "watch-listen-gone"
      : before!.state === "TIME_WAIT"
      ? "watch-time-wait-end"
      : "watch-socket-gone";
    return [{ ...base, topic, fields: { ...fields, before: before!.state } }];
  }
  const out: WatchChange[] = [];
  if (!before || before.state !== after.state) {
    const topic = _stateTopic(after);
    if (topic) out.push({ ...base, topic, fields });
    return out;
  }
  // Same state: the queue and timer columns the chapter reads.
  if (after.state === "LISTEN" && before.recvQ === 0 && after.recvQ > 0) {
    out.push({ ...base, topic: "watch-listen-queue", fields });
  }
  if (after.state === "CLOSE_WAIT" && before.recvQ > 0 && after.recvQ === 0) {
    out.push({ ...base, topic: "watch-close-wait-read", fields });
  }
  if (after.retransmits > before.retransmits) {
    out.push({ ...base, topic: "watch-retransmit", fields });
  }
  return out;
}

function _processChanges(
  before: ProcessRow | undefined,
  after: ProcessRow | undefined,
  server: number | undefined,
): WatchChange[] {
  const p = (after ?? before)!;
  if (p.pid === server) return []; // the server itself: watch-server / watch-server-gone
  const base = {
    actor: "child" as const,
    subject: "process" as const,
    key: p.pid,
    ...(before ? { before: processFacts(before) } : {}),
    ...(after ? { after: processFacts(after) } : {}),
  };
  const fields = { pid: p.pid, ppid: p.ppid, cmd: p.args };
  if (!before) {
    const out: WatchChange[] = [{ ...base, topic: "watch-child", fields }];
    if (after!.state === "Z") out.push({ ...base, topic: "watch-zombie", fields });
    return out;
  }
  if (!after) {
    return [{ ...base, topic: before.state === "Z" ? "watch-reaped" : "watch-child-gone", fields }];
  }
  if (after.state === "Z" && before.state !== "Z") {
    return [{ ...base, topic: "watch-zombie", fields }];
  }
  return [];
}

/**
 * Every change from `prev` to `next`, sockets first (in `next`'s order, then
 * the ones that went away), then the server, then processes.
 *
 * @example
 * ```ts
 * diffSnapshots(before, after).map((c) => c.topic); // ["watch-fin-wait2", "watch-close-wait", "watch-zombie"]
 * ```
 */
export function diffSnapshots(prev: WatchSnapshot, next: WatchSnapshot): WatchChange[] {
  const port = next.ports[0] ?? prev.ports[0] ?? 0;
  const out: WatchChange[] = [];
  const prevSockets = new Map(prev.sockets.map((s) => [s.key, s]));
  const nextKeys = new Set(next.sockets.map((s) => s.key));
  for (const s of next.sockets) out.push(..._socketChanges(prevSockets.get(s.key), s, port));
  for (const s of prev.sockets) {
    if (!nextKeys.has(s.key)) out.push(..._socketChanges(s, undefined, port));
  }
  // The server's end is told after its children's (reaped, gone): they end first.
  const serverGone: WatchChange[] = [];
  if (prev.server !== next.server) {
    if (prev.server !== undefined) {
      serverGone.push({
        topic: "watch-server-gone",
        actor: "server",
        subject: "process",
        key: prev.server,
        fields: { pid: prev.server },
        before: _row(prev, prev.server),
      });
    }
    if (next.server !== undefined) {
      const row = next.processes.find((p) => p.pid === next.server);
      out.push({
        topic: "watch-server",
        actor: "server",
        subject: "process",
        key: next.server,
        fields: { pid: next.server, cmd: row?.args ?? "?" },
        after: _row(next, next.server),
      });
    }
  }
  const prevProcs = new Map(prev.processes.map((p) => [p.pid, p]));
  const nextPids = new Set(next.processes.map((p) => p.pid));
  for (const p of next.processes) {
    out.push(..._processChanges(prevProcs.get(p.pid), p, next.server ?? prev.server));
  }
  for (const p of prev.processes) {
    if (!nextPids.has(p.pid)) out.push(..._processChanges(p, undefined, prev.server));
  }
  out.push(...serverGone);
  return out;
}

function _row(snap: WatchSnapshot, pid: number): Record<string, unknown> | undefined {
  const row = snap.processes.find((p) => p.pid === pid);
  return row ? processFacts(row) : undefined;
}
