/**
 * An `ss -tan`-like table of TCP sockets (State Recv-Q Send-Q Local Peer,
 * plus the pending timer when it fits), with the states chapter 5 talks
 * about highlighted when colour is wanted.
 *
 * @module
 */

import type { TcpSocketRow } from "../proc/parse_net_tcp.ts";
import { paint, type Style } from "../term/style.ts";
import { displayWidth, pad, truncate } from "../term/text_width.ts";

/** Options for {@link renderSocketTable}. */
export interface TableOptions {
  /** Use colour (TextOut.color). */
  color: boolean;
  /** Terminal width; 80 when undefined (a pipe). */
  columns?: number;
}

const _STATE_STYLE: Record<string, Style | Style[]> = {
  LISTEN: "cyan",
  ESTABLISHED: "green",
  FIN_WAIT1: "yellow",
  FIN_WAIT2: ["yellow", "bold"],
  CLOSE_WAIT: ["yellow", "bold"],
  LAST_ACK: "yellow",
  TIME_WAIT: "magenta",
  SYN_SENT: "blue",
  SYN_RECV: "blue",
};

function _timer(r: TcpSocketRow): string {
  if (r.timer === "none") return "";
  const name = r.timer === "retransmit" ? "on" : r.timer === "time-wait" ? "timewait" : r.timer;
  return `${name},${(r.timerMs / 1000).toFixed(1)}s,${r.retransmits || r.probes}`;
}

function _peer(r: TcpSocketRow): string {
  // ss prints a listener's peer as *:*; /proc has the zero address there.
  if (r.state === "LISTEN") return r.family === 6 ? "[::]:*" : "0.0.0.0:*";
  return r.foreign;
}

/**
 * Render `rows` as text lines no wider than `opts.columns` (80 when undefined).
 * For LISTEN, Recv-Q is the number of connections waiting for accept and
 * Send-Q is shown as `-` (the backlog limit is not in /proc/net/tcp).
 *
 * @example
 * ```ts
 * const lines = renderSocketTable(socketTable({ ports: [9877] }), { color: false });
 * lines[0]; // "State       Recv-Q Send-Q Local Address:Port  Peer Address:Port"
 * ```
 */
export function renderSocketTable(rows: TcpSocketRow[], opts: TableOptions): string[] {
  const width = opts.columns ?? 80;
  const head = ["State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port", "Timer"];
  const cells = rows.map((r) => [
    r.state,
    String(r.recvQ),
    r.state === "LISTEN" ? "-" : String(r.sendQ),
    r.local,
    _peer(r),
    _timer(r),
  ]);
  const widths = head.map((h, i) =>
    Math.max(displayWidth(h), ...cells.map((c) => displayWidth(c[i])))
  );
  widths[0] = Math.max(widths[0], 11);
  const fixed = widths[0] + widths[1] + widths[2] + 3;
  let showTimer = cells.some((c) => c[5] !== "");
  const total = () => fixed + widths[3] + 1 + widths[4] + (showTimer ? 1 + widths[5] : 0);
  if (total() > width) showTimer = false;
  // Still too wide (long IPv6 endpoints): share the room between the two address columns.
  while (total() > width && (widths[3] > 18 || widths[4] > 18)) {
    if (widths[3] >= widths[4]) widths[3]--;
    else widths[4]--;
  }
  const line = (c: string[], style?: (i: number, text: string) => string) => {
    const parts = [
      pad(truncate(c[0], widths[0]), widths[0]),
      pad(c[1], widths[1], true),
      pad(c[2], widths[2], true),
      pad(truncate(c[3], widths[3]), widths[3]),
      showTimer ? pad(truncate(c[4], widths[4]), widths[4]) : truncate(c[4], widths[4]),
      ...(showTimer ? [c[5]] : []),
    ];
    return (style ? parts.map((p, i) => style(i, p)) : parts).join(" ").trimEnd();
  };
  const out = [paint(opts.color, "bold", line(head))];
  rows.forEach((r, n) => {
    out.push(line(cells[n], (i, text) => {
      if (i === 0) return paint(opts.color, _STATE_STYLE[r.state] ?? "dim", text);
      // Unread bytes (or an unread FIN) in CLOSE_WAIT: the application has not noticed yet.
      if (i === 1 && r.recvQ > 0 && r.state !== "LISTEN") {
        return paint(opts.color, ["red", "bold"], text);
      }
      if (i === 5 && r.retransmits > 0) return paint(opts.color, "red", text);
      return text;
    }));
  });
  return out;
}
