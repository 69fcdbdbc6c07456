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
  /**
   * Which files to read (default both): each read of /proc/net/tcp or tcp6
   * walks the kernel's whole established hash table, so a caller that looks
   * often may skip the family it has no socket in.
   */
  families?: readonly (4 | 6)[];
}

function _readOrEmpty(path: string): string {
  // Through libc: Deno wants --allow-all for /proc. No IPv6 here: the file is absent.
  return readProcFile(path) ?? "";
}

/**
 * Only the lines that may be on `ports` (an endpoint ending in `:PORT` in
 * hex, as the kernel prints it), so a busy host's table is not parsed whole;
 * the rows are filtered exactly after parsing.
 */
function _onPorts(text: string, ports: number[] | undefined): string {
  if (!ports) return text;
  const tags = ports.map((p) => `:${p.toString(16).toUpperCase().padStart(4, "0")} `);
  return text.split("\n").filter((line) => tags.some((t) => line.includes(t))).join("\n");
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
  const families = opts.families ?? [4, 6];
  const read = (path: string) => _onPorts(_readOrEmpty(path), opts.ports);
  const rows = [
    ...(families.includes(4) ? parseNetTcp(read(`${dir}/tcp`)) : []),
    ...(families.includes(6) ? parseNetTcp(read(`${dir}/tcp6`)) : []),
  ];
  if (!opts.ports) return rows;
  const wanted = new Set(opts.ports);
  return rows.filter((r) => wanted.has(r.localPort) || wanted.has(r.foreignPort));
}
