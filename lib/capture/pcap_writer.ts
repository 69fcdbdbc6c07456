/**
 * Write classic libpcap files (the format `tcpdump -r` and Wireshark read):
 * a 24-byte global header, then a 16-byte header before each packet.
 * Packets from an AF_PACKET SOCK_DGRAM socket start at the IP header, so
 * echolab writes LINKTYPE_LINUX_SLL: a 16-byte "cooked" header rebuilt from
 * the socket address (packet type, hardware type and address, protocol).
 *
 * @module
 */

/** LINKTYPE_LINUX_SLL: Linux "cooked" capture, as `tcpdump -i any` writes. */
export const LINKTYPE_LINUX_SLL = 113;

/**
 * The 24-byte pcap global header (microsecond timestamps, little-endian).
 *
 * @example
 * ```ts
 * pcapGlobalHeader(LINKTYPE_LINUX_SLL, 65535).length; // 24
 * ```
 */
export function pcapGlobalHeader(linktype: number, snaplen: number): Uint8Array {
  const out = new Uint8Array(24);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true); // magic: microsecond resolution
  v.setUint16(4, 2, true); // version 2.4
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true); // thiszone
  v.setUint32(12, 0, true); // sigfigs
  v.setUint32(16, snaplen, true);
  v.setUint32(20, linktype, true);
  return out;
}

/**
 * The 16-byte per-packet header.
 *
 * @param timeNs capture time, nanoseconds since the Unix epoch
 * @param capturedLength bytes stored in the file
 * @param originalLength bytes the packet had on the wire
 *
 * @example
 * ```ts
 * pcapRecordHeader(1_700_000_000_123_456_789n, 60, 60).length; // 16
 * ```
 */
export function pcapRecordHeader(
  timeNs: bigint,
  capturedLength: number,
  originalLength: number,
): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  v.setUint32(0, Number(timeNs / 1_000_000_000n), true);
  v.setUint32(4, Number((timeNs % 1_000_000_000n) / 1000n), true);
  v.setUint32(8, capturedLength, true);
  v.setUint32(12, originalLength, true);
  return out;
}

/** The parts of a Linux sockaddr_ll that the cooked header repeats. */
export interface LinkInfo {
  /** sll_pkttype: 0 to us, 1 broadcast, 2 multicast, 3 other host, 4 outgoing. */
  packetType: number;
  /** sll_hatype: ARPHRD_* (1 Ethernet, 772 loopback). */
  hardwareType: number;
  /** Link-layer address (up to 8 bytes used). */
  address: Uint8Array;
  /** EtherType (0x0800 IPv4, 0x86dd IPv6). */
  protocol: number;
}

/**
 * The 16-byte LINKTYPE_LINUX_SLL header for one packet.
 *
 * @example
 * ```ts
 * sllHeader({ packetType: 4, hardwareType: 772, address: new Uint8Array(6), protocol: 0x0800 });
 * ```
 */
export function sllHeader(link: LinkInfo): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  v.setUint16(0, link.packetType);
  v.setUint16(2, link.hardwareType);
  const len = Math.min(8, link.address.length);
  v.setUint16(4, link.address.length);
  out.set(link.address.subarray(0, len), 6);
  v.setUint16(14, link.protocol);
  return out;
}

/**
 * A pcap file being written. Writes are synchronous and small; call
 * {@link PcapWriter.close} when done.
 *
 * @example
 * ```ts
 * const pcap = PcapWriter.create("/tmp/x.pcap");
 * pcap.write(BigInt(Date.now()) * 1_000_000n, ipPacket, ipPacket.length, link);
 * pcap.close();
 * ```
 */
export class PcapWriter {
  #file: Deno.FsFile;
  #snaplen: number;
  #records = 0;

  private constructor(file: Deno.FsFile, snaplen: number) {
    this.#file = file;
    this.#snaplen = snaplen;
  }

  /** Create (or truncate) `path` and write the LINKTYPE_LINUX_SLL global header. */
  static create(path: string, snaplen = 262144): PcapWriter {
    const file = Deno.openSync(path, { write: true, create: true, truncate: true });
    const writer = new PcapWriter(file, snaplen);
    writer.#writeAll(pcapGlobalHeader(LINKTYPE_LINUX_SLL, snaplen));
    return writer;
  }

  /** Packets written so far. */
  get records(): number {
    return this.#records;
  }

  /** Append one packet (starting at its IP header) with its cooked header. */
  write(timeNs: bigint, packet: Uint8Array, originalLength: number, link: LinkInfo): void {
    const body = packet.subarray(0, Math.max(0, this.#snaplen - 16));
    this.#writeAll(pcapRecordHeader(timeNs, 16 + body.length, 16 + originalLength));
    this.#writeAll(sllHeader(link));
    this.#writeAll(body);
    this.#records++;
  }

  /** Close the file. */
  close(): void {
    this.#file.close();
  }

  #writeAll(data: Uint8Array): void {
    let off = 0;
    while (off < data.length) off += this.#file.writeSync(data.subarray(off));
  }
}
