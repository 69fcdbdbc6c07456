/**
 * One call that shows a scenario's evidence at a moment: the `ss -tan`-like
 * socket table, the `ps`-like process table, and the notes they trigger.
 *
 * @module
 */

import type { Lang } from "../lang.ts";
import type { ProcessRow } from "../proc/process_table.ts";
import type { TcpSocketRow } from "../proc/parse_net_tcp.ts";
import type { TextOut } from "../term/output.ts";
import { renderProcessTable } from "./process_table.ts";
import { renderSocketTable } from "./socket_table.ts";
import { renderStateNotes, stateTopics } from "./state_notes.ts";

/** What {@link showStates} prints. */
export interface StatesSnapshot {
  /** Sockets from {@link socketTable}. */
  sockets: TcpSocketRow[];
  /** Processes from {@link processTable}. */
  processes: ProcessRow[];
}

/**
 * Print both tables (each only when it has rows) and their notes on `out`.
 * Returns the catalogue ids of the notes printed.
 *
 * @example
 * ```ts
 * showStates(textOut(Deno.stdout), {
 *   sockets: socketTable({ ports: [9877] }),
 *   processes: processTable({ root: serverPid }),
 * }, "en");
 * ```
 */
export function showStates(out: TextOut, snap: StatesSnapshot, lang: Lang): string[] {
  const opts = { color: out.color, columns: out.columns };
  if (snap.sockets.length) { for (const l of renderSocketTable(snap.sockets, opts)) out.line(l); }
  if (snap.processes.length) {
    if (snap.sockets.length) out.line("");
    for (const l of renderProcessTable(snap.processes, opts)) out.line(l);
  }
  const topics = stateTopics(snap.sockets, snap.processes);
  for (const l of renderStateNotes(topics, lang, opts)) out.line(l);
  return topics;
}
