/**
 * The concurrent echo server on the book engine (UNP §5.2–5.10): libc
 * through FFI. The connected descriptor itself becomes the child's stdin
 * and stdout (posix_spawn file actions: dup2 onto 0 and 1, close the
 * listening socket — fork's descriptor inheritance), the parent closes its
 * copy, and SIGCHLD is handled the way the user picks:
 *
 * - `none`    — never wait (tcpserv01): children stay zombies, seen in /proc;
 * - `wait`    — one wait per SIGCHLD delivery (tcpserv02/03): deliveries
 *               that were merged leave zombies (§5.10);
 * - `waitpid` — waitpid(-1, WNOHANG) in a loop (tcpserv04): none left.
 *
 * `wait` is waitpid(-1, WNOHANG) called once per delivery: what wait does
 * when a zombie exists, without ever blocking the event loop. waitpid(-1)
 * reaps *any* child of this process, so do not run Deno.Command children
 * beside a `wait`/`waitpid` server in the same process (the `serve` command
 * and the chaos scenarios never do).
 *
 * @module
 */

import { SysError, UsageError } from "../errors.ts";
import type { EventBus } from "../events.ts";
import { kill } from "../sys/kill.ts";
import { procState } from "../proc/proc_state.ts";
import { selfCommand } from "../sys/self_command.ts";
import { shellStatusFor } from "../sys/signals.ts";
import { formatSockAddr, parseHost } from "../sys/sockaddr.ts";
import { close, getpeername } from "../sys/socket.ts";
import type { CloneWorker } from "../sys/clone_worker.ts";
import { posixSpawn } from "../sys/spawn.ts";
import { acceptNext, tcpListen } from "../sys/tcp.ts";
import { type ChildStatus, peekEnded, waitpid } from "../sys/wait.ts";
import { ACCEPT_BACK_OFF_ERRNOS, ACCEPT_BACK_OFF_MS } from "./accept_back_off.ts";
import { isWildcard } from "./addr.ts";
import { clientAddress } from "./per_address.ts";
import { EventLoopTurn } from "./event_loop_turn.ts";
import { listenForStop, type StopOptions } from "./stop_request.ts";

/** How the parent handles SIGCHLD. */
export type ReapPolicy = "none" | "wait" | "waitpid";

/**
 * The SIGCHLD policies, in the book's order.
 *
 * @example
 * ```ts
 * REAP_POLICIES.includes("waitpid"); // true
 * ```
 */
export const REAP_POLICIES: readonly ReapPolicy[] = ["none", "wait", "waitpid"];

/** Options for {@link serveBook}. */
export interface BookServeOptions extends StopOptions {
  /** Numeric address to bind (or `localhost`). */
  host: string;
  /** Port (0: the kernel picks one). */
  port: number;
  /** Live children beyond which new clients are refused. */
  maxClients: number;
  /** Live children per client address beyond which its new clients are refused (beyond the book). */
  perAddress?: number;
  /** SIGCHLD policy. */
  reap: ReapPolicy;
  /** Where events go. */
  bus: EventBus;
  /**
   * The child program (its stdin/stdout are the socket); default the
   * `echolab` worker, `echolab __str-echo`. `name` labels it in events;
   * `env` replaces the environment (`[]`: an empty one).
   */
  child?: { program: string; argv: string[]; name?: string; env?: string[] };
  /**
   * Instead of a program: children cloned without exec, running str_echo as
   * machine code on the inherited socket (lib/sys/clone_worker.ts).
   */
  clone?: CloneWorker;
  /** Why this worker was chosen, when it was not the one asked for (in the `worker` event). */
  workerNote?: string;
  /**
   * With `reap: "waitpid"`, emit how each waitpid(-1, WNOHANG) loop ended —
   * 0 (children left, none ended) or ECHILD (none left), UNP §5.10. Off for
   * `serve`, where it would add a line to every SIGCHLD.
   */
  showLoopEnd?: boolean;
}

interface _Child {
  pid: number;
  /** Termination seen (reaped or peeked at); the child is no longer live. */
  ended: boolean;
  /** Termination status fetched: no zombie left. */
  reaped: boolean;
  /** The client's address (no port), for --per-address. */
  address: string;
}

/** listen errors that come from the user's choice of address (exit 2). */
const _INPUT_ERRNOS = new Set(["EADDRINUSE", "EADDRNOTAVAIL", "EACCES", "EINVAL"]);
const _SHUTDOWN_TERM_MS = 2000;
const _SHUTDOWN_GIVE_UP_MS = 5000;

const _sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Serve until SIGINT/SIGTERM (or `stop`); resolves to the exit code (130 or 143).
 *
 * @example
 * ```ts
 * const code = await serveBook({ host: "127.0.0.1", port: 0, maxClients: 64, reap: "waitpid", bus });
 * ```
 */
export async function serveBook(opts: BookServeOptions): Promise<number> {
  const { bus } = opts;
  if (!parseHost(opts.host)) {
    throw new UsageError({
      en: /^[\d.]+$/.test(opts.host)
        ? `'${opts.host}' is not a valid IPv4 address`
        : `the book engine binds numeric addresses (or localhost) only, not '${opts.host}' (or use --engine deno)`,
      zh: /^[\d.]+$/.test(opts.host)
        ? `'${opts.host}' 不是有效的 IPv4 地址`
        : `book 引擎只绑定数字形式的地址（或 localhost），不接受 '${opts.host}'（或改用 --engine deno）`,
    }, "serve");
  }
  const l = tcpListen(opts.host, opts.port, 1024);
  if (!l.ok) {
    const where = formatSockAddr({
      family: opts.host.includes(":") ? 6 : 4,
      host: opts.host,
      port: opts.port,
    });
    throw new SysError(
      `${l.call} ${where}`,
      l.errno,
      { en: `${l.call} failed`, zh: `${l.call} 失败` },
      _INPUT_ERRNOS.has(l.errno) ? 2 : 1,
    );
  }
  const listenFd = l.value.fd;
  bus.emit("server", "listening", {
    host: l.value.addr.host,
    port: l.value.addr.port,
    pid: Deno.pid,
    engine: "book",
    reap: opts.reap,
  });
  // The address actually bound: "0" and "::0" are the wildcard too.
  if (isWildcard(l.value.addr.host)) {
    bus.emit("server", "warning-wildcard", { host: l.value.addr.host });
  }

  const self = selfCommand(["__str-echo"]);
  const child = opts.child ?? { program: self.cmd, argv: [self.cmd, ...self.args] };
  const clone = opts.clone;
  const worker = clone ? "clone" : child.name ?? (opts.child ? child.argv[0] : "echolab");
  // UNP §5.3: which program runs str_echo in every child.
  bus.emit("server", "worker", {
    worker,
    program: clone ? "str_echo (machine code, no exec)" : child.program,
    note: opts.workerNote,
  });
  const children = new Map<number, _Child>();
  const live = () => [...children.values()].filter((c) => !c.ended).length;
  const liveFrom = (address: string) =>
    [...children.values()].filter((c) => !c.ended && c.address === address).length;
  const zombies = () => [...children.values()].filter((c) => c.ended && !c.reaped).length;
  let sigchldCount = 0;
  let refusedCount = 0;
  const halt = new AbortController();
  const stop = listenForStop(opts, () => halt.abort());

  const ended = (c: _Child, status: ChildStatus) => {
    if (c.ended) return;
    c.ended = true;
    clone?.ended(c.pid); // it runs no more: its stack can go
    bus.emit(
      "server",
      "child-exited",
      status.end.signal
        ? { pid: c.pid, signal: status.end.signal, live: live(), topic: "child-killed" }
        : { pid: c.pid, code: status.end.code, live: live() },
    );
  };
  /** `shutdown`: the server's own end (SIGTERM/SIGINT), not its SIGCHLD policy. */
  const reaped = (status: ChildStatus, by: "wait" | "waitpid", shutdown?: string) => {
    const c = children.get(status.pid);
    if (!c) return; // not one of ours
    ended(c, status);
    c.reaped = true;
    children.delete(c.pid);
    bus.emit("server", "reaped", {
      pid: c.pid,
      by,
      zombies: zombies(),
      ...(shutdown ? { shutdown } : {}),
    });
  };
  /** Children that ended but were not waited for: real zombies (state Z). */
  const noticeZombies = (): number => {
    let found = 0;
    for (const c of children.values()) {
      if (c.ended) continue;
      const peek = peekEnded(c.pid);
      if (!peek.ok || !peek.value) continue;
      ended(c, peek.value);
      found++;
      bus.emit("server", "child-zombie", {
        pid: c.pid,
        state: procState(c.pid)?.state ?? "?",
        zombies: zombies(),
      });
    }
    return found;
  };

  /** UNP §5.10: tcpserv04's `while (waitpid(-1, &stat, WNOHANG) > 0)` ends on 0 or ECHILD. */
  const loopEnded = (r: ReturnType<typeof waitpid>) => {
    const running = [...children.values()].filter((c) => !c.ended).map((c) => c.pid);
    if (r.ok) {
      bus.emit("server", "returned", {
        op: "waitpid",
        args: "-1, WNOHANG",
        value: 0,
        running,
        topic: "waitpid-zero",
      });
    } else {
      bus.emit("server", "error", { op: "waitpid", args: "-1, WNOHANG", errno: r.errno });
    }
  };
  // UNP §5.8–5.10: the SIGCHLD handler, with the user's policy.
  const collect = (first?: ReturnType<typeof waitpid>): number => {
    let got = 0;
    if (opts.reap === "wait") {
      const r = waitpid(-1, { nohang: true });
      if (r.ok && r.value) {
        reaped(r.value, "wait");
        got++;
      }
    } else if (opts.reap === "waitpid") {
      for (let r = first ?? waitpid(-1, { nohang: true });; r = waitpid(-1, { nohang: true })) {
        if (!r.ok || !r.value) {
          if (opts.showLoopEnd) loopEnded(r);
          break;
        }
        reaped(r.value, "waitpid");
        got++;
      }
    }
    return got + noticeZombies();
  };
  let rescan: ReturnType<typeof setTimeout> | undefined;
  const onChld = () => {
    // The loop's first waitpid, before the delivery is told: when it finds nothing
    // (0: children run, none ended; ECHILD: none left) the delivery's line says so
    // rather than standing bare. Finding nothing changes nothing, so it is not reaped early.
    const first = !stop.signal && opts.reap === "waitpid"
      ? waitpid(-1, { nohang: true })
      : undefined;
    const empty = first && (!first.ok || !first.value)
      ? { waitpid: first.ok ? 0 : first.errno }
      : {};
    bus.emit("server", "sigchld", { count: ++sigchldCount, reap: opts.reap, ...empty });
    if (stop.signal) return; // the shutdown reaps everything itself
    if (collect(first) === 0) {
      // The signal can overtake the exit's bookkeeping by a hair, and Deno
      // merges deliveries that arrive while the loop is busy: look once more
      // as the handler would (waitpid loop reaps; `wait` and `none` only notice).
      clearTimeout(rescan);
      rescan = setTimeout(opts.reap === "waitpid" ? collect : noticeZombies, 20);
    }
  };
  Deno.addSignalListener("SIGCHLD", onChld);

  const turn = new EventLoopTurn();
  let accepts = 0;
  try {
    while (!stop.signal) {
      // Take queued connections at once, but every 16th goes through poll on
      // the thread pool: only while the runtime waits does it pick up signals.
      const tryFirst = ++accepts % 16 !== 0;
      const a = await acceptNext(listenFd, { signal: halt.signal, tryFirst });
      if (!a.ok) {
        if (a.errno === "ECANCELED" || stop.signal) break;
        // UNP §5.11: an aborted connection (or any accept error) is not fatal.
        bus.emit("server", "error", { op: "accept", errno: a.errno });
        if (ACCEPT_BACK_OFF_ERRNOS.has(a.errno)) await _sleep(ACCEPT_BACK_OFF_MS);
        continue;
      }
      const fd = a.value.fd;
      const peer = a.value.peer ? formatSockAddr(a.value.peer) : "?";
      // UNP §5.11: Linux's accept hands back a connection the client already reset;
      // the error is on the descriptor (getpeername: ENOTCONN). No child for it.
      const named = getpeername(fd);
      if (!named.ok && named.errno === "ENOTCONN") {
        bus.emit("server", "accept-aborted", {
          peer,
          errno: named.errno,
          topic: "accept-after-rst",
        });
        close(fd);
        continue;
      }
      // A SIGCHLD not handled yet must not make a client look refused: learn
      // which children really ended first (noticing, not reaping: the policy stays).
      if (live() >= opts.maxClients) noticeZombies();
      if (live() >= opts.maxClients) {
        // `refused`: how many clients were refused so far (this one included).
        bus.emit("server", "refused", {
          peer,
          live: live(),
          max: opts.maxClients,
          refused: ++refusedCount,
        });
        close(fd);
        continue;
      }
      // Beyond the book: one address cannot take every slot (a classroom's slowloris).
      const address = clientAddress(a.value.peer?.host ?? "?");
      if (opts.perAddress !== undefined && liveFrom(address) >= opts.perAddress) noticeZombies();
      if (opts.perAddress !== undefined && liveFrom(address) >= opts.perAddress) {
        bus.emit("server", "refused-address", {
          peer,
          address,
          live: liveFrom(address),
          max: opts.perAddress,
          refused: ++refusedCount,
        });
        close(fd);
        continue;
      }
      // fork + exec: the child gets the connected socket as 0 and 1 and
      // closes its copy of the listening socket; SIGPIPE as a C child has it.
      // (The clone worker: fork without exec; the child keeps only the socket.)
      const spawned = clone ? clone.spawn(fd) : posixSpawn({
        program: child.program,
        argv: child.argv,
        fileActions: [
          { dup2: [fd, 0] },
          { dup2: [fd, 1] },
          { close: listenFd },
          { open: [2, "/dev/null"] },
        ],
        defaultSignals: ["SIGPIPE"],
        env: child.env,
      });
      close(fd); // the parent's copy: the connection now lives in the child
      if (!spawned.ok) {
        bus.emit("server", "error", { op: spawned.call, errno: spawned.errno });
        continue;
      }
      const pid = spawned.value;
      children.set(pid, { pid, ended: false, reaped: false, address });
      bus.emit("server", "accepted", { peer, child: pid, live: live(), fd, worker });
      // acceptNext takes a queued connection without waiting: under load the
      // loop would run on microtasks alone and starve the SIGCHLD listener.
      await turn.next();
    }
  } finally {
    turn.close();
    close(listenFd);
    clearTimeout(rescan);
  }

  // Shutdown: end every live child, then reap every child — zombies too,
  // even with --reap none, so that nothing is left behind.
  const signal = stop.signal ?? "SIGTERM";
  const ending = live();
  const leftZombies = zombies();
  for (const c of children.values()) if (!c.ended) kill(c.pid, "SIGTERM");
  const start = performance.now();
  let escalated = false;
  while (children.size > 0) {
    for (const c of [...children.values()]) {
      const r = waitpid(c.pid, { nohang: true });
      if (r.ok && r.value) reaped(r.value, "waitpid", signal);
      else if (!r.ok) children.delete(c.pid); // ECHILD: someone else reaped it
    }
    if (children.size === 0) break;
    const waited = performance.now() - start;
    if (!escalated && waited > _SHUTDOWN_TERM_MS) {
      escalated = true;
      for (const c of children.values()) kill(c.pid, "SIGKILL");
    }
    if (waited > _SHUTDOWN_GIVE_UP_MS) {
      bus.emit("server", "error", {
        op: "waitpid",
        errno: "ETIMEDOUT",
        pids: [...children.keys()],
      });
      break;
    }
    await _sleep(10);
  }
  Deno.removeSignalListener("SIGCHLD", onChld);
  // Only now: until every child is reaped, a second Ctrl-C (or the second
  // SIGHUP of a closing terminal) must find a listener, not the default action.
  stop.dispose();
  clone?.close();
  const exit = shellStatusFor(signal);
  bus.emit("server", "shutdown", {
    signal,
    children: ending,
    zombies: leftZombies,
    live: live(),
    exit,
  });
  return exit;
}
