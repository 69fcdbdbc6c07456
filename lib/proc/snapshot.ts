/**
 * One look at a scenario's evidence: the sockets on its ports and the
 * processes of its server (both from /proc), ready for `showStates` or for
 * an event (`{kind: "states", sockets, processes}` in --json).
 *
 * @module
 */

import type { TcpSocketRow } from "./parse_net_tcp.ts";
import { type ProcessRow, processTable } from "./process_table.ts";
import { socketTable } from "./socket_table.ts";

/** What to look at. */
export interface SnapshotOptions {
  /** Ports whose sockets to show. */
  ports: number[];
  /** Root process whose tree to show (e.g. the server; its children follow). */
  root?: number;
  /** Other processes to show (e.g. the client). */
  pids?: number[];
  /** Read sockets from this process's network namespace (default: ours). */
  netnsPid?: number;
}

/** Sockets and processes at one moment. */
export interface Snapshot {
  /** Sockets on the ports. */
  sockets: TcpSocketRow[];
  /** Processes: the root's tree, then the extra pids. */
  processes: ProcessRow[];
}

/**
 * Read both tables now.
 *
 * @example
 * ```ts
 * const snap = statesSnapshot({ ports: [9877], root: serverPid, pids: [clientPid] });
 * showStates(out, snap, lang);
 * bus.emit("check", "states", { ...snap });
 * ```
 */
export function statesSnapshot(opts: SnapshotOptions): Snapshot {
  return {
    sockets: socketTable({ ports: opts.ports, pid: opts.netnsPid }),
    processes: processTable({ root: opts.root, pids: opts.pids }).map((r) =>
      r.pid === Deno.pid ? { ...r, self: true } : r
    ),
  };
}
