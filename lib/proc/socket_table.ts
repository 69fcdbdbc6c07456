/**
 * Read the TCP socket table of a network namespace from /proc, like
 * `ss -tan`, filtered to the ports a scenario uses.
 *
 * /proc/net/tcp shows the namespace of the process that reads it; to see
 * another namespace's sockets, read /proc/PID/net/tcp of a process inside it.
 *
 * @module
 */

import { readProcFile } from "./proc_file.ts";
import { parseNetTcp, type TcpSocketRow } from "./parse_net_tcp.ts";

/** Options for {@link socketTable}. */
export interface SocketTableOptions {
  /** Keep only sockets whose local or foreign port is one of these (all when absent). */
  ports?: number[];
  /** Read the namespace of this process (/proc/PID/net/tcp) instead of our own. */
  pid?: number;
  /** Where /proc is mounted (tests point this at fixture files). */
  procRoot?: string;
}

function _readOrEmpty(path: string): string {
  // Through libc: Deno wants --allow-all for /proc. No IPv6 here: the file is absent.
  return readProcFile(path) ?? "";
}

/**
 * The TCP sockets (IPv4 then IPv6) of our namespace, or of process `pid`'s.
 *
 * @example
 * ```ts
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const rows = socketTable({ ports: [listener.addr.port] });
 * rows[0].state; // "LISTEN"
 * listener.close();
 * ```
 */
export function socketTable(opts: SocketTableOptions = {}): TcpSocketRow[] {
  const root = opts.procRoot ?? "/proc";
  const dir = opts.pid === undefined ? `${root}/net` : `${root}/${opts.pid}/net`;
  const rows = [
    ...parseNetTcp(_readOrEmpty(`${dir}/tcp`)),
    ...parseNetTcp(_readOrEmpty(`${dir}/tcp6`)),
  ];
  if (!opts.ports) return rows;
  const wanted = new Set(opts.ports);
  return rows.filter((r) => wanted.has(r.localPort) || wanted.has(r.foreignPort));
}
