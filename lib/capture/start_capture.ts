/**
 * Capture the TCP traffic of the network namespace this process runs in and
 * publish each segment on the event bus as a `packet` event (ICMP errors
 * that quote a watched connection as `icmp` events), optionally writing a
 * pcap file. Run it in the same namespace as the traffic: a scenario under
 * `unshare -rn` calls it itself.
 *
 * On loopback the kernel hands a packet socket every packet twice (once
 * outgoing, once incoming); the outgoing copy is dropped, as libpcap does.
 * Frames addressed to another host's MAC are ignored. In a namespace that
 * forwards (a router), a packet shows up once per interface: pass `iface`.
 * Event times come from the kernel's receive timestamps (SO_TIMESTAMPNS),
 * mapped onto the bus clock.
 *
 * @module
 */

import { SysError } from "../errors.ts";
import type { Actor, EventBus } from "../events.ts";
import { FlowTracker } from "./flow_tracker.ts";
import { parseIcmpError } from "./icmp_error.ts";
import {
  ARPHRD_LOOPBACK,
  PACKET_OTHERHOST,
  PACKET_OUTGOING,
  PacketSocket,
  type ReceivedPacket,
} from "./packet_socket.ts";
import { packetFields } from "./packet_event.ts";
import { PcapWriter } from "./pcap_writer.ts";
import { portFilter } from "./port_filter.ts";
import { parseTcpSegment } from "./tcp_segment.ts";

/** How many unpublished data segments an ICMP-only capture remembers (the latest). */
const _UNPUBLISHED_MAX = 64;

/** Options for {@link startCapture}. */
export interface CaptureOptions {
  /** Where `packet` and `icmp` events go. */
  bus: EventBus;
  /** Keep only segments to or from these ports (all TCP when absent). */
  ports?: number[];
  /** Capture on this interface only (all interfaces of the namespace when absent). */
  iface?: string;
  /** Also write the kept packets to this pcap file (LINKTYPE_LINUX_SLL; `tcpdump -r` reads it). */
  pcap?: string;
  /** Actor of the events (default `kernel`). */
  actor?: Actor;
  /**
   * Drop other traffic in the kernel (a BPF filter on `ports` and ICMP)
   * instead of reading and discarding it: for a long capture on a busy
   * interface. The stats then count only what the filter let through.
   */
  kernelFilter?: boolean;
  /** `icmp`: publish only the ICMP errors (a scenario that watches for a router's answers). */
  only?: "icmp";
}

/** What a capture saw, returned by {@link Capture.stop}. */
export interface CaptureStats {
  /** Packets read from the socket (after dropping loopback duplicates). */
  seen: number;
  /** Outgoing loopback copies dropped as duplicates. */
  loopbackDuplicates: number;
  /** TCP segments (and ICMP errors) that matched the ports and became events. */
  kept: number;
  /** Of those, retransmissions. */
  retransmits: number;
  /** Packets written to the pcap file. */
  pcapRecords: number;
  /** Packets the kernel dropped because we did not read fast enough. */
  kernelDrops: number;
  /** Times the bound interface went down during the capture (it keeps working once up again). */
  linkDowns: number;
  /** Set when reading failed and the capture ended early: the errno name. */
  error?: string;
}

/** A running capture. */
export interface Capture {
  /** Read the last queued packets, close the socket (and the pcap file), and report. */
  stop(): Promise<CaptureStats>;
}

const _MAX_BATCH = 512;

/**
 * Open an AF_PACKET socket and start publishing packet events. Throws a
 * SysError at once if the socket cannot be opened (EPERM: no CAP_NET_RAW —
 * run inside `unshare -rn`, or as root).
 *
 * @example
 * ```ts
 * const capture = startCapture({ bus, ports: [9877], pcap: "run.pcap" });
 * // … make traffic …
 * const stats = await capture.stop();
 * ```
 */
export function startCapture(opts: CaptureOptions): Capture {
  const sock = PacketSocket.open(opts.iface);
  if (opts.kernelFilter && opts.ports) {
    try {
      sock.attachFilter(portFilter(opts.ports));
    } catch (err) {
      sock.close();
      throw err;
    }
  }
  let pcap: PcapWriter | undefined;
  try {
    pcap = opts.pcap ? PcapWriter.create(opts.pcap) : undefined;
  } catch (err) {
    sock.close();
    throw err;
  }
  const actor = opts.actor ?? "kernel";
  const ports = opts.ports ? new Set(opts.ports) : undefined;
  // One tracker per interface: a packet a router namespace forwards is seen on two
  // interfaces, and must not count as a retransmission of itself.
  const flowsByIf = new Map<number, FlowTracker>();
  /** `only: "icmp"`: the latest data segments not published, by `from|seq` (absolute). */
  const unpublished = new Map<string, Record<string, unknown>>();
  const flowsOf = (ifindex: number): FlowTracker => {
    let flows = flowsByIf.get(ifindex);
    if (!flows) flowsByIf.set(ifindex, flows = new FlowTracker());
    return flows;
  };
  const stats: CaptureStats = {
    seen: 0,
    loopbackDuplicates: 0,
    kept: 0,
    retransmits: 0,
    pcapRecords: 0,
    kernelDrops: 0,
    linkDowns: 0,
  };
  let stopping = false;

  // One anchor pairs the bus clock with CLOCK_REALTIME; kernel timestamps map through it,
  // so packet times keep the kernel's order and spacing.
  // Read the bus clock on both sides of the realtime read: the anchor is their midpoint.
  const before = opts.bus.exactNow();
  const anchorRealNs = sock.realtimeNs();
  const anchorBus = (before + opts.bus.exactNow()) / 2;
  const busTime = (p: ReceivedPacket): number =>
    Math.round((anchorBus + Number(p.timeNs - anchorRealNs) / 1e6) * 10) / 10;

  const handle = (p: ReceivedPacket): void => {
    if (p.link.packetType === PACKET_OUTGOING && p.link.hardwareType === ARPHRD_LOOPBACK) {
      stats.loopbackDuplicates++;
      return;
    }
    // Frames for another host's MAC (a veth peer in this namespace): our stack ignores them too.
    if (p.link.packetType === PACKET_OTHERHOST) return;
    stats.seen++;
    const seg = parseTcpSegment(p.data);
    if (seg) {
      if (ports && !ports.has(seg.srcPort) && !ports.has(seg.dstPort)) return;
      const t = busTime(p);
      const fields = packetFields(seg, flowsOf(p.ifindex).observe(seg, t));
      if (opts.only === "icmp") {
        // Not published, but followed: an ICMP that quotes a data segment publishes that
        // segment's first transmission before itself (its cause), with relative numbers.
        // Sent again: an ICMP that comes now answers that copy (the view has its own line).
        if (fields.retransmit) unpublished.delete(`${seg.from}|${seg.seq}`);
        else if (seg.payloadLength > 0) {
          unpublished.set(`${seg.from}|${seg.seq}`, { ...fields, t });
          if (unpublished.size > _UNPUBLISHED_MAX) {
            unpublished.delete(unpublished.keys().next().value!);
          }
        }
        return;
      }
      if (fields.retransmit) stats.retransmits++;
      opts.bus.emit(actor, "packet", { ...fields, t });
    } else {
      const icmp = parseIcmpError(p.data);
      if (!icmp) return;
      const quotedPort = (ep: string) => Number(ep.slice(ep.lastIndexOf(":") + 1));
      if (
        ports && !ports.has(quotedPort(icmp.quotedFrom)) && !ports.has(quotedPort(icmp.quotedTo))
      ) return;
      // The quoted segment's seq as its packet line shows it (relative to the ISN).
      const rel = [...flowsByIf.values()].map((f) =>
        f.relativeSeq(icmp.quotedFrom, icmp.quotedTo, icmp.quotedSeq)
      ).find((n) => n !== undefined);
      const cause = `${icmp.quotedFrom}|${icmp.quotedSeq}`;
      const quoted = unpublished.get(cause);
      if (quoted) {
        unpublished.delete(cause);
        opts.bus.emit(actor, "packet", { ...quoted, icmpQuoted: true });
      }
      opts.bus.emit(actor, "icmp", {
        ...icmp,
        ...(rel !== undefined ? { quotedSeqRel: rel } : {}),
        t: busTime(p),
      });
    }
    stats.kept++;
    if (pcap) {
      pcap.write(p.timeNs, p.data, p.originalLength, p.link);
      stats.pcapRecords++;
    }
  };

  const drain = (): void => {
    for (let i = 0; i < _MAX_BATCH; i++) {
      const p = sock.receive();
      if (!p) return;
      handle(p);
    }
  };

  const loop = (async () => {
    try {
      while (!stopping) {
        const ready = await sock.waitReadable(1000);
        if (ready && !stopping) drain();
      }
    } catch (err) {
      // Never an unhandled rejection: report it, end the capture, let stop() return.
      stats.error = err instanceof SysError ? err.errno : String(err);
      opts.bus.emit(actor, "capture-error", { errno: stats.error, topic: "capture-skipped" });
    }
  })();

  return {
    async stop(): Promise<CaptureStats> {
      if (!stopping) {
        stopping = true;
        sock.wake();
      }
      await loop;
      // Whatever was queued before stop still counts.
      if (!stats.error) { for (let p = sock.receive(); p; p = sock.receive()) handle(p); }
      stats.kernelDrops = sock.kernelCounts().drops;
      stats.linkDowns = sock.linkDowns;
      sock.close();
      pcap?.close();
      pcap = undefined;
      return { ...stats };
    },
  };
}
