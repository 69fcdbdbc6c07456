/**
 * A `ps -o pid,ppid,stat,wchan,args`-like table, with zombies and the wait
 * channels chapter 5 talks about highlighted when colour is wanted.
 *
 * @module
 */

import type { ProcessRow } from "../proc/process_table.ts";
import { paint } from "../term/style.ts";
import type { TableOptions } from "./socket_table.ts";
import { pad, truncate } from "../term/text_width.ts";

const _WCHAN_WIDTH = 22;

/**
 * Render `rows` as text lines no wider than `opts.columns` (80 when undefined).
 *
 * @example
 * ```ts
 * renderProcessTable(processTable({ root: Deno.pid }), { color: false })[0];
 * // "    PID    PPID STAT WCHAN                  COMMAND"
 * ```
 */
export function renderProcessTable(rows: ProcessRow[], opts: TableOptions): string[] {
  const width = opts.columns ?? 80;
  const fixed = 7 + 1 + 7 + 1 + 4 + 1 + _WCHAN_WIDTH + 1;
  const argsRoom = Math.max(10, width - fixed);
  const line = (pid: string, ppid: string, stat: string, wchan: string, args: string) =>
    [
      pad(pid, 7, true),
      pad(ppid, 7, true),
      pad(stat, 4),
      pad(truncate(wchan, _WCHAN_WIDTH), _WCHAN_WIDTH),
      truncate(args, argsRoom),
    ]
      .join(" ").trimEnd();
  const out = [paint(opts.color, "bold", line("PID", "PPID", "STAT", "WCHAN", "COMMAND"))];
  for (const r of rows) {
    const text = line(String(r.pid), String(r.ppid), r.stat, r.wchan, r.args);
    if (r.state === "Z") out.push(paint(opts.color, ["red", "bold"], text));
    else if (r.wchan === "inet_csk_accept" || r.wchan === "wait_woken") {
      out.push(paint(opts.color, "cyan", text));
    } else out.push(text);
  }
  return out;
}
