/**
 * Parse ICMP / ICMPv6 errors that quote a TCP segment — destination
 * unreachable (UNP §5.14's "intermediate router"), time exceeded — into the
 * connection they concern (pure).
 *
 * @module
 */

import { formatEndpoint } from "../sys/ip_text.ts";
import { parseIpHeader } from "./tcp_segment.ts";

/** An ICMP error about a TCP segment. */
export interface IcmpError {
  /** IP version of the ICMP packet. */
  family: 4 | 6;
  /** Who sent the ICMP error (a router or the destination host). */
  from: string;
  /** Who receives it (the original sender). */
  to: string;
  /** ICMP type (3 / 11 for ICMPv4, 1 / 3 for ICMPv6). */
  type: number;
  /** ICMP code. */
  code: number;
  /** A name for type+code, e.g. `host-unreachable`, and the errno Linux reports for it. */
  name: string;
  /** The errno a connection gets from it (ICMP is a soft error on an established connection). */
  errno?: string;
  /** The quoted segment's source endpoint. */
  quotedFrom: string;
  /** The quoted segment's destination endpoint. */
  quotedTo: string;
  /** The quoted segment's sequence number. */
  quotedSeq: number;
}

const _V4_UNREACH: Record<number, [string, string]> = {
  0: ["net-unreachable", "ENETUNREACH"],
  1: ["host-unreachable", "EHOSTUNREACH"],
  2: ["protocol-unreachable", "ENOPROTOOPT"],
  3: ["port-unreachable", "ECONNREFUSED"],
  4: ["fragmentation-needed", "EMSGSIZE"],
  6: ["net-unknown", "ENETUNREACH"],
  7: ["host-unknown", "EHOSTDOWN"],
  9: ["net-prohibited", "ENETUNREACH"],
  10: ["host-prohibited", "EHOSTUNREACH"],
  13: ["admin-prohibited", "EHOSTUNREACH"],
};

const _V6_UNREACH: Record<number, [string, string]> = {
  0: ["no-route", "ENETUNREACH"],
  1: ["admin-prohibited", "EACCES"],
  3: ["address-unreachable", "EHOSTUNREACH"],
  4: ["port-unreachable", "ECONNREFUSED"],
};

/**
 * Parse `packet` (from its IP header) as an ICMP error quoting TCP;
 * undefined for anything else.
 *
 * @example
 * ```ts
 * const err = parseIcmpError(bytes);
 * err?.name; // "host-unreachable"
 * ```
 */
export function parseIcmpError(packet: Uint8Array): IcmpError | undefined {
  const ip = parseIpHeader(packet);
  if (!ip || ip.laterFragment) return undefined;
  const isV4 = ip.family === 4 && ip.protocol === 1;
  const isV6 = ip.family === 6 && ip.protocol === 58;
  if (!isV4 && !isV6) return undefined;
  const icmp = packet.subarray(ip.offset);
  if (icmp.length < 8) return undefined;
  const [type, code] = [icmp[0], icmp[1]];
  let named: [string, string | undefined] | undefined;
  if (isV4 && type === 3) named = _V4_UNREACH[code] ?? [`unreachable-code-${code}`, "EHOSTUNREACH"];
  if (isV4 && type === 11) named = ["time-exceeded", "EHOSTUNREACH"];
  if (isV6 && type === 1) named = _V6_UNREACH[code] ?? [`unreachable-code-${code}`, "EHOSTUNREACH"];
  if (isV6 && type === 3) named = ["time-exceeded", "EHOSTUNREACH"];
  if (!named) return undefined;
  const quoted = icmp.subarray(8);
  const inner = parseIpHeader(quoted);
  if (!inner || inner.protocol !== 6 || quoted.length < inner.offset + 8) return undefined;
  const view = new DataView(quoted.buffer, quoted.byteOffset + inner.offset, 8);
  return {
    family: ip.family,
    from: ip.src,
    to: ip.dst,
    type,
    code,
    name: named[0],
    errno: named[1],
    quotedFrom: formatEndpoint(inner.src, view.getUint16(0)),
    quotedTo: formatEndpoint(inner.dst, view.getUint16(2)),
    quotedSeq: view.getUint32(4),
  };
}
