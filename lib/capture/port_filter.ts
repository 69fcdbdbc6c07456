/**
 * A classic BPF program (SO_ATTACH_FILTER, see socket(7) and
 * Documentation/networking/filter.rst) that keeps, on an AF_PACKET
 * SOCK_DGRAM socket (data from the IP header on), the TCP segments to or
 * from some ports and every ICMP/ICMPv6 message — so a busy loopback's other
 * traffic is dropped in the kernel instead of being copied to us.
 *
 * @module
 */

// Opcodes (include/uapi/linux/filter.h, bpf_common.h).
const LDB_ABS = 0x30; // A = pkt[k] (byte)
const LDH_ABS = 0x28; // A = pkt[k:k+2]
const LDH_IND = 0x48; // A = pkt[X+k:X+k+2]
const LDXB_MSH = 0xb1; // X = 4 * (pkt[k] & 0xf): the IPv4 header length
const RSH_K = 0x74; // A >>= k
const JEQ_K = 0x15; // pc += (A == k) ? jt : jf
const RET_K = 0x06; // return k bytes (0: drop)

/** Bytes kept of an accepted packet (all of it: the capture wants whole segments). */
const KEEP = 0x40000;

type _Insn = [code: number, jt: number, jf: number, k: number];

/**
 * The program as `struct sock_filter[]` bytes (8 each: u16 code, u8 jt, u8 jf, u32 k).
 *
 * @example
 * ```ts
 * const prog = portFilter([9877]);
 * prog.length / 8; // instructions
 * ```
 */
export function portFilter(ports: readonly number[]): Uint8Array<ArrayBuffer> {
  const insns: _Insn[] = [];
  const at = () => insns.length;
  // Jumps to ACCEPT/DROP are patched once their places are known.
  const toAccept: [number, "jt" | "jf"][] = [];
  const toDrop: [number, "jt" | "jf"][] = [];
  const jeq = (k: number, onTrue: "accept" | "next", onFalse: "drop" | "next") => {
    const i = at();
    insns.push([JEQ_K, 0, 0, k]);
    if (onTrue === "accept") toAccept.push([i, "jt"]);
    if (onFalse === "drop") toDrop.push([i, "jf"]);
  };
  const portChecks = (load: (off: number) => void) => {
    for (const off of [0, 2]) {
      for (const p of ports) {
        load(off);
        jeq(p, "accept", "next");
      }
    }
  };
  insns.push([LDB_ABS, 0, 0, 0], [RSH_K, 0, 0, 4]); // A = IP version
  const v4 = at();
  insns.push([JEQ_K, 0, 0, 4]); // jf → the IPv6 part, patched below
  // IPv4: ICMP, or TCP with a port of ours.
  insns.push([LDB_ABS, 0, 0, 9]);
  jeq(1, "accept", "next");
  jeq(6, "next", "drop");
  insns.push([LDXB_MSH, 0, 0, 0]);
  portChecks((off) => insns.push([LDH_IND, 0, 0, off]));
  toDrop.push([at(), "jt"]);
  insns.push([JEQ_K, 0, 0, 0x10000]); // never equal: a jump to DROP (jt patched, jf too)
  toDrop.push([at() - 1, "jf"]);
  const v6 = at();
  insns[v4][2] = v6 - v4 - 1;
  // IPv6 (no extension headers, as on loopback and the lab): ICMPv6, or TCP on our ports.
  jeq(6, "next", "drop");
  insns.push([LDB_ABS, 0, 0, 6]);
  jeq(58, "accept", "next");
  jeq(6, "next", "drop");
  portChecks((off) => insns.push([LDH_ABS, 0, 0, 40 + off]));
  const drop = at();
  insns.push([RET_K, 0, 0, 0]);
  const accept = at();
  insns.push([RET_K, 0, 0, KEEP]);
  for (const [i, f] of toAccept) insns[i][f === "jt" ? 1 : 2] = accept - i - 1;
  for (const [i, f] of toDrop) insns[i][f === "jt" ? 1 : 2] = drop - i - 1;
  const out = new Uint8Array(insns.length * 8);
  const v = new DataView(out.buffer);
  insns.forEach(([code, jt, jf, k], i) => {
    v.setUint16(i * 8, code, true);
    v.setUint8(i * 8 + 2, jt);
    v.setUint8(i * 8 + 3, jf);
    v.setUint32(i * 8 + 4, k, true);
  });
  return out;
}

/**
 * Run `prog` (from {@link portFilter}) on one packet, as the kernel would
 * (the subset of classic BPF it uses): how many bytes it keeps, 0 to drop.
 * For tests.
 *
 * @example
 * ```ts
 * runFilter(portFilter([9877]), ipv4TcpPacket); // 262144 (kept)
 * ```
 */
export function runFilter(prog: Uint8Array, pkt: Uint8Array): number {
  const v = new DataView(prog.buffer, prog.byteOffset, prog.byteLength);
  let a = 0;
  let x = 0;
  for (let pc = 0; pc * 8 < prog.length; pc++) {
    const code = v.getUint16(pc * 8, true);
    const jt = v.getUint8(pc * 8 + 2);
    const jf = v.getUint8(pc * 8 + 3);
    const k = v.getUint32(pc * 8 + 4, true);
    const h = (o: number) => o + 1 < pkt.length ? (pkt[o] << 8) | pkt[o + 1] : undefined;
    switch (code) {
      case LDB_ABS:
        if (k >= pkt.length) return 0;
        a = pkt[k];
        break;
      case LDH_ABS:
      case LDH_IND: {
        const got = h(code === LDH_IND ? x + k : k);
        if (got === undefined) return 0;
        a = got;
        break;
      }
      case LDXB_MSH:
        x = 4 * (pkt[k] & 0xf);
        break;
      case RSH_K:
        a >>>= k;
        break;
      case JEQ_K:
        pc += a === k ? jt : jf;
        break;
      case RET_K:
        return k;
      default:
        throw new Error(`opcode ${code}`);
    }
  }
  return 0;
}
