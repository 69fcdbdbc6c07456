/**
 * Test helpers: hand-built IPv4/IPv6 packets carrying TCP (checksums left 0:
 * the parsers do not read them).
 *
 * @module
 */

/** Fields of a hand-built TCP segment. */
export interface SegmentSpec {
  /** Source port. */
  sport: number;
  /** Destination port. */
  dport: number;
  /** Flag bits (0x02 SYN, 0x10 ACK, 0x01 FIN, 0x04 RST, 0x08 PSH). */
  flags: number;
  /** Sequence number. */
  seq?: number;
  /** Acknowledgment number. */
  ack?: number;
  /** Window. */
  window?: number;
  /** TCP options bytes (padded to 4). */
  options?: number[];
  /** Payload bytes. */
  payload?: number;
}

function _tcp(spec: SegmentSpec): Uint8Array {
  const opts = [...(spec.options ?? [])];
  while (opts.length % 4) opts.push(0);
  const tcp = new Uint8Array(20 + opts.length + (spec.payload ?? 0));
  const v = new DataView(tcp.buffer);
  v.setUint16(0, spec.sport);
  v.setUint16(2, spec.dport);
  v.setUint32(4, spec.seq ?? 0);
  v.setUint32(8, spec.ack ?? 0);
  tcp[12] = ((20 + opts.length) / 4) << 4;
  tcp[13] = spec.flags;
  v.setUint16(14, spec.window ?? 65535);
  tcp.set(opts, 20);
  tcp.fill(0x61, 20 + opts.length); // payload "aaa…"
  return tcp;
}

/**
 * An IPv4 packet (optionally with IP options) carrying TCP.
 *
 * @example
 * ```ts
 * ipv4Tcp([127, 0, 0, 1], [127, 0, 0, 1], { sport: 40000, dport: 9877, flags: 0x02 });
 * ```
 */
export function ipv4Tcp(
  src: number[],
  dst: number[],
  spec: SegmentSpec,
  ipOptions: number[] = [],
): Uint8Array {
  const tcp = _tcp(spec);
  const ihl = 20 + ipOptions.length;
  const pkt = new Uint8Array(ihl + tcp.length);
  const v = new DataView(pkt.buffer);
  pkt[0] = 0x40 | (ihl / 4);
  v.setUint16(2, pkt.length);
  pkt[8] = 64;
  pkt[9] = 6;
  pkt.set(src, 12);
  pkt.set(dst, 16);
  pkt.set(ipOptions, 20);
  pkt.set(tcp, ihl);
  return pkt;
}

/**
 * An IPv6 packet carrying TCP, optionally behind a hop-by-hop options header.
 *
 * @example
 * ```ts
 * ipv6Tcp(loopback6, loopback6, { sport: 40000, dport: 9877, flags: 0x12 }, true);
 * ```
 */
export function ipv6Tcp(
  src: Uint8Array,
  dst: Uint8Array,
  spec: SegmentSpec,
  hopByHop = false,
): Uint8Array {
  const tcp = _tcp(spec);
  const ext = hopByHop ? new Uint8Array([6, 0, 1, 4, 0, 0, 0, 0]) : new Uint8Array(0);
  const pkt = new Uint8Array(40 + ext.length + tcp.length);
  const v = new DataView(pkt.buffer);
  pkt[0] = 0x60;
  v.setUint16(4, ext.length + tcp.length);
  pkt[6] = hopByHop ? 0 : 6;
  pkt[7] = 64;
  pkt.set(src, 8);
  pkt.set(dst, 24);
  pkt.set(ext, 40);
  pkt.set(tcp, 40 + ext.length);
  return pkt;
}
