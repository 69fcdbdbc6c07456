/**
 * A terminal sequence diagram of one run: packets as arrows between the
 * client and server columns, every other event (syscall results, signals,
 * process exits) as a note on its actor's side, all in time order so cause
 * and effect line up (write → segment → RST → EPIPE). Retransmissions show
 * the gap to the previous copy and whether it was a tail loss probe or an RTO.
 *
 * Terminals of 100 columns or more get the two-column diagram; narrower
 * ones and pipes (columns undefined) get a compact one-line-per-event form.
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";
import { lookup } from "../explain/catalogue.ts";
import type { Lang } from "../lang.ts";
import { icmpSummary, segmentLabel } from "./packet_summary.ts";
import { classifyRetransmits, type RetransmitKind } from "./retransmit_kinds.ts";
import { paint, type Style } from "../term/style.ts";
import { summarize } from "./summary.ts";
import { displayWidth, pad, truncate, wrapColumns } from "../term/text_width.ts";

/** Options for {@link renderSequenceDiagram}. */
export interface DiagramOptions {
  /** Terminal width; undefined (a pipe) gives the compact form at 80 columns. */
  columns?: number;
  /** Use colour. */
  color: boolean;
  /** Language of the notes taken from the catalogue. */
  lang: Lang;
  /** Endpoints that are the server: `ip:port`, `ip`, or `:port` (e.g. `[":9877"]`). */
  server?: string[];
  /** Endpoints that are the client, same forms. */
  client?: string[];
}

type _Side = "client" | "server";

const _WIDE = 100;
const _TIME = 9;

function _matches(endpoint: string, patterns: string[] | undefined): boolean {
  if (!patterns) return false;
  const port = endpoint.slice(endpoint.lastIndexOf(":") + 1);
  const host = endpoint.slice(0, endpoint.lastIndexOf(":")).replace(/^\[|\]$/g, "");
  return patterns.some((p) =>
    p === endpoint || p === host || p === `[${host}]` || (p.startsWith(":") && p.slice(1) === port)
  );
}

/**
 * Decide which endpoint of the packets is the server and which the client:
 * per connection, the SYN's sender is its client and the SYN-ACK's sender its
 * server (a scenario may open many connections); without a handshake in the
 * capture, an endpoint is on the other side of the peer it talks to, else
 * the sender of its first packet is the client.
 */
function _sideOf(packets: EchoEvent[], opts: DiagramOptions): (endpoint: string) => _Side {
  const clients = new Set(packets.filter((p) => p.flags === "SYN").map((p) => String(p.from)));
  const servers = new Set(
    packets.filter((p) => p.flags === "SYN,ACK").map((p) => String(p.from)),
  );
  const inferred = (endpoint: string): _Side => {
    if (clients.has(endpoint)) return "client";
    if (servers.has(endpoint)) return "server";
    const first = packets.find((p) => p.from === endpoint || p.to === endpoint);
    if (!first) return "server";
    const peer = String(first.from === endpoint ? first.to : first.from);
    if (servers.has(peer)) return "client";
    if (clients.has(peer)) return "server";
    return first.from === endpoint ? "client" : "server";
  };
  return (endpoint) => {
    if (_matches(endpoint, opts.server)) return "server";
    if (_matches(endpoint, opts.client)) return "client";
    if (opts.server) return "client";
    if (opts.client) return "server";
    return inferred(endpoint);
  };
}

const _NOTE_STYLE: Record<string, Style> = { client: "green", server: "cyan", child: "cyan" };

function _arrowStyle(e: EchoEvent): Style | Style[] {
  const flags = String(e.flags);
  if (e.retransmit) return ["red", "bold"];
  if (flags.includes("RST")) return ["red", "bold"];
  if (flags.includes("SYN")) return "blue";
  if (flags.includes("FIN")) return "yellow";
  return Number(e.len) > 0 ? "bold" : "dim";
}

/**
 * The retransmission mark, the same in every language (the catalogue line
 * after the first of each kind explains it): `↻ +206.3 ms TLP`, `↻ +444 ms RTO ×2.1`.
 */
function _retransmitText(
  e: EchoEvent,
  kind: RetransmitKind | undefined,
  prevRtoGap: number | undefined,
): string {
  const what = kind === "tlp"
    ? "TLP (RFC 8985)"
    : `RTO${prevRtoGap ? ` ×${(Number(e.gap) / prevRtoGap).toFixed(1)}` : ""}`;
  return `↻ +${e.gap} ms ${what}`;
}

interface _Row {
  t: number;
  side: _Side | "middle";
  /** For packets: direction and label. */
  arrow?: { toServer: boolean; label: string; style: Style | Style[] };
  /** For notes: text and style. */
  note?: { text: string; style: Style | Style[] };
}

function _noteText(e: EchoEvent, lang: Lang, packets: readonly EchoEvent[]): string {
  if (e.kind === "icmp") {
    // The quoted segment as its arrow shows it: the relative sequence number.
    const quoted = packets.find((p) => p.from === e.quotedFrom && p.seqAbs === e.quotedSeq);
    return icmpSummary(quoted ? { ...e, quotedSeqRel: quoted.seq } : e, lang);
  }
  return summarize(e, lang);
}

function _noteSide(e: EchoEvent): _Side | "middle" {
  if (e.actor === "client") return "client";
  if (e.actor === "server" || e.actor === "child") return "server";
  return "middle";
}

/** Build the rows: events in time order, retransmission notes after their arrows. */
function _rows(
  events: EchoEvent[],
  opts: DiagramOptions,
): { rows: _Row[]; ends: Record<_Side, string[]> } {
  // Tables (`states`, from --states) are shown as tables, not as notes on the diagram.
  const sorted = [...events].filter((e) => e.kind !== "verdict" && e.kind !== "states")
    .sort((a, b) => a.t - b.t);
  const packets = sorted.filter((e) => e.kind === "packet");
  const sideOf = _sideOf(packets, opts);
  const kinds = classifyRetransmits(packets);
  const ends: Record<_Side, string[]> = { client: [], server: [] };
  for (const p of packets) {
    for (const ep of [String(p.from), String(p.to)]) {
      const side = sideOf(ep);
      if (!ends[side].includes(ep)) ends[side].push(ep);
    }
  }
  const manyClients = ends.client.length > 1;
  const lastRtoGap = new Map<string, number>();
  const explained = new Set<string>();
  const rows: _Row[] = [];
  for (const e of sorted) {
    if (e.kind !== "packet") {
      rows.push({
        t: e.t,
        side: _noteSide(e),
        note: { text: _noteText(e, opts.lang, packets), style: _NOTE_STYLE[e.actor] ?? "dim" },
      });
      continue;
    }
    const toServer = sideOf(String(e.from)) === "client";
    const clientEnd = toServer ? String(e.from) : String(e.to);
    const prefix = manyClients ? `[${clientEnd.slice(clientEnd.lastIndexOf(":"))}] ` : "";
    rows.push({
      t: e.t,
      side: "middle",
      arrow: { toServer, label: prefix + segmentLabel(e), style: _arrowStyle(e) },
    });
    if (!e.retransmit) continue;
    const key = `${e.from}|${e.seqAbs ?? e.seq}|${e.len}`;
    const kind = kinds.get(e);
    rows.push({
      t: e.t,
      side: "middle",
      note: {
        text: _retransmitText(e, kind, kind === "rto" ? lastRtoGap.get(key) : undefined),
        style: "red",
      },
    });
    if (kind === "rto") lastRtoGap.set(key, Number(e.gap));
    const topic = kind === "tlp" ? "tail-loss-probe" : "rto-backoff";
    if (!explained.has(topic)) {
      explained.add(topic);
      const entry = lookup(topic);
      if (entry) {
        rows.push({
          t: e.t,
          side: "middle",
          note: { text: `§${entry.section} ${entry.title[opts.lang]}`, style: "yellow" },
        });
      }
    }
  }
  return { rows, ends };
}

function _time(t: number): string {
  return pad(t.toFixed(1), _TIME - 2, true) + "  ";
}

function _arrow(width: number, label: string, toServer: boolean): string {
  const room = width - 6;
  const text = ` ${truncate(label, room)} `;
  const fill = Math.max(0, width - 3 - displayWidth(text));
  return toServer ? `──${text}${"─".repeat(fill)}▶` : `◀${"─".repeat(fill)}${text}──`;
}

function _wide(
  rows: _Row[],
  ends: Record<_Side, string[]>,
  opts: DiagramOptions,
  width: number,
): string[] {
  const c = opts.color;
  const sideWidth = Math.floor((width - _TIME - 2) * 0.28);
  const mid = width - _TIME - 2 - 2 * sideWidth;
  const bar = paint(c, "dim", "│");
  const label = (side: _Side) => `${side} ${ends[side].join(" ")}`.trimEnd();
  const out = [
    pad("t (ms)", _TIME) + pad(truncate(label("client"), sideWidth - 1), sideWidth - 1, true) +
    " ┬" +
    " ".repeat(mid) + "┬ " + truncate(label("server"), sideWidth - 1),
  ];
  const line = (t: string, left: string, middle: string, right: string) =>
    (t + left + bar + middle + bar + right).trimEnd();
  let lastTime = "";
  for (const r of rows) {
    const time = _time(r.t) === lastTime ? " ".repeat(_TIME) : _time(r.t);
    lastTime = _time(r.t);
    if (r.arrow) {
      out.push(
        line(
          time,
          " ".repeat(sideWidth),
          paint(c, r.arrow.style, _arrow(mid, r.arrow.label, r.arrow.toServer)),
          "",
        ),
      );
      continue;
    }
    const note = r.note!;
    const room = r.side === "middle" ? mid - 2 : sideWidth - 1;
    wrapColumns(note.text, room, "").forEach((text, i) => {
      const t = i === 0 ? time : " ".repeat(_TIME);
      if (r.side === "client") {
        out.push(
          line(t, paint(c, note.style, pad(text, sideWidth - 1, true)) + " ", " ".repeat(mid), ""),
        );
      } else if (r.side === "server") {
        out.push(line(t, " ".repeat(sideWidth), " ".repeat(mid), " " + paint(c, note.style, text)));
      } else {
        out.push(
          line(t, " ".repeat(sideWidth), "  " + paint(c, note.style, pad(text, mid - 2)), ""),
        );
      }
    });
  }
  return out;
}

function _compact(
  rows: _Row[],
  ends: Record<_Side, string[]>,
  opts: DiagramOptions,
  width: number,
): string[] {
  const c = opts.color;
  const out = [
    ...wrapColumns(`C = client ${ends.client.join(" ") || "?"}`, width, ""),
    ...wrapColumns(`S = server ${ends.server.join(" ") || "?"}`, width, ""),
  ];
  const indent = " ".repeat(_TIME + 7);
  for (const r of rows) {
    let head: string;
    let text: string;
    let style: Style | Style[];
    if (r.arrow) {
      head = r.arrow.toServer ? "C ──▶ S" : "C ◀── S";
      text = r.arrow.label;
      style = r.arrow.style;
    } else {
      head = r.side === "client" ? "C      " : r.side === "server" ? "      S" : "       ";
      text = r.note!.text;
      style = r.note!.style;
    }
    const lines = wrapColumns(text, width - indent.length - 1, "");
    lines.forEach((l, i) => {
      const start = i === 0 ? `${_time(r.t)}${head} ` : indent + " ";
      out.push((start + paint(c, style, l)).trimEnd());
    });
  }
  return out;
}

/**
 * Render `events` (packets and any other events) as diagram lines that fit
 * `opts.columns` (80 when undefined).
 *
 * @example
 * ```ts
 * for (const line of renderSequenceDiagram(events, { columns: out.columns, color: out.color, lang: "en", server: [":9877"] })) {
 *   out.line(line);
 * }
 * ```
 */
export function renderSequenceDiagram(events: EchoEvent[], opts: DiagramOptions): string[] {
  const width = opts.columns ?? 80;
  const { rows, ends } = _rows(events, opts);
  return opts.columns !== undefined && opts.columns >= _WIDE
    ? _wide(rows, ends, opts, width)
    : _compact(rows, ends, opts, width);
}
