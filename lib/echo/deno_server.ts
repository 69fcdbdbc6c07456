/**
 * The concurrent echo server on the deno engine (UNP §5.2 tcpserv01 shape):
 * `Deno.listen`, then one child process per client. Deno cannot fork, so the
 * child is `echolab __str-echo` and the parent pipes the socket to its
 * stdin/stdout; when the child dies the parent closes the socket, which is
 * what the kernel does for a forked child's descriptors.
 *
 * @module
 */

import { SysError, UsageError } from "../errors.ts";
import type { EventBus } from "../events.ts";
import { selfCommand } from "../sys/self_command.ts";
import { shellStatusFor } from "../sys/signals.ts";
import { errnoOf, messageOf } from "../sys/errno.ts";
import { ACCEPT_BACK_OFF_ERRNOS, ACCEPT_BACK_OFF_MS } from "./accept_back_off.ts";
import { formatAddr, isLookupFailure, isWildcard } from "./addr.ts";
import { clientAddress } from "./per_address.ts";
import { BufferPool, childToSocket, socketToChild } from "./relay.ts";
import { listenForStop, type StopOptions } from "./stop_request.ts";

/** Options for {@link serveDeno}. */
export interface ServeOptions extends StopOptions {
  /** Address to bind. */
  host: string;
  /** Port to bind (0: the kernel picks one). */
  port: number;
  /** Live children beyond which new clients are refused. */
  maxClients: number;
  /** Live children per client address beyond which its new clients are refused (beyond the book). */
  perAddress?: number;
  /** Where events go. */
  bus: EventBus;
}

interface _Child {
  pid: number;
  /** The client's address (no port), for --per-address. */
  address: string;
  process: Deno.ChildProcess;
  done: Promise<void>;
}

/** "Listener has been closed" this many times in a row without a stop: it really is gone. */
const _PHANTOM_CLOSE_LIMIT = 100;

/** Errors from Deno.listen that come from the user's choice of address. */
const _INPUT_ERRNOS = new Set(["EADDRINUSE", "EADDRNOTAVAIL", "EACCES"]);

/** Bind and listen, or throw a {@link SysError} (exit 2 when the address is the user's mistake). */
export function listenOrThrow(host: string, port: number): Deno.TcpListener {
  try {
    return Deno.listen({ hostname: host, port, transport: "tcp" });
  } catch (err) {
    if (isLookupFailure(err)) {
      throw new UsageError(
        { en: `cannot resolve host '${host}'`, zh: `无法解析主机名 '${host}'` },
        "serve",
      );
    }
    const errno = errnoOf(err) ?? "EUNKNOWN";
    const where = `${host.includes(":") ? `[${host}]` : host}:${port}`;
    const said = messageOf(err);
    throw new SysError(
      `listen ${where}`,
      errno,
      { en: said, zh: `系统消息：${said}` },
      _INPUT_ERRNOS.has(errno) ? 2 : 1,
    );
  }
}

/**
 * Serve until SIGINT or SIGTERM; resolves to the exit code (130 or 143).
 *
 * @example
 * ```ts
 * const code = await serveDeno({ host: "127.0.0.1", port: 0, maxClients: 64, bus });
 * ```
 */
export async function serveDeno(opts: ServeOptions): Promise<number> {
  const { bus } = opts;
  const listener = listenOrThrow(opts.host, opts.port);
  // Before anything else can be signalled: a stop from now on closes the listener.
  const stop = listenForStop(opts, () => listener.close());
  const addr = listener.addr as Deno.NetAddr;
  bus.emit("server", "listening", {
    host: addr.hostname,
    port: addr.port,
    pid: Deno.pid,
    engine: "deno",
  });
  // The address actually bound: "0" and "::0" are the wildcard too.
  if (isWildcard(addr.hostname)) bus.emit("server", "warning-wildcard", { host: addr.hostname });

  const children = new Map<number, _Child>();
  let sigchldCount = 0;
  let refusedCount = 0;
  const pool = new BufferPool();

  // UNP §5.8: count SIGCHLD deliveries; compare them with exits (§5.10).
  const onChld = () => void bus.emit("server", "sigchld", { count: ++sigchldCount });
  Deno.addSignalListener("SIGCHLD", onChld);

  // How many accepts in a row Deno called "Listener has been closed" while nothing closed it.
  let phantomCloses = 0;
  /** Why the loop ended without a stop request: reported after the children are reaped. */
  let broken: SysError | undefined;
  try {
    for (;;) {
      let conn: Deno.TcpConn;
      try {
        conn = await listener.accept();
        phantomCloses = 0;
      } catch (err) {
        if (stop.signal) break;
        if (err instanceof Deno.errors.BadResource) {
          // Only a stop closes the listener. Deno reports an accept interrupted by a
          // signal (EINTR, ErrorKind::Interrupted) as "Listener has been closed"
          // (ext/net accept_err): the socket is still listening, so accept again —
          // ending here would close it under the clients' feet (ECONNREFUSED).
          bus.emit("server", "error", { op: "accept", errno: "EINTR", message: messageOf(err) });
          if (++phantomCloses < _PHANTOM_CLOSE_LIMIT) continue;
          broken = new SysError("accept", "EBADF", {
            en: `Deno reported the listener closed ${_PHANTOM_CLOSE_LIMIT} times in a row`,
            zh: `Deno 连续 ${_PHANTOM_CLOSE_LIMIT} 次报告监听套接字已关闭`,
          });
          break;
        }
        // UNP §5.11: an aborted connection is not fatal; accept again.
        const errno = errnoOf(err) ?? "EUNKNOWN";
        bus.emit("server", "error", {
          op: "accept",
          errno,
          message: messageOf(err),
        });
        // Out of descriptors or memory: retrying at once would spin.
        if (ACCEPT_BACK_OFF_ERRNOS.has(errno)) {
          await new Promise((r) => setTimeout(r, ACCEPT_BACK_OFF_MS));
        }
        continue;
      }
      const peer = formatAddr(conn.remoteAddr);
      if (children.size >= opts.maxClients) {
        // `refused`: how many clients were refused so far (this one included).
        bus.emit("server", "refused", {
          peer,
          live: children.size,
          max: opts.maxClients,
          refused: ++refusedCount,
        });
        conn.close();
        continue;
      }
      // Beyond the book: one address cannot take every slot (a classroom's slowloris).
      const address = clientAddress((conn.remoteAddr as Deno.NetAddr).hostname);
      const fromThere = [...children.values()].filter((c) => c.address === address).length;
      if (opts.perAddress !== undefined && fromThere >= opts.perAddress) {
        bus.emit("server", "refused-address", {
          peer,
          address,
          live: fromThere,
          max: opts.perAddress,
          refused: ++refusedCount,
        });
        conn.close();
        continue;
      }
      const child = _spawnChild(conn, peer, address, children, bus, pool);
      if (child) children.set(child.pid, child);
    }
  } finally {
    try {
      listener.close();
    } catch { /* already closed by the stop */ }
  }

  // Shutdown (UNP §5.16 from the server's side): end every child, reap all.
  const count = children.size;
  for (const c of children.values()) {
    try {
      c.process.kill("SIGTERM");
    } catch { /* already gone */ }
  }
  await Promise.all([...children.values()].map((c) => c.done));
  Deno.removeSignalListener("SIGCHLD", onChld);
  // Only now: until every child is reaped, a second Ctrl-C (or the second
  // SIGHUP of a closing terminal) must find a listener, not the default action.
  stop.dispose();
  // Never a made-up SIGTERM: a loop that ended on its own is an error, exit 1.
  if (broken) throw broken;
  const signal = stop.signal ?? "SIGTERM";
  const exit = shellStatusFor(signal);
  bus.emit("server", "shutdown", { signal, children: count, live: children.size, exit });
  return exit;
}

function _spawnChild(
  conn: Deno.TcpConn,
  peer: string,
  address: string,
  children: Map<number, _Child>,
  bus: EventBus,
  pool: BufferPool,
): _Child | undefined {
  const { cmd, args } = selfCommand(["__str-echo"]);
  let process: Deno.ChildProcess;
  try {
    process = new Deno.Command(cmd, { args, stdin: "piped", stdout: "piped", stderr: "null" })
      .spawn();
  } catch (err) {
    bus.emit("server", "error", {
      op: "spawn",
      errno: errnoOf(err) ?? "EUNKNOWN",
      message: messageOf(err),
    });
    conn.close();
    return undefined;
  }
  const pid = process.pid;
  bus.emit("server", "accepted", { peer, child: pid, live: children.size + 1 });

  let closed = false;
  const closeConn = () => {
    if (closed) return;
    closed = true;
    try {
      conn.close(); // a full close: later data from the client gets an RST (§5.12)
    } catch { /* already closed */ }
  };

  // socket → child's stdin; at the client's EOF, close the child's stdin (it sees EOF too).
  const toChild = (async () => {
    const writer = process.stdin.getWriter();
    try {
      await socketToChild(conn, writer, pool);
    } catch { /* child gone or socket closed: the exit path reports it */ }
    try {
      await writer.close();
    } catch { /* child already gone */ }
  })();

  // child's stdout → socket; when the child's stdout ends, close the socket.
  const toClient = (async () => {
    try {
      await childToSocket(process.stdout, conn, pool);
    } catch { /* client gone: its read side will see it */ }
    closeConn();
  })();

  const done = (async () => {
    const status = await process.status;
    await toClient;
    closeConn();
    await toChild;
    children.delete(pid);
    const fields = status.signal
      ? { pid, signal: status.signal, live: children.size, topic: "child-killed" }
      : { pid, code: status.code, live: children.size };
    bus.emit("server", "child-exited", fields);
    // Deno's runtime has already called waitpid for this child.
    bus.emit("server", "reaped", { pid, by: "runtime" });
  })();
  return { pid, address, process, done };
}
