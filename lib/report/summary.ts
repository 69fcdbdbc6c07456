/**
 * One-line, language-neutral summaries of events (addresses, pids, errno
 * names). The explanation beside them comes from the catalogue.
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";
import { icmpSummary, packetSummary } from "./packet_summary.ts";
import { BOOK_FORMATS } from "./summary_book.ts";

const _HIDDEN = new Set(["t", "actor", "kind", "topic"]);

type _Fmt = (e: EchoEvent) => string;

const _FORMATS: Record<string, _Fmt> = {
  listening: (e) =>
    `listening on ${e.host}:${e.port} (pid ${e.pid}, engine ${e.engine ?? "deno"}${
      e.reap ? `, --reap ${e.reap}` : ""
    })`,
  accepted: (e) =>
    `accepted ${e.peer} → child ${e.child}${e.worker ? ` (${e.worker})` : ""} (${e.live} live)`,
  "accept-aborted": (e) =>
    `accept returned ${e.peer}, already reset (getpeername: ${e.errno}): closed, no child`,
  refused: (e) =>
    `refused ${e.peer}: ${e.live} children live, --max-clients ${e.max}` +
    (e.refused !== undefined ? ` (#${e.refused} refused)` : ""),
  "child-exited": (e) =>
    e.signal
      ? `child ${e.pid} killed by ${e.signal} (${e.live} live)`
      : `child ${e.pid} exited with code ${e.code} (${e.live} live)`,
  reaped: (e) => `reaped child ${e.pid}${e.by ? ` by ${e.by}` : ""}`,
  sigchld: (e) => `SIGCHLD delivered (#${e.count})`,
  "child-zombie": (e) =>
    `child ${e.pid} is a zombie (state ${e.state}, <defunct>): ${e.zombies} now`,
  shutdown: (e) => `${e.signal}: ended ${e.children} children, all reaped — exit ${e.exit}`,
  connected: (e) =>
    `connected ${e.local} → ${e.peer}${e.index !== undefined ? ` [#${e.index}]` : ""}`,
  write: (e) => `write of ${e.bytes} bytes succeeded`,
  kill: (e) => `kill -${String(e.signal).replace(/^SIG/, "")} ${e.pid}`,
  "scenario-start": (e) => `── chaos ${e.scenario} (UNP §${e.section}) ──`,
  echo: (e) => `echoed ${e.bytes} bytes`,
  "stdin-eof": () => "EOF on stdin: closing",
  eof: (e) =>
    `read returned 0 (EOF)${
      e.expected !== undefined ? ` while expecting ${e.expected} bytes` : ""
    }`,
  error: (e) => `${e.op}: ${e.errno}${e.message ? ` (${e.message})` : ""}`,
  "read-timeout": (e) => `read: no data after ${e.seconds} s`,
  "keepalive-on": () => "SO_KEEPALIVE on",
  packet: packetSummary,
  icmp: icmpSummary,
  "states-point": (e) =>
    `${e.label ?? "tables"}${e.inLab ? " (read inside the lab)" : ""}: ports ${_list(e.ports)}`,
  "capture-skipped": (e) => `packet capture skipped: ${e.reason}`,
  "capture-stats": (e) =>
    `capture: ${e.kept} segments kept (${e.retransmits} retransmissions) of ${e.seen} packets` +
    (e.pcap ? `, ${e.pcapRecords} written to ${e.pcap}` : "") +
    (Number(e.kernelDrops) ? `, ${e.kernelDrops} dropped by the kernel` : ""),
  ...BOOK_FORMATS,
  read: (e) => `read ${e.bytes} bytes`,
  // The lab network (lib/lab).
  "lab-sysctl": (e) =>
    `${e.name} = ${e.lab} in the lab${e.host !== undefined ? ` (this host: ${e.host})` : ""}`,
  "lab-ready": (e) => `lab up: client host ${e.client}, server host ${e.server}`,
  "lab-demo": (e) => `ready — terminal 2: ${e.connect}; terminal 3: ${e.host}`,
  "host-crash": (e) =>
    `server host crashed: ${e.address} gone, SIGKILL → ${_list(e.killed) || "no process"}`,
  "host-reboot": (e) => `server host rebooted (boot #${e.generation}, ${e.netns})`,
  "init-sigterm": (e) => `init: SIGTERM → ${_list(e.pids) || "no process"}`,
  "init-sigkill": (e) => `init: SIGKILL → ${_list(e.pids)}`,
  "host-off": (e) =>
    `server host powered off (${e.terminated} got SIGTERM, ${e.killed} needed SIGKILL)`,
  "host-cut": (e) => `server host cut off the network (${e.address} gone; processes live on)`,
  "host-restore": (e) => `server host back on the network (${e.address})`,
  "host-status": (e) =>
    `server host ${e.state} (boot #${e.generation}); processes: ${
      _list(e.processes) || "none"
    }; client connections: ${
      (e.clients as Record<string, unknown>[] | undefined)?.map((c) =>
        `${c.local} ${c.state} unacked=${c.unacked} backoffs=${c.backoffs} rto=${c.rto_ms}ms`
      ).join("; ") || "none"
    }`,
  "host-done": (e) =>
    `${e.command}: ${e.ok ? "done" : `not done — ${e.message}`} (server host ${e.state})`,
  retransmit: (e) =>
    e.trigger === "tlp"
      ? `tail loss probe: segment resent at +${_s(e.at_ms)}`
      : `retransmission #${e.n} at +${_s(e.at_ms)}${
        e.rto_ms !== undefined ? `, next RTO ${e.rto_ms} ms` : ""
      }`,
  "keepalive-probe": (e) => `keepalive probe #${e.n} at +${_s(e.at_ms)} of idleness`,
  "tcp-state": (e) => `client TCP ${e.from} → ${e.to}`,
  "tcp-gave-up": (e) =>
    `TCP gave up at +${_s(e.at_ms)} (${e.retransmissions} retransmissions, ${e.probes} probes)`,
  "rst-received": (e) => `RST received at +${_s(e.at_ms)}`,
  neighbour: (e) => `ARP entry for ${e.ip}: ${e.state}`,
  "rto-revert": (e) => `RTO ${e.from_ms} → ${e.to_ms} ms (an unreachable error undid a backoff)`,
  "tcp-still-trying": (e) =>
    `kernel still trying: ${e.state}, ${e.unacked} bytes unacknowledged, ${e.retransmissions} retransmissions, next RTO ${e.rto_ms} ms`,
};

function _list(v: unknown): string {
  return Array.isArray(v) ? v.join(", ") : "";
}

function _s(ms: unknown): string {
  return `${((ms as number) / 1000).toFixed(2)} s`;
}

/**
 * A short summary of `e`: a known format for common kinds, `kind k=v …` otherwise.
 *
 * @example
 * ```ts
 * summarize({ t: 1, actor: "client", kind: "echo", bytes: 6 }); // "echoed 6 bytes"
 * ```
 */
export function summarize(e: EchoEvent): string {
  const fmt = _FORMATS[e.kind];
  if (fmt) return fmt(e);
  const parts = Object.entries(e)
    .filter(([k, v]) => !_HIDDEN.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  return [e.kind, ...parts].join(" ");
}
