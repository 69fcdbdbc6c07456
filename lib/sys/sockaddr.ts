/**
 * Socket addresses as bytes (`struct sockaddr_in` / `sockaddr_in6`) and back,
 * with numeric IPv4/IPv6 text as the book's inet_pton/inet_ntop would give.
 *
 * @module
 */

import { formatIpv6 } from "./ip_text.ts";
import { osConstants } from "./platform.ts";

/** An IP address and port. */
export interface SockAddr {
  /** 4 for IPv4, 6 for IPv6. */
  family: 4 | 6;
  /** Numeric address, e.g. `127.0.0.1` or `::1`. */
  host: string;
  /** Port number. */
  port: number;
}

function _ipv4(text: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

function _ipv6(text: string): number[] | undefined {
  let s = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (!s.includes(":") || s.includes("%")) return undefined;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(":");
  const v4 = _ipv4(s.slice(lastColon + 1));
  if (v4) {
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    s = s.slice(0, lastColon + 1) + "0";
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === "" ? [] : h.split(":"));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  const words = [...head, ...rest];
  if (!words.every((w) => /^[0-9a-fA-F]{1,4}$/.test(w))) return undefined;
  const nums = words.map((w) => parseInt(w, 16));
  if (v4) nums.splice(nums.length - 1, 1, ...tail);
  const headNums = nums.slice(0, head.length);
  const restNums = nums.slice(head.length);
  const fill = 8 - nums.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const all = [...headNums, ...new Array(halves.length === 2 ? fill : 0).fill(0), ...restNums];
  const bytes: number[] = [];
  for (const w of all) bytes.push(w >> 8, w & 0xff);
  return bytes;
}

/**
 * Parse a numeric address (`localhost` counts as 127.0.0.1), or undefined.
 *
 * @example
 * ```ts
 * parseHost("::1"); // { family: 6, bytes: [0, …, 1] }
 * ```
 */
export function parseHost(host: string): { family: 4 | 6; bytes: number[] } | undefined {
  if (host === "localhost") return { family: 4, bytes: [127, 0, 0, 1] };
  const v4 = _ipv4(host);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = _ipv6(host);
  return v6 ? { family: 6, bytes: v6 } : undefined;
}

/**
 * Encode `host:port` as a `struct sockaddr_in`/`sockaddr_in6`; undefined when
 * `host` is not a numeric address.
 *
 * @example
 * ```ts
 * encodeSockAddr("127.0.0.1", 9877)?.length; // 16 on Linux
 * ```
 */
export function encodeSockAddr(host: string, port: number): Uint8Array<ArrayBuffer> | undefined {
  const parsed = parseHost(host);
  if (!parsed) return undefined;
  const { af, layout } = osConstants();
  const l = parsed.family === 4 ? layout.sockaddrIn : layout.sockaddrIn6;
  const buf = new Uint8Array(l.size);
  const view = new DataView(buf.buffer);
  const family = parsed.family === 4 ? af.INET : af.INET6;
  if (layout.sockaddrHasLen) {
    view.setUint8(0, l.size);
    view.setUint8(1, family);
  } else view.setUint16(l.family, family, true);
  view.setUint16(l.port, port, false); // network byte order (htons)
  buf.set(parsed.bytes, l.addr);
  return buf;
}

/**
 * Decode a `struct sockaddr_in`/`sockaddr_in6` (as filled by accept,
 * getpeername …); undefined for other families.
 *
 * @example
 * ```ts
 * decodeSockAddr(encodeSockAddr("::1", 80)!); // { family: 6, host: "::1", port: 80 }
 * ```
 */
export function decodeSockAddr(buf: Uint8Array): SockAddr | undefined {
  const { af, layout } = osConstants();
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const family = layout.sockaddrHasLen ? view.getUint8(1) : view.getUint16(0, true);
  if (family === af.INET) {
    const l = layout.sockaddrIn;
    const a = buf.subarray(l.addr, l.addr + 4);
    return { family: 4, host: a.join("."), port: view.getUint16(l.port, false) };
  }
  if (family === af.INET6) {
    const l = layout.sockaddrIn6;
    return {
      family: 6,
      host: formatIpv6(buf.subarray(l.addr, l.addr + 16)),
      port: view.getUint16(l.port, false),
    };
  }
  return undefined;
}

/**
 * `host:port` as the book prints it (IPv6 in brackets).
 *
 * @example
 * ```ts
 * formatSockAddr({ family: 6, host: "::1", port: 9877 }); // "[::1]:9877"
 * ```
 */
export function formatSockAddr(addr: SockAddr): string {
  return addr.family === 6 ? `[${addr.host}]:${addr.port}` : `${addr.host}:${addr.port}`;
}
