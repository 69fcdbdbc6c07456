/**
 * setsockopt/getsockopt for the options chapter 5 uses: SO_REUSEADDR,
 * SO_LINGER (§5.11's RST), SO_KEEPALIVE with TCP_KEEPIDLE/INTVL/CNT (§7.5),
 * and SO_ERROR (the outcome of a non-blocking connect).
 *
 * @module
 */

import { check } from "./check.ts";
import { libc } from "./libc.ts";
import { osConstants } from "./platform.ts";
import { sysOk, type SysResult } from "./result.ts";

function _setInt(call: string, fd: number, level: number, name: number, value: number) {
  const r = check(call, libc().setsockopt(fd, level, name, new Int32Array([value]), 4));
  return r.ok ? sysOk(undefined) : r;
}

/**
 * SO_REUSEADDR on or off.
 *
 * @example
 * ```ts
 * setReuseAddr(listenFd, true);
 * ```
 */
export function setReuseAddr(fd: number, on: boolean): SysResult<void> {
  const { sol } = osConstants();
  return _setInt("setsockopt(SO_REUSEADDR)", fd, sol.SOCKET, sol.SO_REUSEADDR, on ? 1 : 0);
}

/**
 * SO_LINGER {l_onoff, l_linger}. `{ on: true, seconds: 0 }` makes close send
 * an RST instead of a FIN (UNP §5.11, §7.5).
 *
 * @example
 * ```ts
 * setLinger(fd, { on: true, seconds: 0 });
 * ```
 */
export function setLinger(fd: number, linger: { on: boolean; seconds: number }): SysResult<void> {
  const { sol } = osConstants();
  const r = check(
    "setsockopt(SO_LINGER)",
    libc().setsockopt(
      fd,
      sol.SOCKET,
      sol.SO_LINGER,
      new Int32Array([linger.on ? 1 : 0, linger.seconds]),
      8,
    ),
  );
  return r.ok ? sysOk(undefined) : r;
}

/** Keepalive timing (TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT), in seconds and probes. */
export interface KeepaliveTiming {
  /** Idle seconds before the first probe. */
  idle?: number;
  /** Seconds between probes. */
  interval?: number;
  /** Unanswered probes before the connection is dropped. */
  count?: number;
}

/**
 * SO_KEEPALIVE on or off, with optional per-socket timing.
 *
 * @example
 * ```ts
 * setKeepalive(fd, true, { idle: 5, interval: 1, count: 3 });
 * ```
 */
export function setKeepalive(
  fd: number,
  on: boolean,
  timing: KeepaliveTiming = {},
): SysResult<void> {
  const { sol } = osConstants();
  const steps: [string, number, number, number | undefined][] = [
    ["setsockopt(SO_KEEPALIVE)", sol.SOCKET, sol.SO_KEEPALIVE, on ? 1 : 0],
    ["setsockopt(TCP_KEEPIDLE)", sol.IPPROTO_TCP, sol.TCP_KEEPIDLE, timing.idle],
    ["setsockopt(TCP_KEEPINTVL)", sol.IPPROTO_TCP, sol.TCP_KEEPINTVL, timing.interval],
    ["setsockopt(TCP_KEEPCNT)", sol.IPPROTO_TCP, sol.TCP_KEEPCNT, timing.count],
  ];
  for (const [call, level, name, value] of steps) {
    if (value === undefined) continue;
    const r = _setInt(call, fd, level, name, value);
    if (!r.ok) return r;
  }
  return sysOk(undefined);
}

/**
 * getsockopt(SO_ERROR): the pending error as a name, or undefined for none.
 * Reading it clears it.
 *
 * @example
 * ```ts
 * socketError(fd); // { ok: true, value: "ECONNREFUSED" }
 * ```
 */
export function socketError(fd: number): SysResult<string | undefined> {
  const { sol, errnos } = osConstants();
  const value = new Int32Array(1);
  const len = new Uint32Array([4]);
  const r = check(
    "getsockopt(SO_ERROR)",
    libc().getsockopt(fd, sol.SOCKET, sol.SO_ERROR, value, len),
  );
  if (!r.ok) return r;
  return sysOk(value[0] === 0 ? undefined : errnos[value[0]] ?? `E${value[0]}`);
}

/**
 * getsockopt of an int option (e.g. SO_KEEPALIVE) at `level`/`name`.
 *
 * @example
 * ```ts
 * const { sol } = osConstants();
 * getIntOption(fd, sol.SOCKET, sol.SO_KEEPALIVE); // { ok: true, value: 1 }
 * ```
 */
export function getIntOption(fd: number, level: number, name: number): SysResult<number> {
  const value = new Int32Array(1);
  const len = new Uint32Array([4]);
  const r = check("getsockopt", libc().getsockopt(fd, level, name, value, len));
  return r.ok ? sysOk(value[0]) : r;
}
