/**
 * The socket calls of chapters 4–5 as thin typed wrappers over libc:
 * socket, bind, listen, accept, connect, getpeername/getsockname, read,
 * write, shutdown, close, and O_NONBLOCK through fcntl. Each returns a
 * {@link SysResult}; none blocks the event loop unless the descriptor is
 * blocking (the book engine keeps them non-blocking and waits with poll).
 *
 * @module
 */

import { check } from "./check.ts";
import { libc } from "./libc.ts";
import { osConstants } from "./platform.ts";
import { sysFail, sysOk, type SysResult } from "./result.ts";
import { decodeSockAddr, encodeSockAddr, type SockAddr } from "./sockaddr.ts";

/** Options for {@link socket} and {@link accept}. */
export interface FdFlags {
  /** O_NONBLOCK on the new descriptor (default false). */
  nonblocking?: boolean;
  /** FD_CLOEXEC on the new descriptor (default true: children get only what file actions give them). */
  cloexec?: boolean;
}

function _flags(opts: FdFlags): number {
  const { sock } = osConstants();
  return (opts.nonblocking ? sock.NONBLOCK : 0) | (opts.cloexec === false ? 0 : sock.CLOEXEC);
}

function _void(r: SysResult<number>): SysResult<void> {
  return r.ok ? sysOk(undefined) : r;
}

/**
 * socket(AF_INET or AF_INET6, SOCK_STREAM, 0): a TCP socket.
 *
 * @example
 * ```ts
 * const r = socket(4, { nonblocking: true }); // { ok: true, value: 21 }
 * ```
 */
export function socket(family: 4 | 6, opts: FdFlags = {}): SysResult<number> {
  const { af, sock } = osConstants();
  return check(
    "socket",
    libc().socket(family === 4 ? af.INET : af.INET6, sock.STREAM | _flags(opts), 0),
  );
}

/**
 * bind(fd, host:port). `host` must be numeric (or `localhost`).
 *
 * @example
 * ```ts
 * bind(fd, "127.0.0.1", 0);
 * ```
 */
export function bind(fd: number, host: string, port: number): SysResult<void> {
  const sa = encodeSockAddr(host, port);
  if (!sa) return sysFail("inet_pton", "EINVAL");
  return _void(check("bind", libc().bind(fd, sa, sa.length)));
}

/**
 * listen(fd, backlog).
 *
 * @example
 * ```ts
 * listen(fd, 128);
 * ```
 */
export function listen(fd: number, backlog: number): SysResult<void> {
  return _void(check("listen", libc().listen(fd, backlog)));
}

/** What accept returned: the connected descriptor and the peer address accept filled in. */
export interface Accepted {
  /** The connected socket. */
  fd: number;
  /** The client's address as accept reported it (cliaddr in the book). */
  peer: SockAddr | undefined;
}

/**
 * accept(fd, &cliaddr, &len) — accept4 with SOCK_CLOEXEC (and SOCK_NONBLOCK
 * if asked). On a non-blocking listener an empty queue gives EAGAIN.
 *
 * @example
 * ```ts
 * const r = accept(listenFd);
 * if (r.ok) console.log(r.value.fd, r.value.peer);
 * ```
 */
export function accept(fd: number, opts: FdFlags = {}): SysResult<Accepted> {
  const { layout } = osConstants();
  const addr = new Uint8Array(layout.sockaddrStorage);
  const len = new Uint32Array([addr.length]);
  const r = check("accept", libc().accept4(fd, addr, len, _flags(opts)));
  if (!r.ok) return r;
  return sysOk({ fd: r.value, peer: decodeSockAddr(addr.subarray(0, len[0])) });
}

/**
 * connect(fd, host:port). Non-blocking sockets give EINPROGRESS; wait for
 * POLLOUT and read SO_ERROR (sockopt.ts) to learn the outcome.
 *
 * @example
 * ```ts
 * connect(fd, "127.0.0.1", 9877);
 * ```
 */
export function connect(fd: number, host: string, port: number): SysResult<void> {
  const sa = encodeSockAddr(host, port);
  if (!sa) return sysFail("inet_pton", "EINVAL");
  return _void(check("connect", libc().connect(fd, sa, sa.length)));
}

function _name(
  call: "getpeername" | "getsockname",
  fd: number,
): SysResult<SockAddr> {
  const { layout } = osConstants();
  const addr = new Uint8Array(layout.sockaddrStorage);
  const len = new Uint32Array([addr.length]);
  const r = check(call, libc()[call](fd, addr, len));
  if (!r.ok) return r;
  const decoded = decodeSockAddr(addr.subarray(0, len[0]));
  return decoded ? sysOk(decoded) : sysFail(call, "EAFNOSUPPORT");
}

/**
 * getpeername(fd): the foreign address; ENOTCONN when the peer already reset.
 *
 * @example
 * ```ts
 * getpeername(connFd); // { ok: false, call: "getpeername", errno: "ENOTCONN" } after an RST
 * ```
 */
export function getpeername(fd: number): SysResult<SockAddr> {
  return _name("getpeername", fd);
}

/**
 * getsockname(fd): the local address (the port the kernel chose for port 0).
 *
 * @example
 * ```ts
 * getsockname(listenFd); // { ok: true, value: { family: 4, host: "127.0.0.1", port: 40123 } }
 * ```
 */
export function getsockname(fd: number): SysResult<SockAddr> {
  return _name("getsockname", fd);
}

/**
 * read(fd, buf): bytes read, 0 at EOF.
 *
 * @example
 * ```ts
 * read(fd, new Uint8Array(4096)); // { ok: false, call: "read", errno: "ECONNRESET" }
 * ```
 */
export function read(fd: number, buf: Uint8Array<ArrayBuffer>): SysResult<number> {
  return check("read", libc().read(fd, buf, BigInt(buf.length)));
}

/**
 * write(fd, data): bytes written. With SIGPIPE ignored (Deno), a write
 * after an RST fails with EPIPE.
 *
 * @example
 * ```ts
 * write(fd, new TextEncoder().encode("hello\n"));
 * ```
 */
export function write(fd: number, data: Uint8Array<ArrayBuffer>): SysResult<number> {
  return check("write", libc().write(fd, data, BigInt(data.length)));
}

/**
 * shutdown(fd, SHUT_RD | SHUT_WR | SHUT_RDWR).
 *
 * @example
 * ```ts
 * shutdown(fd, "wr"); // half-close: send a FIN, keep reading
 * ```
 */
export function shutdown(fd: number, how: "rd" | "wr" | "rdwr"): SysResult<void> {
  const { shut } = osConstants();
  const h = how === "rd" ? shut.RD : how === "wr" ? shut.WR : shut.RDWR;
  return _void(check("shutdown", libc().shutdown(fd, h)));
}

/**
 * close(fd).
 *
 * @example
 * ```ts
 * close(fd);
 * ```
 */
export function close(fd: number): SysResult<void> {
  return _void(check("close", libc().close(fd)));
}

/**
 * Set or clear O_NONBLOCK with fcntl(F_GETFL/F_SETFL).
 *
 * @example
 * ```ts
 * setNonblocking(fd, true);
 * ```
 */
export function setNonblocking(fd: number, on: boolean): SysResult<void> {
  const { fcntl } = osConstants();
  const flags = check("fcntl", libc().fcntl(fd, fcntl.F_GETFL, 0));
  if (!flags.ok) return flags;
  const next = on ? flags.value | fcntl.O_NONBLOCK : flags.value & ~fcntl.O_NONBLOCK;
  return _void(check("fcntl", libc().fcntl(fd, fcntl.F_SETFL, next)));
}
