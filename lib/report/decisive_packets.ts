/**
 * Which captured segments each scenario's default view shows: the ones its
 * section of the chapter is about (§5.12: the FIN and the RST; §5.10: the
 * five FINs that end five children at once). Every packet stays in `--json`,
 * `-v` and `--diagram`; a scenario not listed here shows every decisive
 * segment (SYN, FIN, RST, retransmissions, ICMP).
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";

/**
 * A segment class: its TCP flag, `RTX` for a retransmission, `ICMP` for an
 * ICMP error; `FIN>` is a FIN the client sends (in a list, it means only those).
 */
export type SegmentClass = "SYN" | "FIN" | "FIN>" | "RST" | "RTX" | "ICMP";

const _ALL: readonly SegmentClass[] = ["SYN", "FIN", "RST", "RTX", "ICMP"];

/** Scenario → the segments its story needs (UNP section in the comment). */
const _BY_SCENARIO: Record<string, readonly SegmentClass[]> = {
  // §5.7–5.10: the clients' FINs, which end the children at once, are told on the
  // line of the close that sends them (see CompactRenderer); no other segment.
  zombies: [],
  "signals-not-queued": [],
  // §5.9: the connect retried after EINTR waits for its SYN's retransmission.
  eintr: ["RTX"],
  // §5.11: the handshake, then the RST before accept.
  "abort-before-accept": ["SYN", "RST"],
  // §5.12–5.13: the FIN, the RST.
  "server-killed": ["SYN", "FIN", "RST"],
  sigpipe: ["FIN", "RST"],
  // §5.18: the bytes matter, not the segments.
  "data-format": [],
};

/**
 * The segment class of a `packet` or `icmp` event, or undefined for the
 * segments no chapter story turns on (plain data, ACKs, the SYN-ACK).
 *
 * @example
 * ```ts
 * segmentClass({ t: 0, actor: "kernel", kind: "packet", flags: "FIN,ACK" }); // "FIN"
 * ```
 */
export function segmentClass(e: EchoEvent): SegmentClass | undefined {
  if (e.kind === "icmp") return "ICMP";
  if (e.kind !== "packet") return undefined;
  // The data segment an ICMP error answers (published with it): shown with the ICMP.
  if (e.icmpQuoted) return "ICMP";
  if (e.retransmit) return "RTX";
  const flags = String(e.flags).split(",");
  if (flags.includes("RST")) return "RST";
  if (flags.includes("FIN")) return "FIN";
  if (flags.includes("SYN") && !flags.includes("ACK")) return "SYN";
  return undefined;
}

/**
 * True when `scenario`'s default view shows packet event `e` (false for
 * every event that is not a packet or ICMP error); `fromClient`: `e` was
 * sent by a connection's client (the sender of its SYN).
 *
 * @example
 * ```ts
 * showsPacket("server-killed", { t: 0, actor: "kernel", kind: "packet", flags: "RST" }); // true
 * showsPacket("data-format", { t: 0, actor: "kernel", kind: "packet", flags: "FIN,ACK" }); // false
 * ```
 */
export function showsPacket(
  scenario: string | undefined,
  e: EchoEvent,
  fromClient = false,
): boolean {
  const cls = segmentClass(e);
  if (!cls) return false;
  const shown = _BY_SCENARIO[scenario ?? ""] ?? _ALL;
  return shown.includes(cls) || (cls === "FIN" && fromClient && shown.includes("FIN>"));
}
