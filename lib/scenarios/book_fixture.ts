/**
 * Shared set-up for the book-engine scenarios: a book-engine echo server
 * running inside the scenario, stopped (and every child reaped) by the
 * scenario's teardown even on Ctrl-C.
 *
 * @module
 */

import { type ReapPolicy, serveBook } from "../echo/book_server.ts";
import { formatSockAddr } from "../sys/sockaddr.ts";
import { close, getsockname } from "../sys/socket.ts";
import { tcpConnect } from "../sys/tcp.ts";
import type { ScenarioContext } from "./scenario.ts";
import { Watch } from "./watch.ts";

/**
 * The child the scenarios give each connection: `cat`, whose loop — read
 * the socket on 0, write it back on 1, exit at EOF — is str_echo's. A C
 * child starts and ends in about a millisecond, as the book's forked
 * children do; five of them end together, which §5.10 needs.
 *
 * @example
 * ```ts
 * serveBook({ …, child: { program: CAT_STR_ECHO.program, argv: [...CAT_STR_ECHO.argv] } });
 * ```
 */
export const CAT_STR_ECHO = { program: "cat", argv: ["cat"] } as const;

/** A running in-scenario server. */
export interface BookServer {
  /** The port it listens on. */
  port: number;
  /** Events of this server run only. */
  watch: Watch;
  /** Stop it: every child is ended and reaped; resolves when shut down. */
  stop(): Promise<void>;
}

/**
 * Start a book-engine server on 127.0.0.1 with `reap` and `cat` children;
 * `showLoopEnd` emits how each waitpid loop ended (see serveBook).
 *
 * @example
 * ```ts
 * const server = await startBookServer(ctx, "none");
 * // … connect to server.port …
 * await server.stop();
 * ```
 */
export async function startBookServer(
  ctx: ScenarioContext,
  reap: ReapPolicy,
  maxClients = 16,
  opts: { showLoopEnd?: boolean } = {},
): Promise<BookServer> {
  const watch = new Watch(ctx.bus);
  const stop = new AbortController();
  const serving = serveBook({
    host: "127.0.0.1",
    port: 0,
    maxClients,
    reap,
    bus: ctx.bus,
    child: { program: CAT_STR_ECHO.program, argv: [...CAT_STR_ECHO.argv] },
    stop: stop.signal,
    handleSignals: false,
    showLoopEnd: opts.showLoopEnd,
  });
  let stopped: Promise<void> | undefined;
  const stopServer = () => {
    stopped ??= (async () => {
      stop.abort();
      await serving;
      watch.close();
    })();
    return stopped;
  };
  ctx.defer(stopServer);
  const listening = await Promise.race([
    watch.next((e) => e.kind === "listening", 5000, ctx.signal, "listening"),
    serving.then(() => {
      throw new Error("the server stopped before listening");
    }),
  ]);
  return { port: listening.port as number, watch, stop: stopServer };
}

/** Client sockets opened by a scenario. */
export interface Clients {
  /** Their descriptors, in connection order. */
  fds: readonly number[];
  /** Close every one still open, back to back (each close sends a FIN). */
  closeAll(): void;
}

/**
 * Connect `n` clients to 127.0.0.1:`port` (libc sockets); the teardown
 * closes any the scenario left open, and none twice.
 *
 * @example
 * ```ts
 * const clients = await connectClients(ctx, server.port, 5);
 * clients.closeAll(); // tcpcli04: five FINs at once
 * ```
 */
export async function connectClients(
  ctx: ScenarioContext,
  port: number,
  n: number,
): Promise<Clients> {
  const fds: number[] = [];
  let open = true;
  const closeAll = () => {
    if (!open) return;
    open = false;
    for (const fd of fds) close(fd);
  };
  ctx.defer(closeAll);
  for (let i = 0; i < n; i++) {
    const c = await tcpConnect("127.0.0.1", port, { signal: ctx.signal, timeoutMs: 3000 });
    if (!c.ok) throw new Error(`${c.call}: ${c.errno}`);
    fds.push(c.value);
    const local = getsockname(c.value);
    ctx.bus.emit("client", "connected", {
      local: local.ok ? formatSockAddr(local.value) : "?",
      peer: `127.0.0.1:${port}`,
      ...(n > 1 ? { index: i } : {}),
    });
  }
  return { fds, closeAll };
}

/**
 * Connect `n` clients to `server` and wait until it accepted each one;
 * resolves to the clients and the pids of the children serving them.
 *
 * @example
 * ```ts
 * const { clients, pids } = await connectChildren(ctx, server, 3);
 * ```
 */
export async function connectChildren(
  ctx: ScenarioContext,
  server: BookServer,
  n: number,
): Promise<{ clients: Clients; pids: number[] }> {
  const clients = await connectClients(ctx, server.port, n);
  const accepted = () => server.watch.all((e) => e.kind === "accepted");
  if (!await until(() => accepted().length === n, 3000, ctx.signal)) {
    throw new Error("the server did not accept every client");
  }
  return { clients, pids: accepted().map((e) => e.child as number) };
}

/**
 * Poll `cond` every 5 ms until it holds; false after `ms` or on abort.
 *
 * @example
 * ```ts
 * await until(() => server.watch.all((e) => e.kind === "accepted").length === 5, 3000, ctx.signal);
 * ```
 */
export async function until(
  cond: () => boolean,
  ms: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end || signal?.aborted) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}
