/**
 * The full-screen view of `echolab watch` as lines (pure: the terminal
 * driver in terminal.ts only paints them): a title line, the socket table
 * and the process table on top, the log of changes below, every line cut to
 * the terminal's width and the whole exactly as tall as the terminal.
 *
 * @module
 */

import type { Lang } from "../lang.ts";
import { renderProcessTable } from "../report/process_table.ts";
import { renderSocketTable } from "../report/socket_table.ts";
import { paint } from "../term/style.ts";
import { displayWidth, truncate, wrapColumns } from "../term/text_width.ts";
import type { WatchSnapshot } from "./snapshot.ts";

/** One line of the change log. */
export interface LogLine {
  /** Seconds since watch started. */
  t: number;
  /** The annotated text. */
  text: string;
  /** Shown in red (a zombie, an RST, a listener gone) or dim (a packet). */
  tone?: "alert" | "packet";
}

/**
 * Put `line` into `log` (oldest first) at its time: a packet read from the
 * capture a little after the /proc look that saw its effect (FIN_WAIT2 after
 * the ACK) still goes before that state line. Equal times keep arrival order.
 *
 * @example
 * ```ts
 * const log: LogLine[] = [{ t: 13.96, text: "FIN_WAIT2 on the server" }];
 * insertLogLine(log, { t: 13.955, text: "⇢ ACK seq 7 ack 8", tone: "packet" });
 * log[0].text; // "⇢ ACK seq 7 ack 8"
 * ```
 */
export function insertLogLine(log: LogLine[], line: LogLine): void {
  let i = log.length;
  while (i > 0 && log[i - 1].t > line.t) i--;
  log.splice(i, 0, line);
}

/** What to draw. */
export interface ScreenState {
  /** The last look. */
  snapshot: WatchSnapshot;
  /** The change log, oldest first (only the tail that fits is shown). */
  log: readonly LogLine[];
  /** The title line's text. */
  title: string;
  /** Language of the fixed words. */
  lang: Lang;
}

const _WORDS = {
  en: { changes: "changes", more: "more", noSockets: "(no socket on the port)" },
  zh: { changes: "变化", more: "更多", noSockets: "（该端口上没有套接字）" },
};

/** Cut `text` (which may carry colour codes) to `width` columns: plain text is cut, painted text kept when it fits. */
function _fit(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  // deno-lint-ignore no-control-regex
  return truncate(text.replace(/\x1b\[[0-9;]*m/g, ""), width);
}

/** Keep at most `max` lines of a table (its header first), saying how many were left out. */
function _clip(lines: string[], max: number, lang: Lang, color: boolean): string[] {
  if (lines.length <= max) return lines;
  const keep = Math.max(1, max - 1);
  return [
    ...lines.slice(0, keep),
    paint(color, "dim", `  … ${lines.length - keep} ${_WORDS[lang].more}`),
  ];
}

/**
 * The screen's lines: exactly `rows` lines, none wider than `columns`.
 *
 * @example
 * ```ts
 * const lines = composeScreen(state, { columns: 80, rows: 24, color: false });
 * lines.length; // 24
 * ```
 */
export function composeScreen(
  state: ScreenState,
  size: { columns: number; rows: number; color: boolean },
): string[] {
  const { columns, rows, color } = size;
  const w = _WORDS[state.lang];
  const opts = { color, columns };
  const hosts = [...new Set(state.snapshot.sockets.map((s) => s.host))];
  const sockets: string[] = [];
  if (state.snapshot.sockets.length === 0) sockets.push(paint(color, "dim", w.noSockets));
  for (const host of hosts.length ? hosts : [""]) {
    const rowsOfHost = state.snapshot.sockets.filter((s) => s.host === host);
    if (host) sockets.push(paint(color, "bold", `[${host}]`));
    if (rowsOfHost.length) sockets.push(...renderSocketTable(rowsOfHost, opts));
  }
  const procs = state.snapshot.processes.length
    ? renderProcessTable(state.snapshot.processes, opts)
    : [];
  // Room: the title, a blank line, the tables, the log's rule, at least 3 log lines.
  const logMin = Math.min(3, Math.max(0, rows - 4));
  const tableRoom = Math.max(0, rows - 2 - 1 - logMin);
  let socketRoom = sockets.length;
  let procRoom = procs.length;
  if (socketRoom + procRoom + (procs.length ? 1 : 0) > tableRoom) {
    procRoom = Math.min(procs.length, Math.max(2, Math.floor(tableRoom * 0.4)));
    socketRoom = Math.max(1, tableRoom - procRoom - (procs.length ? 1 : 0));
    if (socketRoom > sockets.length) {
      procRoom += socketRoom - sockets.length;
      socketRoom = sockets.length;
    }
  }
  const top = [
    paint(color, ["bold", "cyan"], state.title),
    "",
    ..._clip(sockets, socketRoom, state.lang, color),
    ...(procs.length && procRoom > 0 ? ["", ..._clip(procs, procRoom, state.lang, color)] : []),
  ];
  const rule = `── ${w.changes} ${"─".repeat(Math.max(0, columns - displayWidth(w.changes) - 4))}`;
  const logRoom = Math.max(0, rows - top.length - 1);
  // The newest entries that fit, each wrapped under its text (the section stays visible).
  const log: string[] = [];
  const indent = " ".repeat(10);
  for (let i = state.log.length - 1; i >= 0 && log.length < logRoom; i--) {
    const l = state.log[i];
    const body = wrapColumns(l.text, Math.max(20, columns), indent);
    body[0] = `${l.t.toFixed(2).padStart(7)}s  ${body[0].slice(indent.length)}`;
    const lines = body.map((text) =>
      l.tone === "alert"
        ? paint(color, ["red", "bold"], text)
        : l.tone === "packet"
        ? paint(color, "dim", text)
        : text
    );
    log.unshift(...lines.slice(Math.max(0, lines.length - (logRoom - log.length))));
  }
  const all = [...top, paint(color, "dim", rule), ...log].slice(0, rows).map((l) =>
    _fit(l, columns)
  );
  while (all.length < rows) all.push("");
  return all;
}
