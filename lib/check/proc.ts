/**
 * What `echolab check` reads from /proc: process states (Z is a zombie),
 * parents and process groups, wait channels, and the TCP sockets of
 * /proc/net/tcp with the processes that hold them. Linux only.
 *
 * @module
 */

import { listProcDir, readProcFile as readProcText, readProcLink } from "../sys/proc_file.ts";

/** One line of /proc/PID/stat, the fields the checks need. */
export interface ProcStat {
  /** Process id. */
  pid: number;
  /** Command name (comm), at most 15 characters. */
  comm: string;
  /** State letter: R running, S sleeping, T stopped, Z zombie … */
  state: string;
  /** Parent pid. */
  ppid: number;
  /** Process group id. */
  pgrp: number;
  /** Start time in clock ticks since boot: with pid, names one process for sure. */
  start: number;
}

/**
 * Parse /proc/PID/stat, or undefined when the process is gone.
 *
 * @example
 * ```ts
 * procStat(Deno.pid)?.state; // "R"
 * ```
 */
export function procStat(pid: number): ProcStat | undefined {
  const text = readProcText(`/proc/${pid}/stat`);
  if (text === undefined) return undefined;
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
  // utime stime cutime cstime priority nice threads itrealvalue starttime …
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  const rest = text.slice(close + 2).split(" ");
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0],
    ppid: Number(rest[1]),
    pgrp: Number(rest[2]),
    start: Number(rest[19]),
  };
}

/**
 * Every process visible in /proc.
 *
 * @example
 * ```ts
 * allProcesses().filter((p) => p.state === "Z");
 * ```
 */
export function allProcesses(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of listProcDir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStat(Number(name));
    if (stat) out.push(stat);
  }
  return out;
}

/**
 * The processes whose parent is `ppid`.
 *
 * @example
 * ```ts
 * childrenOf(serverPid).filter((c) => c.state === "Z").length; // zombies
 * ```
 */
export function childrenOf(ppid: number, all: ProcStat[] = allProcesses()): ProcStat[] {
  return all.filter((p) => p.ppid === ppid);
}

/**
 * Every descendant of `root` (children, their children …), not `root` itself.
 *
 * @example
 * ```ts
 * descendantsOf(Deno.pid).length;
 * ```
 */
export function descendantsOf(root: number, all: ProcStat[] = allProcesses()): ProcStat[] {
  const out: ProcStat[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.pop()!;
    for (const p of all) {
      if (p.ppid === parent && !out.some((o) => o.pid === p.pid)) {
        out.push(p);
        frontier.push(p.pid);
      }
    }
  }
  return out;
}

/**
 * The kernel function `pid` sleeps in (/proc/PID/wchan), e.g. inet_csk_accept.
 *
 * @example
 * ```ts
 * wchanOf(serverPid); // "inet_csk_accept" while blocked in accept
 * ```
 */
export function wchanOf(pid: number): string | undefined {
  const w = readProcText(`/proc/${pid}/wchan`)?.trim();
  return w && w !== "0" ? w : undefined;
}

/** TCP states as /proc/net/tcp numbers them. */
const _TCP_STATES: Record<string, string> = {
  "01": "ESTABLISHED",
  "02": "SYN_SENT",
  "03": "SYN_RECV",
  "04": "FIN_WAIT1",
  "05": "FIN_WAIT2",
  "06": "TIME_WAIT",
  "07": "CLOSE",
  "08": "CLOSE_WAIT",
  "09": "LAST_ACK",
  "0A": "LISTEN",
  "0B": "CLOSING",
};

/** One socket of /proc/net/tcp or /proc/net/tcp6. */
export interface TcpSocket {
  /** Local address as text (IPv4 dotted or IPv6 hex groups). */
  localAddr: string;
  /** Local port. */
  localPort: number;
  /** Foreign address. */
  remoteAddr: string;
  /** Foreign port. */
  remotePort: number;
  /** State name, e.g. LISTEN, ESTABLISHED, CLOSE_WAIT. */
  state: string;
  /** Bytes queued to send (Send-Q). */
  txQueue: number;
  /** Bytes received, unread (Recv-Q); for LISTEN: connections waiting for accept. */
  rxQueue: number;
  /** Socket inode: matches the `socket:[inode]` links in /proc/PID/fd. */
  inode: number;
  /** 4 or 6. */
  family: 4 | 6;
}

function _ipv4(hex: string): string {
  // Little-endian 32-bit word on x86_64/aarch64.
  const bytes = hex.match(/../g)!.map((b) => parseInt(b, 16)).reverse();
  return bytes.join(".");
}

function _ipv6(hex: string): string {
  // Four little-endian 32-bit words.
  const words = hex.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(""));
  const groups = words.join("").match(/.{4}/g)!.map((g) => g.replace(/^0+(?=.)/, "").toLowerCase());
  const text = groups.join(":");
  if (text === "0:0:0:0:0:0:0:0") return "::";
  if (text === "0:0:0:0:0:0:0:1") return "::1";
  const mapped = /^0:0:0:0:0:ffff:([0-9a-f]+):([0-9a-f]+)$/.exec(text);
  if (mapped) {
    const n = (parseInt(mapped[1], 16) << 16 >>> 0) + parseInt(mapped[2], 16);
    return `::ffff:${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".")}`;
  }
  return text;
}

function _parseTable(path: string, family: 4 | 6): TcpSocket[] {
  const text = readProcText(path);
  if (text === undefined) return [];
  const out: TcpSocket[] = [];
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [la, lp] = f[1].split(":");
    const [ra, rp] = f[2].split(":");
    const [tx, rx] = f[4].split(":");
    const addr = family === 4 ? _ipv4 : _ipv6;
    out.push({
      localAddr: addr(la),
      localPort: parseInt(lp, 16),
      remoteAddr: addr(ra),
      remotePort: parseInt(rp, 16),
      state: _TCP_STATES[f[3]] ?? f[3],
      txQueue: parseInt(tx, 16),
      rxQueue: parseInt(rx, 16),
      inode: Number(f[9]),
      family,
    });
  }
  return out;
}

/**
 * Every TCP socket of this network namespace (IPv4 and IPv6).
 *
 * @example
 * ```ts
 * tcpSockets().filter((s) => s.state === "LISTEN" && s.localPort === 9877);
 * ```
 */
export function tcpSockets(): TcpSocket[] {
  return [..._parseTable("/proc/net/tcp", 4), ..._parseTable("/proc/net/tcp6", 6)];
}

/**
 * The socket inodes `pid` holds open (from the `socket:[N]` links in /proc/PID/fd).
 *
 * @example
 * ```ts
 * socketInodes(Deno.pid).has(listening.inode);
 * ```
 */
export function socketInodes(pid: number): Set<number> {
  const out = new Set<number>();
  for (const fd of listProcDir(`/proc/${pid}/fd`)) {
    const m = /^socket:\[(\d+)\]$/.exec(readProcLink(`/proc/${pid}/fd/${fd}`) ?? "");
    if (m) out.add(Number(m[1]));
  }
  return out;
}

/** How a process disposes of a signal, from /proc/PID/status. */
export type Disposition = "caught" | "ignored" | "default";

/**
 * Whether `pid` catches, ignores or leaves at default signal number `signo`
 * (SigCgt / SigIgn in /proc/PID/status). Undefined when the process is gone.
 *
 * @example
 * ```ts
 * signalDisposition(serverPid, 17); // "caught" when a SIGCHLD handler is installed
 * ```
 */
export function signalDisposition(pid: number, signo: number): Disposition | undefined {
  const text = readProcText(`/proc/${pid}/status`);
  if (text === undefined) return undefined;
  const mask = (field: string) => {
    const m = new RegExp(`^${field}:\\s*([0-9a-f]+)$`, "m").exec(text);
    return m ? BigInt(`0x${m[1]}`) : 0n;
  };
  const bit = 1n << BigInt(signo - 1);
  if (mask("SigCgt") & bit) return "caught";
  if (mask("SigIgn") & bit) return "ignored";
  return "default";
}
