/**
 * A minimal reader of /proc/net/tcp for the lab's observer: the one row of
 * the client's connection, with the kernel's retransmission counter, its
 * current RTO, keepalive probe count and queue sizes.
 *
 * Private to lib/lab on purpose: the full /proc/net/tcp parser lives in
 * lib/proc (branch capture); unify when both are merged.
 *
 * @module
 */

/** TCP states as numbered in include/net/tcp_states.h. */
const _STATES = [
  "",
  "ESTABLISHED",
  "SYN_SENT",
  "SYN_RECV",
  "FIN_WAIT1",
  "FIN_WAIT2",
  "TIME_WAIT",
  "CLOSE",
  "CLOSE_WAIT",
  "LAST_ACK",
  "LISTEN",
  "CLOSING",
  "NEW_SYN_RECV",
];

/** USER_HZ: /proc/net/tcp prints its timers in clock ticks of 10 ms. */
const _TICK_MS = 10;

/** One row of /proc/net/tcp. */
export interface TcpRow {
  /** Local address, dotted quad. */
  localAddr: string;
  /** Local port. */
  localPort: number;
  /** Remote address, dotted quad. */
  remoteAddr: string;
  /** Remote port. */
  remotePort: number;
  /** State name, e.g. ESTABLISHED. */
  state: string;
  /** Bytes sent but not yet acknowledged (tx_queue). */
  txQueue: number;
  /** Bytes received but not yet read (rx_queue). */
  rxQueue: number;
  /** Pending timer: 0 none, 1 retransmit/loss probe, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe. */
  timer: number;
  /** RTO retransmissions of the oldest unacknowledged segment (icsk_retransmits). */
  retransmits: number;
  /** Unanswered keepalive or zero-window probes (icsk_probes_out). */
  probes: number;
  /** The current retransmission timeout in ms (icsk_rto). */
  rtoMs: number;
}

function _addr(hex: string): [string, number] {
  const [ip, port] = hex.split(":");
  // Little-endian on x86 and arm64: the first byte of the address is last.
  const n = parseInt(ip, 16);
  const quad = [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join(".");
  return [quad, parseInt(port, 16)];
}

/**
 * Parse the text of /proc/net/tcp.
 *
 * @example
 * ```ts
 * const rows = parseProcTcp(readProc("/proc/net/tcp"));
 * ```
 */
export function parseProcTcp(text: string): TcpRow[] {
  const rows: TcpRow[] = [];
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 15) continue;
    const [localAddr, localPort] = _addr(f[1]);
    const [remoteAddr, remotePort] = _addr(f[2]);
    const [tx, rx] = f[4].split(":").map((h) => parseInt(h, 16));
    const [timer] = f[5].split(":").map((h) => parseInt(h, 16));
    rows.push({
      localAddr,
      localPort,
      remoteAddr,
      remotePort,
      state: _STATES[parseInt(f[3], 16)] ?? f[3],
      txQueue: tx,
      rxQueue: rx,
      timer,
      retransmits: parseInt(f[6], 16),
      probes: Number(f[8]),
      rtoMs: Number(f[12]) * _TICK_MS,
    });
  }
  return rows;
}
