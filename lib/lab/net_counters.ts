/**
 * The kernel's TCP counters of the caller's network namespace
 * (/proc/net/snmp "Tcp:" and /proc/net/netstat "TcpExt:"). In the lab the
 * client host has exactly one connection, so every change is that
 * connection's: a tail loss probe, an RTO retransmission, a keepalive probe,
 * the give-up, an RST received.
 *
 * @module
 */

import { readProc } from "../proc/proc_file.ts";

/** Counter name → value, e.g. `RetransSegs`, `TCPLossProbes`, `TCPKeepAlive`. */
export type Counters = Record<string, number>;

function _pairs(text: string, prefix: string, into: Counters): void {
  const lines = text.split("\n").filter((l) => l.startsWith(prefix));
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = lines[i].slice(prefix.length).trim().split(/\s+/);
    const values = lines[i + 1].slice(prefix.length).trim().split(/\s+/);
    names.forEach((name, j) => into[name] = Number(values[j]));
  }
}

/**
 * Parse the texts of /proc/net/snmp and /proc/net/netstat.
 *
 * @example
 * ```ts
 * parseCounters("Tcp: RetransSegs\nTcp: 4\n", "").RetransSegs; // 4
 * ```
 */
export function parseCounters(snmp: string, netstat: string): Counters {
  const out: Counters = {};
  _pairs(snmp, "Tcp:", out);
  _pairs(netstat, "TcpExt:", out);
  return out;
}

/**
 * Read the counters of this process's network namespace.
 *
 * @example
 * ```ts
 * const c = readCounters();
 * c.TCPLossProbes;
 * ```
 */
export function readCounters(): Counters {
  return parseCounters(readProc("/proc/net/snmp"), readProc("/proc/net/netstat"));
}
