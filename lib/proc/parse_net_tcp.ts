/**
 * Parse the text of /proc/net/tcp and /proc/net/tcp6 into rows (pure: no
 * file access, so it tests on fixed input).
 *
 * Each line is printed by the kernel's get_tcp4_sock / get_tcp6_sock,
 * get_openreq4/6 (SYN_RECV requests) or get_timewait4/6_sock (TIME_WAIT):
 *
 * ```
 * sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
 * ```
 *
 * Addresses are hex words in the host's byte order, ports are hex in
 * host order. For a LISTEN socket `rx_queue` is the number of connections
 * waiting in the completed-connection queue (UNP §4.5) and `tx_queue` is 0;
 * the backlog limit that `ss` shows as Send-Q is not in this file.
 *
 * @module
 */

import { formatEndpoint, formatIpv4, formatIpv6 } from "../sys/ip_text.ts";

/** TCP state names as ss prints them, by the kernel's state number (include/net/tcp_states.h). */
export const TCP_STATE_NAMES: Readonly<Record<number, string>> = {
  1: "ESTABLISHED",
  2: "SYN_SENT",
  3: "SYN_RECV",
  4: "FIN_WAIT1",
  5: "FIN_WAIT2",
  6: "TIME_WAIT",
  7: "CLOSE",
  8: "CLOSE_WAIT",
  9: "LAST_ACK",
  10: "LISTEN",
  11: "CLOSING",
  12: "SYN_RECV", // TCP_NEW_SYN_RECV: a request socket, shown as SYN_RECV
};

/** Which kernel timer is pending on a socket (the `tr` column). */
export type TcpTimer = "none" | "retransmit" | "keepalive" | "time-wait" | "zero-window-probe";

const _TIMERS: readonly TcpTimer[] = [
  "none",
  "retransmit",
  "keepalive",
  "time-wait",
  "zero-window-probe",
];

/** One socket from /proc/net/tcp{,6}. */
export interface TcpSocketRow {
  /** 4 for /proc/net/tcp, 6 for /proc/net/tcp6. */
  family: 4 | 6;
  /** Local endpoint, `ip:port` (IPv6 bracketed). */
  local: string;
  /** Foreign endpoint, `ip:port` (IPv6 bracketed); `0.0.0.0:0` for a listener. */
  foreign: string;
  /** Local address alone. */
  localAddress: string;
  /** Local port. */
  localPort: number;
  /** Foreign address alone. */
  foreignAddress: string;
  /** Foreign port. */
  foreignPort: number;
  /** State name (LISTEN, ESTABLISHED, FIN_WAIT2, CLOSE_WAIT, TIME_WAIT …). */
  state: string;
  /** Bytes received but not yet read by the application; for LISTEN: connections waiting for accept. */
  recvQ: number;
  /** Bytes sent but not yet acknowledged by the peer; 0 for LISTEN. */
  sendQ: number;
  /** Pending timer. */
  timer: TcpTimer;
  /** When that timer fires, in ms from now (clock ticks × 10). */
  timerMs: number;
  /** Retransmissions of the current unacknowledged segment (icsk_retransmits). */
  retransmits: number;
  /** Owner uid. */
  uid: number;
  /** Unanswered keepalive / zero-window probes (the `timeout` column). */
  probes: number;
  /** Socket inode (0 for TIME_WAIT and SYN_RECV requests, which have no file). */
  inode: number;
  /** Current retransmission timeout in ms, when the line carries it (full sockets only). */
  rtoMs?: number;
  /** Congestion window in segments, when the line carries it. */
  cwnd?: number;
}

/** True when this CPU stores integers little-endian (how /proc prints address words). */
export const HOST_LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decode the hex address words of /proc/net/tcp{,6} into bytes. */
function _addressBytes(hex: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < hex.length / 8; i++) {
    view.setUint32(i * 4, parseInt(hex.slice(i * 8, i * 8 + 8), 16), littleEndian);
  }
  return bytes;
}

function _endpoint(field: string, littleEndian: boolean): { address: string; port: number } {
  const [hexAddr, hexPort] = field.split(":");
  const bytes = _addressBytes(hexAddr, littleEndian);
  const address = bytes.length === 4 ? formatIpv4(bytes) : formatIpv6(bytes);
  return { address, port: parseInt(hexPort, 16) };
}

/**
 * Parse /proc/net/tcp or /proc/net/tcp6 text. Lines that do not have the
 * expected shape (the header, blank lines) are skipped.
 *
 * @param text the file's contents
 * @param littleEndian byte order of the machine that printed it (default: this host's)
 *
 * @example
 * ```ts
 * const rows = parseNetTcp(
 *   "  sl  local_address rem_address   st …\n" +
 *     "   0: 0100007F:2695 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0 100 0 0 10 0\n",
 * );
 * rows[0].local; // "127.0.0.1:9877"
 * rows[0].state; // "LISTEN"
 * ```
 */
export function parseNetTcp(
  text: string,
  littleEndian: boolean = HOST_LITTLE_ENDIAN,
): TcpSocketRow[] {
  const rows: TcpSocketRow[] = [];
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !/^\d+:$/.test(f[0])) continue;
    const local = _endpoint(f[1], littleEndian);
    const foreign = _endpoint(f[2], littleEndian);
    const stateCode = parseInt(f[3], 16);
    const [tx, rx] = f[4].split(":").map((h) => parseInt(h, 16));
    const [tr, when] = f[5].split(":").map((h) => parseInt(h, 16));
    const row: TcpSocketRow = {
      family: local.address.includes(":") ? 6 : 4,
      local: formatEndpoint(local.address, local.port),
      foreign: formatEndpoint(foreign.address, foreign.port),
      localAddress: local.address,
      localPort: local.port,
      foreignAddress: foreign.address,
      foreignPort: foreign.port,
      state: TCP_STATE_NAMES[stateCode] ?? `UNKNOWN(${stateCode})`,
      recvQ: rx,
      sendQ: tx,
      timer: _TIMERS[tr] ?? "none",
      // tm->when: clock ticks (USER_HZ = 100) until the timer fires, never negative.
      timerMs: when * 10,
      retransmits: parseInt(f[6], 16),
      uid: Number(f[7]),
      probes: Number(f[8]),
      inode: Number(f[9]),
    };
    // Full sockets add: refcount, pointer, rto, ato, quick/pingpong, cwnd, ssthresh.
    if (f.length >= 17) {
      row.rtoMs = Number(f[12]) * 10;
      row.cwnd = Number(f[15]);
    }
    rows.push(row);
  }
  return rows;
}

/** A row of a full socket (not TIME_WAIT, not a SYN_RECV request): it carries rto and cwnd. */
export type FullTcpSocketRow = TcpSocketRow & { rtoMs: number; cwnd: number };

/**
 * True for the row of a full socket, whose line carries rto and cwnd
 * (TIME_WAIT and SYN_RECV request lines stop after the inode).
 *
 * @example
 * ```ts
 * parseNetTcp(text).filter(isFullSocket).map((r) => r.rtoMs);
 * ```
 */
export function isFullSocket(row: TcpSocketRow): row is FullTcpSocketRow {
  return row.rtoMs !== undefined && row.cwnd !== undefined;
}
