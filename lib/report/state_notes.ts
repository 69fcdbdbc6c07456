/**
 * Which catalogue entries explain what a socket table and a process table
 * show — chosen from the rows actually observed, never printed by default —
 * and the lines that print them under the tables.
 *
 * @module
 */

import { lookup } from "../explain/catalogue.ts";
import type { Lang } from "../lang.ts";
import type { ProcessRow } from "../proc/process_table.ts";
import type { TcpSocketRow } from "../proc/parse_net_tcp.ts";
import { paint } from "../term/style.ts";
import { truncate, wrapColumns } from "../term/text_width.ts";

const _WCHAN_TOPICS: Record<string, string> = {
  inet_csk_accept: "wchan-inet_csk_accept",
  wait_woken: "wchan-wait_woken",
  do_epoll_wait: "wchan-do_epoll_wait",
  do_wait: "wchan-do_wait",
};

/**
 * Catalogue ids for the states present in `sockets` and `processes`, in a
 * stable order, each once.
 *
 * @example
 * ```ts
 * stateTopics([], [{ pid: 9, ppid: 8, stat: "Z", state: "Z", wchan: "-", args: "[x] <defunct>", comm: "x" }]);
 * // ["defunct"]
 * ```
 */
export function stateTopics(sockets: TcpSocketRow[], processes: ProcessRow[]): string[] {
  const topics: string[] = [];
  const add = (id: string) => void (topics.includes(id) || topics.push(id));
  for (const s of sockets) {
    if (s.state === "LISTEN" && s.recvQ > 0) add("tcp-listen-queue");
    if (s.state === "FIN_WAIT2") add("tcp-FIN_WAIT2");
    if (s.state === "CLOSE_WAIT") add("tcp-CLOSE_WAIT");
    if (s.state === "CLOSE_WAIT" && s.recvQ === 1) add("tcp-close-wait-fin-unread");
    if (s.state === "TIME_WAIT") add("tcp-TIME_WAIT");
    if (s.timer === "retransmit" && s.retransmits > 0) add("tcp-retransmitting");
  }
  for (const p of processes) {
    if (p.state === "Z") add("defunct");
    if (p.self && p.state === "R") add("ps-self");
    const topic = _WCHAN_TOPICS[p.wchan];
    if (topic) add(topic);
  }
  return topics;
}

/**
 * Lines explaining `topics` in `lang`: `↳ §N title`, then where today's OS
 * differs from the book, wrapped to `columns` (80 when undefined).
 *
 * @example
 * ```ts
 * renderStateNotes(["defunct"], "en", { color: false })[0];
 * // "↳ §5.9 zombie process: state Z, <defunct>"
 * ```
 */
export function renderStateNotes(
  topics: string[],
  lang: Lang,
  opts: { color: boolean; columns?: number },
): string[] {
  const width = opts.columns ?? 80;
  const out: string[] = [];
  for (const id of topics) {
    const entry = lookup(id);
    if (!entry) continue;
    out.push(
      paint(opts.color, "yellow", truncate(`↳ §${entry.section} ${entry.title[lang]}`, width)),
    );
    const detail = entry.os?.[lang] ?? entry.text[lang];
    for (const line of wrapColumns(detail, width, "  ")) out.push(paint(opts.color, "dim", line));
  }
  return out;
}
