/**
 * A connection that ends in an RST (UNP §5.11): connect, set
 * SO_LINGER{1,0}, close. Deno has no API for SO_LINGER, so this goes to libc
 * through FFI — socket, setsockopt, connect, close, and errno — and nothing
 * else. (A fuller FFI layer lives elsewhere in lib/sys; this file stays
 * self-contained so the two can be merged.)
 *
 * Linux x86_64/aarch64 constants and struct layouts.
 *
 * @module
 */

import { errnoName } from "./errno.ts";

const _AF_INET = 2;
const _SOCK_STREAM = 1;
const _SOL_SOCKET = 1;
const _SO_LINGER = 13;
const _SO_SNDTIMEO = 21; // bounds a blocking connect on Linux

const _SYMBOLS = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

function _errno(lib: Deno.DynamicLibrary<typeof _SYMBOLS>): string {
  const p = lib.symbols.__errno_location();
  return p ? errnoName(new Deno.UnsafePointerView(p).getInt32()) : "EUNKNOWN";
}

/** struct sockaddr_in for an IPv4 dotted quad and port. */
function _sockaddrIn(host: string, port: number): Uint8Array<ArrayBuffer> {
  const parts = host.split(".").map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) {
    throw new TypeError(`not an IPv4 address: ${host}`);
  }
  const sa = new Uint8Array(16);
  const view = new DataView(sa.buffer);
  view.setUint16(0, _AF_INET, true); // sin_family, host byte order
  view.setUint16(2, port, false); // sin_port, network byte order
  sa.set(parts, 4); // sin_addr, already network order
  return sa;
}

/** What {@link connectThenReset} observed. */
export type ResetResult =
  | { ok: true }
  | { ok: false; op: "socket" | "setsockopt" | "connect" | "close"; errno: string };

/**
 * Connect to `host:port` (IPv4), set SO_LINGER{l_onoff 1, l_linger 0} and
 * close: the kernel sends an RST instead of a FIN. The blocking connect is
 * bounded by SO_SNDTIMEO (`timeoutMs`). Needs --allow-ffi.
 *
 * @example
 * ```ts
 * const r = connectThenReset("127.0.0.1", 9877);
 * if (!r.ok) console.log(`${r.op}: ${r.errno}`);
 * ```
 */
export function connectThenReset(host: string, port: number, timeoutMs = 2000): ResetResult {
  const sa = _sockaddrIn(host, port);
  const lib = Deno.dlopen("libc.so.6", _SYMBOLS);
  try {
    return _connectThenReset(lib, sa, timeoutMs);
  } finally {
    lib.close();
  }
}

function _connectThenReset(
  lib: Deno.DynamicLibrary<typeof _SYMBOLS>,
  sa: Uint8Array<ArrayBuffer>,
  timeoutMs: number,
): ResetResult {
  const fd = lib.symbols.socket(_AF_INET, _SOCK_STREAM, 0);
  if (fd < 0) return { ok: false, op: "socket", errno: _errno(lib) };
  try {
    const tv = new BigInt64Array([
      BigInt(Math.floor(timeoutMs / 1000)),
      BigInt((timeoutMs % 1000) * 1000),
    ]);
    if (lib.symbols.setsockopt(fd, _SOL_SOCKET, _SO_SNDTIMEO, new Uint8Array(tv.buffer), 16) < 0) {
      return { ok: false, op: "setsockopt", errno: _errno(lib) };
    }
    if (lib.symbols.connect(fd, sa, sa.length) < 0) {
      return { ok: false, op: "connect", errno: _errno(lib) };
    }
    const linger = new Int32Array([1, 0]); // struct linger { l_onoff = 1; l_linger = 0; }
    if (lib.symbols.setsockopt(fd, _SOL_SOCKET, _SO_LINGER, new Uint8Array(linger.buffer), 8) < 0) {
      return { ok: false, op: "setsockopt", errno: _errno(lib) };
    }
  } finally {
    // With SO_LINGER{1,0} set, this close is the RST.
    lib.symbols.close(fd);
  }
  return { ok: true };
}
