/**
 * One look at /proc for `echolab watch`: the port's sockets (lib/proc's
 * socketTable, in one or more network namespaces), the server that owns the
 * listening socket (found by its inode in /proc/PID/fd, as `ss -p` does), and
 * that server's process tree (lib/proc's processTable). No `ss` or `ps`
 * process is started; a look reads a handful of files.
 *
 * @module
 */

import { parseStat } from "../proc/parse_stat.ts";
import { type ProcessRow, processRow, processTable } from "../proc/process_table.ts";
import { socketTable } from "../proc/socket_table.ts";
import { listProcDir, readProcFile, readProcLink } from "../proc/proc_file.ts";
import { type WatchedSocket, watchedSocket, type WatchSnapshot } from "./snapshot.ts";

/** A network namespace to read sockets from. */
export interface NetSource {
  /** Label of the lab host (`client`, `server`); empty on the host. */
  host: string;
  /** A process inside that namespace (absent: ours). */
  pid?: number;
}

/** What to watch. */
export interface WatchScope {
  /** The port (absent: the ports `pid` listens on). */
  port?: number;
  /** The server's pid, when the user named it (absent: found from the LISTEN socket). */
  pid?: number;
  /** Namespaces to read (default: ours). */
  sources?: NetSource[];
  /**
   * Read the socket tables at most this often (default 0: every look), and
   * at once whenever the processes changed. Each read of /proc/net/tcp walks
   * the kernel's whole established hash table: the main cost of a look.
   */
  socketEveryMs?: number;
}

/**
 * The pids holding any of `inodes` open (a `socket:[N]` link in /proc/PID/fd).
 *
 * @example
 * ```ts
 * socketOwners(new Set([listener.inode])); // [4242]
 * ```
 */
export function socketOwners(inodes: ReadonlySet<number>, procRoot = "/proc"): number[] {
  const owners: number[] = [];
  for (const name of listProcDir(procRoot)) {
    if (!/^\d+$/.test(name)) continue;
    for (const fd of listProcDir(`${procRoot}/${name}/fd`)) {
      const m = /^socket:\[(\d+)\]$/.exec(readProcLink(`${procRoot}/${name}/fd/${fd}`) ?? "");
      if (m && inodes.has(Number(m[1]))) {
        owners.push(Number(name));
        break;
      }
    }
  }
  return owners;
}

/**
 * The ports `pid` listens on (its LISTEN sockets, in its own network namespace).
 *
 * @example
 * ```ts
 * listeningPorts(serverPid); // [9877]
 * ```
 */
export function listeningPorts(pid: number): number[] {
  const mine = new Set<number>();
  for (const fd of listProcDir(`/proc/${pid}/fd`)) {
    const m = /^socket:\[(\d+)\]$/.exec(readProcLink(`/proc/${pid}/fd/${fd}`) ?? "");
    if (m) mine.add(Number(m[1]));
  }
  const ports = socketTable({ pid })
    .filter((r) => r.state === "LISTEN" && mine.has(r.inode))
    .map((r) => r.localPort);
  return [...new Set(ports)].sort((a, b) => a - b);
}

/**
 * True while /proc/PID exists (a zombie included).
 *
 * @example
 * ```ts
 * processExists(Deno.pid); // true
 * ```
 */
export function processExists(pid: number): boolean {
  return readProcFile(`/proc/${pid}/stat`) !== undefined;
}

/**
 * The children of `pid`, from /proc/PID/task/TID/children of every thread
 * (`allThreads`) or of the main thread only (undefined: no such file).
 */
function _children(pid: number, allThreads: boolean): number[] | undefined {
  const out: number[] = [];
  let found = false;
  for (const tid of allThreads ? listProcDir(`/proc/${pid}/task`) : [String(pid)]) {
    const text = readProcFile(`/proc/${pid}/task/${tid}/children`);
    if (text === undefined) continue;
    found = true;
    for (const w of text.trim().split(/\s+/)) if (w) out.push(Number(w));
  }
  return found ? out : undefined;
}

/**
 * `root` and its descendants, parents first: from the kernel's children
 * lists (CONFIG_PROC_CHILDREN) — a few small reads — else by scanning every
 * process's parent (processTable's walk).
 *
 * `known` gives the children of some processes (not the root) from an
 * earlier look, so they are not read again.
 *
 * @example
 * ```ts
 * treePids(serverPid); // [serverPid, child1, child2]
 * ```
 */
export function treePids(root: number, known?: ReadonlyMap<number, number[]>): number[] {
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    if (out.includes(pid)) continue;
    // The server may start children from any thread (a runtime's worker threads); its
    // children are the book's single-threaded str_echo: their main thread is enough,
    // and what the caller already knows of them (`known`) spares a read.
    const kids = pid === root ? _children(pid, true) : known?.get(pid) ?? _children(pid, false);
    if (kids === undefined) {
      if (!processExists(pid)) continue;
      return processTable({ root }).map((r) => r.pid);
    }
    out.push(pid);
    queue.push(...kids.sort((a, b) => a - b));
  }
  return out;
}

/** Reads /proc for one {@link WatchScope}, remembering what it found between looks. */
export class Observer {
  readonly #scope: WatchScope;
  #server: number | undefined;
  #serverStart = 0;
  #listenInodes = "";
  #lastOwnerScan = -Infinity;
  #ownerRetryMs = 1000;
  #tracked: number[] = [];
  #ports: number[];
  #v6LastRead = -Infinity;
  #v6Busy = true;
  #v4Listener = false;
  #v6Kept: WatchedSocket[] = [];
  #rows = new Map<number, { start: number; args: string; wchan?: string }>();
  #looks = 0;
  #grandchildren = new Map<number, number[]>();
  #sockets: WatchedSocket[] | undefined;
  #socketsAt = -Infinity;
  #processSignature = "";

  /** Watch `scope`. */
  constructor(scope: WatchScope) {
    this.#scope = scope;
    this.#server = scope.pid;
    this.#serverStart = scope.pid === undefined ? 0 : _startTicks(scope.pid);
    this.#ports = scope.port !== undefined ? [scope.port] : [];
  }

  /**
   * Read /proc/net/tcp6 on this look? Each read of tcp or tcp6 walks the
   * kernel's whole established hash table (tcp_ehash_entries buckets, however
   * few sockets there are), the main cost of a look. So tcp6 is read on every
   * look while it holds sockets of the port or while no IPv4 listener serves
   * the port, and otherwise once every 2 s (an IPv6 client of an IPv4-only
   * server is then seen up to 2 s late).
   */
  #v6Due(nowMs: number): boolean {
    return this.#v6Busy || !this.#v4Listener || nowMs - this.#v6LastRead >= 2000;
  }

  /**
   * Read the tables now.
   *
   * @example
   * ```ts
   * const snap = new Observer({ port: 9877 }).look();
   * snap.sockets.filter((s) => s.state === "CLOSE_WAIT");
   * ```
   */
  look(nowMs: number = performance.now()): WatchSnapshot {
    const scope = this.#scope;
    if (scope.port === undefined && scope.pid !== undefined && this.#ports.length === 0) {
      if (processExists(scope.pid)) this.#ports = listeningPorts(scope.pid);
    }
    // The server may have ended (or its pid been reused).
    if (this.#server !== undefined && _startTicks(this.#server) !== this.#serverStart) {
      this.#server = undefined;
    }
    // Processes first: a cheap look, and a change there (a new child, a zombie, an exit)
    // comes with a change in the sockets — read those at once rather than on schedule.
    let processes = this.#processes();
    const signature = _signature(processes);
    const processesMoved = signature !== this.#processSignature;
    this.#processSignature = signature;
    const every = scope.socketEveryMs ?? 0;
    if (processesMoved || this.#sockets === undefined || nowMs - this.#socketsAt >= every) {
      this.#sockets = this.#readSockets(nowMs);
      this.#socketsAt = nowMs;
      if (this.#findServer(this.#sockets, nowMs)) {
        processes = this.#processes();
        this.#processSignature = _signature(processes);
      }
    }
    return {
      sockets: this.#sockets,
      processes,
      server: this.#server,
      ports: [...this.#ports],
    };
  }

  /** The server's tree, plus children seen before that are still alive (orphans after the server died). */
  #processes(): ProcessRow[] {
    // Every 4th look reads everything; between, the children's own children and wait
    // channels (which change all the time and are never annotated) are kept from it.
    this.#looks++;
    const full = this.#looks % 4 === 1;
    const pids = this.#server === undefined
      ? []
      : treePids(this.#server, full ? undefined : this.#grandchildren);
    if (full) this.#grandchildren = new Map();
    for (const pid of this.#tracked) if (!pids.includes(pid)) pids.push(pid);
    const processes = this.#processRows(pids, full);
    this.#tracked = processes.map((p) => p.pid);
    if (full) {
      // Remember who (below the root) has children: none, for the book's servers.
      for (const p of processes) {
        if (p.pid !== this.#server) this.#grandchildren.set(p.pid, []);
      }
      for (const p of processes) {
        if (p.ppid !== this.#server && this.#grandchildren.has(p.ppid)) {
          this.#grandchildren.get(p.ppid)!.push(p.pid);
        }
      }
    }
    return processes;
  }

  /** The port's sockets in every source namespace, the listener first, each connection's ends together. */
  #readSockets(nowMs: number): WatchedSocket[] {
    const sources = this.#scope.sources ?? [{ host: "" }];
    // A socket that moves in the table while it is read can be printed twice: keep one.
    const byKey = new Map<string, WatchedSocket>();
    const v6 = this.#v6Due(nowMs);
    let v4Listener = false;
    let v6Seen = false;
    for (const src of this.#ports.length === 0 ? [] : sources) {
      const families: (4 | 6)[] = v6 ? [4, 6] : [4];
      for (const row of socketTable({ ports: this.#ports, pid: src.pid, families })) {
        if (row.family === 4 && row.state === "LISTEN") v4Listener = true;
        if (row.family === 6) v6Seen = true;
        const s = watchedSocket(row, this.#ports, src.host);
        if (!byKey.has(s.key)) byKey.set(s.key, s);
      }
    }
    if (v6) {
      this.#v6LastRead = nowMs;
      this.#v6Busy = v6Seen;
      this.#v6Kept = [...byKey.values()].filter((s) => s.family === 6);
    } else {
      for (const s of this.#v6Kept) if (!byKey.has(s.key)) byKey.set(s.key, s);
    }
    this.#v4Listener = v4Listener;
    const clientPort = (s: WatchedSocket) =>
      s.side === "listen" ? -1 : s.side === "server" ? s.foreignPort : s.localPort;
    return [...byKey.values()].sort((a, b) =>
      a.host.localeCompare(b.host) || clientPort(a) - clientPort(b) ||
      a.side.localeCompare(b.side)
    );
  }

  /**
   * The server, when the user did not name it: the owner of the LISTEN
   * socket(s). Scanning every process's fds is the costly part, so it runs
   * only when the listener changed, or while its owner is unknown after 1 s,
   * then 2, 4 … 30 s (it may belong to a user whose fds we cannot read). True
   * when the server changed.
   */
  #findServer(sockets: WatchedSocket[], nowMs: number): boolean {
    if (this.#scope.pid !== undefined) return false;
    const inodes = sockets.filter((s) => s.state === "LISTEN" && s.inode > 0).map((s) => s.inode);
    const key = inodes.sort().join(",");
    const retry = this.#server === undefined && inodes.length > 0 &&
      nowMs - this.#lastOwnerScan >= this.#ownerRetryMs;
    if (key === this.#listenInodes && !retry) return false;
    // Not found again (a server of another user, whose fds we may not read): wait longer.
    this.#ownerRetryMs = key === this.#listenInodes
      ? Math.min(30_000, this.#ownerRetryMs * 2)
      : 1000;
    this.#listenInodes = key;
    this.#lastOwnerScan = nowMs;
    const before = this.#server;
    this.#server = inodes.length ? _topmost(socketOwners(new Set(inodes))) : undefined;
    this.#serverStart = this.#server === undefined ? 0 : _startTicks(this.#server);
    return this.#server !== before;
  }

  /**
   * Rows for `pids`, as processTable gives them: stat and wchan are read on
   * every look, the command line (which only exec changes) once per process.
   */
  #processRows(pids: number[], full: boolean): ProcessRow[] {
    const rows: ProcessRow[] = [];
    const seen = new Map<number, { start: number; args: string; wchan?: string }>();
    for (const pid of pids) {
      const stat = readProcFile(`/proc/${pid}/stat`);
      if (stat === undefined) continue; // gone
      const start = parseStat(stat).startTicks;
      let known = this.#rows.get(pid);
      let row: ProcessRow | undefined;
      if (!known || known.start !== start) {
        row = processTable({ pids: [pid] })[0];
        if (!row) continue;
        known = { start, args: row.args };
      } else {
        const wchan = full || pid === this.#server
          ? readProcFile(`/proc/${pid}/wchan`) ?? ""
          : known.wchan ?? "";
        row = processRow(stat, wchan, "");
        if (row.state !== "Z") row.args = known.args;
      }
      known.wchan = row.wchan === "-" ? "" : row.wchan;
      seen.set(pid, known);
      rows.push(pid === Deno.pid ? { ...row, self: true } : row);
    }
    this.#rows = seen;
    return rows;
  }
}

/** Which processes there are and which are zombies (running ↔ sleeping is no news). */
function _signature(processes: ProcessRow[]): string {
  return processes.map((p) => `${p.pid}${p.state === "Z" ? "Z" : ""}`).join(" ");
}

function _startTicks(pid: number): number {
  const text = readProcFile(`/proc/${pid}/stat`);
  return text ? parseStat(text).startTicks : -1;
}

/** Of processes sharing a socket (a fork inherits its parent's), the one whose parent is not among them. */
function _topmost(pids: number[]): number | undefined {
  if (pids.length <= 1) return pids[0];
  const set = new Set(pids);
  for (const pid of pids) {
    const text = readProcFile(`/proc/${pid}/stat`);
    if (text && !set.has(parseStat(text).ppid)) return pid;
  }
  return pids[0];
}
