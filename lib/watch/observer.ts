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
import { type ProcessRow, processTable } from "../proc/process_table.ts";
import { socketTable } from "../proc/socket_table.ts";
import { listProcDir, readProcFile, readProcLink } from "../sys/proc_file.ts";
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

/** True while /proc/PID exists (a zombie included). */
export function processExists(pid: number): boolean {
  return readProcFile(`/proc/${pid}/stat`) !== undefined;
}

/** The children of `pid`, from /proc/PID/task/TID/children of every thread (undefined: no such file). */
function _children(pid: number): number[] | undefined {
  const out: number[] = [];
  let found = false;
  for (const tid of listProcDir(`/proc/${pid}/task`)) {
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
 * @example
 * ```ts
 * treePids(serverPid); // [serverPid, child1, child2]
 * ```
 */
export function treePids(root: number): number[] {
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    if (out.includes(pid)) continue;
    const kids = _children(pid);
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
  #tracked: number[] = [];
  #ports: number[];

  /** Watch `scope`. */
  constructor(scope: WatchScope) {
    this.#scope = scope;
    this.#server = scope.pid;
    this.#serverStart = scope.pid === undefined ? 0 : _startTicks(scope.pid);
    this.#ports = scope.port !== undefined ? [scope.port] : [];
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
    const sources = scope.sources ?? [{ host: "" }];
    // A socket that moves in the table while it is read can be printed twice: keep one.
    const byKey = new Map<string, WatchedSocket>();
    for (const src of this.#ports.length === 0 ? [] : sources) {
      for (const row of socketTable({ ports: this.#ports, pid: src.pid })) {
        const s = watchedSocket(row, this.#ports, src.host);
        if (!byKey.has(s.key)) byKey.set(s.key, s);
      }
    }
    // The listener first, then each connection's two ends together (by the client's port).
    const clientPort = (s: WatchedSocket) =>
      s.side === "listen" ? -1 : s.side === "server" ? s.foreignPort : s.localPort;
    const sockets = [...byKey.values()].sort((a, b) =>
      a.host.localeCompare(b.host) || clientPort(a) - clientPort(b) ||
      a.side.localeCompare(b.side)
    );
    // The server: named by the user, else the owner of the LISTEN socket(s).
    if (this.#server !== undefined && _startTicks(this.#server) !== this.#serverStart) {
      this.#server = undefined; // ended (or its pid was reused)
    }
    if (scope.pid === undefined) {
      const inodes = sockets.filter((s) => s.state === "LISTEN" && s.inode > 0).map((s) => s.inode);
      const key = inodes.sort().join(",");
      // Scan the fds of every process only when the listener changed, or (at most once a
      // second) while its owner is unknown — the costly part of a look.
      if (
        key !== this.#listenInodes ||
        (this.#server === undefined && inodes.length > 0 && nowMs - this.#lastOwnerScan >= 1000)
      ) {
        this.#listenInodes = key;
        this.#lastOwnerScan = nowMs;
        this.#server = inodes.length ? _topmost(socketOwners(new Set(inodes))) : undefined;
        this.#serverStart = this.#server === undefined ? 0 : _startTicks(this.#server);
      }
    }
    // The tree, plus children seen before that are still alive (orphans after the server died).
    const pids = this.#server === undefined ? [] : treePids(this.#server);
    for (const pid of this.#tracked) if (!pids.includes(pid)) pids.push(pid);
    const processes: ProcessRow[] = processTable({ pids }).map((r) =>
      r.pid === Deno.pid ? { ...r, self: true } : r
    );
    this.#tracked = processes.map((p) => p.pid);
    return { sockets, processes, server: this.#server, ports: [...this.#ports] };
  }
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
