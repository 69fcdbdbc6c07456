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
  accepted: (e) => `accepted ${e.peer} → child ${e.child} (${e.live} live)`,
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
  eof: (e) => `read returned 0 (EOF) while expecting ${e.expected} bytes`,
  error: (e) => `${e.op}: ${e.errno}${e.message ? ` (${e.message})` : ""}`,
  "read-timeout": (e) => `read: no data after ${e.seconds} s`,
  "keepalive-on": () => "SO_KEEPALIVE on",
  packet: packetSummary,
  icmp: icmpSummary,
  ...BOOK_FORMATS,
};

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
