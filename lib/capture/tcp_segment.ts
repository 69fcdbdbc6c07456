/**
 * Parse an IPv4 or IPv6 packet carrying TCP into the fields tcpdump prints
 * (pure: works on any byte array, so it tests on hand-built packets).
 *
 * @module
 */

import { formatEndpoint, formatIpv4, formatIpv6 } from "../sys/ip_text.ts";

/** One TCP segment as seen on the wire. */
export interface TcpSegment {
  /** IP version. */
  family: 4 | 6;
  /** Source endpoint `ip:port` (IPv6 bracketed). */
  from: string;
  /** Destination endpoint `ip:port`. */
  to: string;
  /** Source address alone. */
  srcAddress: string;
  /** Destination address alone. */
  dstAddress: string;
  /** Source port. */
  srcPort: number;
  /** Destination port. */
  dstPort: number;
  /** Flag names in tcpdump's order of importance: SYN, FIN, RST, PSH, ACK, URG, ECE, CWR. */
  flags: string[];
  /** Sequence number (absolute, 32-bit unsigned). */
  seq: number;
  /** Acknowledgment number (meaningful when ACK is set). */
  ack: number;
  /** Advertised window (unscaled, as in the header). */
  window: number;
  /** Bytes of payload after the TCP header. */
  payloadLength: number;
  /** TCP header length in bytes (with options). */
  headerLength: number;
  /** MSS option, when present (SYN segments). */
  mss?: number;
  /** Window scale option, when present. */
  windowScale?: number;
}

const _FLAG_BITS: readonly [string, number][] = [
  ["SYN", 0x02],
  ["FIN", 0x01],
  ["RST", 0x04],
  ["PSH", 0x08],
  ["ACK", 0x10],
  ["URG", 0x20],
  ["ECE", 0x40],
  ["CWR", 0x80],
];

/** IPv6 extension headers that may sit between the fixed header and TCP. */
const _IPV6_EXTENSIONS = new Set([0, 43, 60]); // hop-by-hop, routing, destination options
const _IPV6_FRAGMENT = 44;
const _PROTO_TCP = 6;

/** Where the IP header ends and what follows: protocol, addresses, payload bounds. */
export interface IpHeader {
  /** IP version. */
  family: 4 | 6;
  /** Upper-layer protocol number (6 TCP, 1 ICMP, 58 ICMPv6). */
  protocol: number;
  /** Source address text. */
  src: string;
  /** Destination address text. */
  dst: string;
  /** Offset of the upper-layer header. */
  offset: number;
  /** End of the IP payload (total length; may exceed the captured bytes). */
  end: number;
  /** True when this is a non-first fragment (no upper-layer header in it). */
  laterFragment: boolean;
}

/**
 * Parse the IP header of `packet` (IPv4 with options, IPv6 with extension
 * headers). Undefined when it is neither or is cut short.
 *
 * @example
 * ```ts
 * parseIpHeader(new Uint8Array([0x45, 0, 0, 20, 0, 0, 0, 0, 64, 6, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1]))?.protocol; // 6
 * ```
 */
export function parseIpHeader(packet: Uint8Array): IpHeader | undefined {
  if (packet.length < 1) return undefined;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const version = packet[0] >> 4;
  if (version === 4) {
    const ihl = (packet[0] & 0x0f) * 4;
    if (packet.length < 20 || ihl < 20 || packet.length < ihl) return undefined;
    const fragOffset = view.getUint16(6) & 0x1fff;
    return {
      family: 4,
      protocol: packet[9],
      src: formatIpv4(packet.subarray(12, 16)),
      dst: formatIpv4(packet.subarray(16, 20)),
      offset: ihl,
      // BIG TCP / GSO packets may carry 0 here: fall back to what was captured.
      end: view.getUint16(2) || packet.length,
      laterFragment: fragOffset !== 0,
    };
  }
  if (version === 6) {
    if (packet.length < 40) return undefined;
    let next = packet[6];
    let offset = 40;
    let laterFragment = false;
    while (_IPV6_EXTENSIONS.has(next) || next === _IPV6_FRAGMENT) {
      if (packet.length < offset + 8) return undefined;
      if (next === _IPV6_FRAGMENT) {
        laterFragment = (view.getUint16(offset + 2) & 0xfff8) !== 0;
        next = packet[offset];
        offset += 8;
      } else {
        const len = (packet[offset + 1] + 1) * 8;
        next = packet[offset];
        offset += len;
      }
    }
    return {
      family: 6,
      protocol: next,
      src: formatIpv6(packet.subarray(8, 24)),
      dst: formatIpv6(packet.subarray(24, 40)),
      offset,
      end: 40 + view.getUint16(4),
      laterFragment,
    };
  }
  return undefined;
}

function _options(seg: TcpSegment, tcp: Uint8Array): void {
  let i = 20;
  while (i < seg.headerLength && i < tcp.length) {
    const kind = tcp[i];
    if (kind === 0) break; // end of options
    if (kind === 1) {
      i++; // no-op
      continue;
    }
    const len = tcp[i + 1];
    if (!len || len < 2 || i + len > tcp.length) break;
    if (kind === 2 && len === 4) seg.mss = (tcp[i + 2] << 8) | tcp[i + 3];
    if (kind === 3 && len === 3) seg.windowScale = tcp[i + 2];
    i += len;
  }
}

/**
 * Parse an IP packet (starting at the IP header, as an AF_PACKET SOCK_DGRAM
 * socket delivers it) into a {@link TcpSegment}; undefined when it is not
 * TCP or is too short to hold the TCP header.
 *
 * @example
 * ```ts
 * const seg = parseTcpSegment(bytes);
 * if (seg) console.log(seg.from, "→", seg.to, seg.flags.join(","), seg.payloadLength);
 * ```
 */
export function parseTcpSegment(packet: Uint8Array): TcpSegment | undefined {
  const ip = parseIpHeader(packet);
  if (!ip || ip.protocol !== _PROTO_TCP || ip.laterFragment) return undefined;
  const tcp = packet.subarray(ip.offset);
  if (tcp.length < 20) return undefined;
  const view = new DataView(tcp.buffer, tcp.byteOffset, tcp.byteLength);
  const headerLength = (tcp[12] >> 4) * 4;
  if (headerLength < 20) return undefined;
  const srcPort = view.getUint16(0);
  const dstPort = view.getUint16(2);
  const flagByte = tcp[13];
  const seg: TcpSegment = {
    family: ip.family,
    from: formatEndpoint(ip.src, srcPort),
    to: formatEndpoint(ip.dst, dstPort),
    srcAddress: ip.src,
    dstAddress: ip.dst,
    srcPort,
    dstPort,
    flags: _FLAG_BITS.filter(([, bit]) => flagByte & bit).map(([name]) => name),
    seq: view.getUint32(4),
    ack: view.getUint32(8),
    window: view.getUint16(14),
    // From the IP length, not the captured length: a snapped capture still knows the size.
    payloadLength: Math.max(0, ip.end - ip.offset - headerLength),
    headerLength,
  };
  _options(seg, tcp);
  return seg;
}
