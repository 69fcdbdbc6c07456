/**
 * What `echolab watch` sees at one look: the port's sockets, each with the
 * side it belongs to, and the process tree of the server that owns the port.
 *
 * @module
 */

import type { TcpSocketRow } from "../proc/parse_net_tcp.ts";
import type { ProcessRow } from "../proc/process_table.ts";

/** Which end of the story a socket is: the listener, the server's end, the client's end. */
export type Side = "listen" | "server" | "client";

/** A socket of the watched port. */
export interface WatchedSocket extends TcpSocketRow {
  /** The listener, the server's end of a connection (local port = the port), or the client's. */
  side: Side;
  /** The lab host it lives on (`client`, `server`), empty on the host. */
  host: string;
  /** Stable identity across looks: host, local and foreign endpoints (TIME_WAIT has no inode). */
  key: string;
}

/** One look. */
export interface WatchSnapshot {
  /** The port's sockets. */
  sockets: WatchedSocket[];
  /** The server and its descendants (and children it had that are still alive elsewhere). */
  processes: ProcessRow[];
  /** The server's pid, when known. */
  server?: number;
  /** The ports watched (the one given, or the ones the server listens on). */
  ports: number[];
}

/**
 * Which side a socket row is on, for the watched `ports`.
 *
 * @example
 * ```ts
 * sideOf({ state: "ESTABLISHED", localPort: 9877, foreignPort: 40000 } as TcpSocketRow, [9877]); // "server"
 * ```
 */
export function sideOf(row: TcpSocketRow, ports: readonly number[]): Side {
  if (row.state === "LISTEN") return "listen";
  return ports.includes(row.localPort) ? "server" : "client";
}

/**
 * A row of /proc/net/tcp as a watched socket.
 *
 * @example
 * ```ts
 * watchedSocket(row, [9877], "").key; // "|127.0.0.1:9877|127.0.0.1:40000"
 * ```
 */
export function watchedSocket(
  row: TcpSocketRow,
  ports: readonly number[],
  host: string,
): WatchedSocket {
  return { ...row, side: sideOf(row, ports), host, key: `${host}|${row.local}|${row.foreign}` };
}
