/**
 * An AF_PACKET socket through Deno FFI to libc: every packet on every
 * interface (or one interface) of the caller's network namespace, at the
 * IP layer (SOCK_DGRAM), each with the kernel's receive timestamp
 * (SO_TIMESTAMPNS, CLOCK_REALTIME, nanoseconds).
 *
 * Needs CAP_NET_RAW in the namespace: root, or any user inside
 * `unshare -rn` (where tcpdump itself fails). Waiting is a poll(2) run off
 * the main thread (a nonblocking FFI call) on the socket and an eventfd, so
 * the event loop never freezes and {@link PacketSocket.wake} ends a wait at once.
 *
 * @module
 */

import { SysError } from "../errors.ts";
import { LINUX_ERRNO_NAMES } from "../sys/errno.ts";
import { lastErrno, type Libc, libc as loadLibc } from "../sys/libc.ts";
import type { LinkInfo } from "./pcap_writer.ts";

const AF_PACKET = 17;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const ETH_P_ALL_BE = 0x0300; // htons(ETH_P_ALL = 0x0003)
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_TIMESTAMPNS = 35; // also the cmsg type SCM_TIMESTAMPNS
const SO_ATTACH_FILTER = 26;
const SOL_PACKET = 263;
const PACKET_STATISTICS = 6;
const MSG_DONTWAIT = 0x40;
const MSG_TRUNC = 0x20;
const POLLIN = 1;
const POLLERR = 8;
const ENETDOWN = 100;
const EFD_NONBLOCK = 0o4000;
const EFD_CLOEXEC = 0o2000000;
const CLOCK_REALTIME = 0;
const EAGAIN = 11;

/** sll_pkttype of a frame addressed to another host's link address. */
export const PACKET_OTHERHOST = 3;
/** sll_pkttype of a packet this host sent. */
export const PACKET_OUTGOING = 4;
/** sll_hatype of the loopback interface. */
export const ARPHRD_LOOPBACK = 772;

/** One packet as received. */
export interface ReceivedPacket {
  /** The packet from its IP header on (a copy, at most the buffer size). */
  data: Uint8Array;
  /** Its length on the wire (larger than `data` when cut). */
  originalLength: number;
  /** Interface index it was seen on. */
  ifindex: number;
  /** Link details for the pcap cooked header and de-duplication. */
  link: LinkInfo;
  /** Kernel timestamp, nanoseconds since the Unix epoch (CLOCK_REALTIME). */
  timeNs: bigint;
}

/** Counters from PACKET_STATISTICS (they reset on every read). */
export interface KernelCounts {
  /** Packets the kernel queued to the socket. */
  packets: number;
  /** Packets dropped because the socket buffer was full. */
  drops: number;
}

const _BUFFER_SIZE = 262144;

/**
 * An open AF_PACKET socket. Create with {@link PacketSocket.open}.
 *
 * @example
 * ```ts
 * const sock = PacketSocket.open("lo");
 * if (await sock.waitReadable(1000)) console.log(sock.receive()?.data.length);
 * sock.close();
 * ```
 */
export class PacketSocket {
  #libc: Libc;
  #fd: number;
  #wakeFd: number;
  #closed = false;
  #buffer = new Uint8Array(_BUFFER_SIZE);
  #name = new Uint8Array(20); // sockaddr_ll
  #control = new Uint8Array(64);
  #iov = new BigUint64Array(2);
  #msg = new Uint8Array(56); // struct msghdr (LP64)
  #pollfds = new Uint8Array(16); // two struct pollfd
  #timespec = new BigInt64Array(2);
  #linkDowns = 0;

  private constructor(libc: Libc, fd: number, wakeFd: number) {
    this.#libc = libc;
    this.#fd = fd;
    this.#wakeFd = wakeFd;
    const ptr = (b: BufferSource) => BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(b)));
    this.#iov[0] = ptr(this.#buffer);
    this.#iov[1] = BigInt(_BUFFER_SIZE);
    const pfd = new DataView(this.#pollfds.buffer);
    pfd.setInt32(0, fd, true);
    pfd.setInt16(4, POLLIN, true);
    pfd.setInt32(8, wakeFd, true);
    pfd.setInt16(12, POLLIN, true);
    const m = new DataView(this.#msg.buffer);
    m.setBigUint64(0, ptr(this.#name), true); // msg_name
    m.setBigUint64(16, ptr(this.#iov), true); // msg_iov
    m.setBigUint64(24, 1n, true); // msg_iovlen
    m.setBigUint64(32, ptr(this.#control), true); // msg_control
  }

  /**
   * Open a packet socket for all traffic, bound to `iface` when given.
   * Throws a {@link SysError} (EPERM without CAP_NET_RAW, ENODEV for an unknown interface).
   */
  static open(iface?: string): PacketSocket {
    const libc = loadLibc();
    const errno = () => {
      const n = lastErrno();
      return LINUX_ERRNO_NAMES[n] ?? `E${n}`;
    };
    const fail = (op: string, name = errno()): never => {
      throw new SysError(op, name, { en: `${op} failed: ${name}`, zh: `${op} 失败：${name}` });
    };
    const fd = libc.socket(
      AF_PACKET,
      SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
      ETH_P_ALL_BE,
    );
    if (fd < 0) fail("socket(AF_PACKET)");
    const closeFd = () => libc.close(fd);
    const one = new Int32Array([1]);
    if (libc.setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, one, 4) < 0) {
      const e = errno();
      closeFd();
      fail("setsockopt(SO_TIMESTAMPNS)", e);
    }
    libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, new Int32Array([4 << 20]), 4); // capped by rmem_max
    if (iface !== undefined) {
      const ifindex = libc.if_nametoindex(new TextEncoder().encode(iface + "\0"));
      if (ifindex === 0) {
        closeFd();
        fail(`if_nametoindex(${iface})`, "ENODEV");
      }
      const sll = new Uint8Array(20);
      const v = new DataView(sll.buffer);
      v.setUint16(0, AF_PACKET, true);
      v.setUint16(2, ETH_P_ALL_BE, true);
      v.setInt32(4, ifindex, true);
      if (libc.bind(fd, sll, 20) < 0) {
        const e = errno();
        closeFd();
        fail(`bind(${iface})`, e);
      }
    }
    const wakeFd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wakeFd < 0) {
      const e = errno();
      closeFd();
      fail("eventfd", e);
    }
    return new PacketSocket(libc, fd, wakeFd);
  }

  /**
   * Wait up to `timeoutMs` for a packet, off the main thread. Resolves true
   * when one is ready, false on timeout or after {@link PacketSocket.wake}.
   */
  async waitReadable(timeoutMs: number): Promise<boolean> {
    if (this.#closed) return false;
    const n = await this.#libc.poll(this.#pollfds, 2n, timeoutMs);
    if (n <= 0) return false; // timeout, or EINTR: the caller simply waits again
    const revents = new DataView(this.#pollfds.buffer).getInt16(6, true);
    // POLLERR: a pending socket error (ENETDOWN when the bound interface went down);
    // receive() consumes it, or poll would report it again at once.
    return (revents & (POLLIN | POLLERR)) !== 0;
  }

  /** End a pending {@link PacketSocket.waitReadable} now (used by stop). */
  wake(): void {
    if (!this.#closed) this.#libc.write(this.#wakeFd, new BigUint64Array([1n]), 8n);
  }

  /** Take one queued packet without blocking; undefined when none is queued. */
  receive(): ReceivedPacket | undefined {
    if (this.#closed) return undefined;
    const m = new DataView(this.#msg.buffer);
    m.setUint32(8, this.#name.length, true); // msg_namelen
    m.setBigUint64(40, BigInt(this.#control.length), true); // msg_controllen
    m.setInt32(48, 0, true);
    const n = Number(this.#libc.recvmsg(this.#fd, this.#msg, MSG_DONTWAIT | MSG_TRUNC));
    if (n < 0) {
      const code = lastErrno();
      if (code === EAGAIN) return undefined;
      if (code === ENETDOWN) {
        this.#linkDowns++;
        return undefined; // reported once per down; the socket works again when the link is up
      }
      throw new SysError(
        "recvmsg",
        LINUX_ERRNO_NAMES[code] ?? `E${code}`,
        { en: "recvmsg on the packet socket failed", zh: "在 AF_PACKET 套接字上 recvmsg 失败" },
      );
    }
    const sll = new DataView(this.#name.buffer);
    const halen = this.#name[11];
    const link: LinkInfo = {
      packetType: this.#name[10],
      hardwareType: sll.getUint16(8, true),
      address: this.#name.slice(12, 12 + Math.min(8, halen)),
      protocol: sll.getUint16(2, false),
    };
    return {
      data: this.#buffer.slice(0, Math.min(n, _BUFFER_SIZE)),
      originalLength: n,
      ifindex: sll.getInt32(4, true),
      link,
      timeNs: this.#timestamp(m.getBigUint64(40, true)),
    };
  }

  /** How often the bound interface went down while we listened (ENETDOWN). */
  get linkDowns(): number {
    return this.#linkDowns;
  }

  /** The kernel's counters since the last call (PACKET_STATISTICS). */
  kernelCounts(): KernelCounts {
    const stats = new Uint32Array(2);
    const len = new Uint32Array([8]);
    if (this.#closed) return { packets: 0, drops: 0 };
    this.#libc.getsockopt(this.#fd, SOL_PACKET, PACKET_STATISTICS, stats, len);
    return { packets: stats[0], drops: stats[1] };
  }

  /** CLOCK_REALTIME now, in nanoseconds (the clock of packet timestamps). */
  realtimeNs(): bigint {
    this.#libc.clock_gettime(CLOCK_REALTIME, this.#timespec);
    return this.#timespec[0] * 1_000_000_000n + this.#timespec[1];
  }

  /**
   * Attach a classic BPF program (`struct sock_filter[]` bytes, e.g. from
   * port_filter.ts): the kernel then queues only the packets it accepts.
   * Throws a {@link SysError} when the kernel refuses it.
   *
   * @example
   * ```ts
   * sock.attachFilter(portFilter([9877]));
   * ```
   */
  attachFilter(program: Uint8Array<ArrayBuffer>): void {
    const fprog = new Uint8Array(16); // struct sock_fprog: u16 len, pad, pointer
    const v = new DataView(fprog.buffer);
    v.setUint16(0, program.length / 8, true);
    v.setBigUint64(8, BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(program))), true);
    if (this.#libc.setsockopt(this.#fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog, 16) < 0) {
      const name = LINUX_ERRNO_NAMES[lastErrno()] ?? "EINVAL";
      throw new SysError("setsockopt(SO_ATTACH_FILTER)", name, {
        en: `setsockopt(SO_ATTACH_FILTER) failed: ${name}`,
        zh: `setsockopt(SO_ATTACH_FILTER) 失败：${name}`,
      });
    }
  }

  /** Close the socket and the eventfd. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#libc.close(this.#fd);
    this.#libc.close(this.#wakeFd);
  }

  /** SCM_TIMESTAMPNS from the control buffer; the clock now if absent. */
  #timestamp(controlLen: bigint): bigint {
    const c = new DataView(this.#control.buffer);
    let off = 0;
    while (off + 16 <= Number(controlLen)) {
      const len = Number(c.getBigUint64(off, true));
      const level = c.getInt32(off + 8, true);
      const type = c.getInt32(off + 12, true);
      if (level === SOL_SOCKET && type === SO_TIMESTAMPNS && len >= 32) {
        return c.getBigInt64(off + 16, true) * 1_000_000_000n + c.getBigInt64(off + 24, true);
      }
      if (len < 16) break;
      off += (len + 7) & ~7;
    }
    return this.realtimeNs();
  }
}
