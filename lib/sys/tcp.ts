/**
 * UNP-style helpers on the socket wrappers (Tcp_listen, Tcp_connect, Readn,
 * Writen, Accept): non-blocking descriptors plus {@link pollFd}, so waiting
 * never blocks the event loop and every errno is read on the JS thread.
 *
 * @module
 */

import { pollFd } from "./poll.ts";
import { type SysFail, sysFail, sysOk, type SysResult } from "./result.ts";
import type { SockAddr } from "./sockaddr.ts";
import { parseHost } from "./sockaddr.ts";
import {
  accept,
  type Accepted,
  bind,
  close,
  connect,
  getsockname,
  listen,
  read,
  socket,
  write,
} from "./socket.ts";
import { setReuseAddr, socketError } from "./sockopt.ts";

/** Cancellation and time bound for the waiting helpers. */
export interface WaitOptions {
  /** Abort the wait (result: ECANCELED). */
  signal?: AbortSignal;
  /** Give up after this many ms (result: ETIMEDOUT). */
  timeoutMs?: number;
}

/** A listening socket. */
export interface Listener {
  /** The listening descriptor (non-blocking, close-on-exec). */
  fd: number;
  /** The bound address (with the port the kernel chose for 0). */
  addr: SockAddr;
}

/**
 * socket, SO_REUSEADDR, bind, listen, getsockname — on a non-blocking socket.
 *
 * @example
 * ```ts
 * const l = tcpListen("127.0.0.1", 0, 5);
 * if (l.ok) console.log(l.value.addr.port);
 * ```
 */
export function tcpListen(host: string, port: number, backlog = 128): SysResult<Listener> {
  const parsed = parseHost(host);
  if (!parsed) return sysFail("inet_pton", "EINVAL");
  const s = socket(parsed.family, { nonblocking: true });
  if (!s.ok) return s;
  const fd = s.value;
  const steps = [
    () => setReuseAddr(fd, true),
    () => bind(fd, host, port),
    () => listen(fd, backlog),
  ];
  for (const step of steps) {
    const r = step();
    if (!r.ok) {
      close(fd);
      return r;
    }
  }
  const addr = getsockname(fd);
  if (!addr.ok) {
    close(fd);
    return addr;
  }
  return sysOk({ fd, addr: addr.value });
}

/** Wait until `fd` is ready for `call`; a failure (ECANCELED, ETIMEDOUT) or undefined. */
async function _ready(
  fd: number,
  events: "in" | "out",
  call: string,
  opts: WaitOptions,
): Promise<SysFail | undefined> {
  const ready = await pollFd(fd, events, opts);
  if (!ready.ok) return ready;
  // pollFd gives 0 revents only when the time ran out
  return ready.value === 0 ? sysFail(call, "ETIMEDOUT") : undefined;
}

/**
 * Connect to `host:port` without blocking the event loop: non-blocking
 * connect, wait for POLLOUT, then SO_ERROR. Resolves to the connected fd
 * (still non-blocking).
 *
 * @example
 * ```ts
 * const c = await tcpConnect("127.0.0.1", 9877, { timeoutMs: 2000 });
 * ```
 */
export async function tcpConnect(
  host: string,
  port: number,
  opts: WaitOptions = {},
): Promise<SysResult<number>> {
  const parsed = parseHost(host);
  if (!parsed) return sysFail("inet_pton", "EINVAL");
  const s = socket(parsed.family, { nonblocking: true });
  if (!s.ok) return s;
  const fd = s.value;
  const fail = (r: SysFail): SysFail => {
    close(fd);
    return r;
  };
  const c = connect(fd, host, port);
  if (!c.ok && c.errno !== "EINPROGRESS") return fail(c);
  if (!c.ok) {
    const late = await _ready(fd, "out", "connect", opts);
    if (late) return fail(late);
    const err = socketError(fd);
    if (!err.ok) return fail(err);
    if (err.value) return fail(sysFail("connect", err.value));
  }
  return sysOk(fd);
}

/** Options for {@link acceptNext}. */
export interface AcceptOptions extends WaitOptions {
  /**
   * Try accept before waiting: a connection already queued is taken at once,
   * with no poll round trip. The caller must then yield to the event loop
   * itself now and then (see EventLoopTurn): the result may already be settled.
   */
  tryFirst?: boolean;
}

/**
 * Wait for and accept the next connection on a non-blocking listener
 * (EAGAIN — someone else took it — waits again; other errors are returned).
 *
 * @example
 * ```ts
 * const a = await acceptNext(listener.fd, { signal });
 * ```
 */
export async function acceptNext(
  fd: number,
  opts: AcceptOptions = {},
): Promise<SysResult<Accepted>> {
  if (opts.tryFirst && !opts.signal?.aborted) {
    const a = accept(fd);
    if (a.ok || a.errno !== "EAGAIN") return a;
  }
  for (;;) {
    const late = await _ready(fd, "in", "accept", opts);
    if (late) return late;
    const a = accept(fd);
    if (a.ok || a.errno !== "EAGAIN") return a;
  }
}

/**
 * Read what is there (up to `size` bytes) once the descriptor is readable;
 * an empty array means EOF.
 *
 * @example
 * ```ts
 * const r = await readSome(fd, 4096, { timeoutMs: 1000 });
 * if (r.ok && r.value.length === 0) console.log("EOF");
 * ```
 */
export async function readSome(
  fd: number,
  size: number,
  opts: WaitOptions = {},
): Promise<SysResult<Uint8Array>> {
  const buf = new Uint8Array(size);
  for (;;) {
    const late = await _ready(fd, "in", "read", opts);
    if (late) return late;
    const r = read(fd, buf);
    if (r.ok) return sysOk(buf.subarray(0, r.value));
    if (r.errno !== "EAGAIN") return r;
  }
}

/**
 * Read exactly `size` bytes (Readn); fewer only at EOF.
 *
 * @example
 * ```ts
 * const r = await readExactly(fd, 8);
 * ```
 */
export async function readExactly(
  fd: number,
  size: number,
  opts: WaitOptions = {},
): Promise<SysResult<Uint8Array>> {
  const out = new Uint8Array(size);
  let have = 0;
  while (have < size) {
    const r = await readSome(fd, size - have, opts);
    if (!r.ok) return r;
    if (r.value.length === 0) break;
    out.set(r.value, have);
    have += r.value.length;
  }
  return sysOk(out.subarray(0, have));
}

/**
 * Write all of `data` (Writen), waiting for room when the socket buffer is full.
 *
 * @example
 * ```ts
 * await writeAll(fd, new TextEncoder().encode("hello\n"));
 * ```
 */
export async function writeAll(
  fd: number,
  data: Uint8Array,
  opts: WaitOptions = {},
): Promise<SysResult<number>> {
  let off = 0;
  while (off < data.length) {
    const r = write(fd, data.slice(off));
    if (r.ok) {
      off += r.value;
      continue;
    }
    if (r.errno !== "EAGAIN") return r;
    const late = await _ready(fd, "out", "write", opts);
    if (late) return late;
  }
  return sysOk(off);
}
