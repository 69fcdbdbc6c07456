/**
 * Watching for ICMP errors about the lab's connection on the client's link
 * (UNP §5.14: "an intermediate router … responds with an ICMP destination
 * unreachable"). Each one becomes an `icmp` event — who sent it, type, code,
 * the segment it quotes — and is kept for the verdict. When the run already
 * captures every packet (--diagram, --pcap) those events come from that
 * capture; otherwise a capture of ICMP only runs on veth-c.
 *
 * @module
 */

import { captureOrSkip } from "../capture/capture_or_skip.ts";
import type { EchoEvent, EventBus } from "../events.ts";
import { TOPOLOGY } from "../lab/topology.ts";

/** The ICMP errors seen so far, and why there may be none. */
export interface IcmpWatch {
  /** `icmp` events in the order they arrived. */
  readonly events: EchoEvent[];
  /** Set when no capture could run (the reason): an absence of ICMP then proves nothing. */
  readonly skipped?: string;
}

/**
 * Start collecting the ICMP errors about the lab's connection (port 9877)
 * that reach the client host; `capturing`: every packet is already captured
 * (--diagram, --pcap) and its ICMP events are used. `defer` registers the
 * teardown.
 *
 * @example
 * ```ts
 * const icmp = watchIcmp(bus, false, (step) => steps.push(step));
 * // … the router answers …
 * icmp.events.filter((e) => e.from === TOPOLOGY.routerClientAddr).length;
 * ```
 */
export function watchIcmp(
  bus: EventBus,
  capturing: boolean,
  defer: (step: () => void | Promise<void>) => void,
): IcmpWatch {
  const events: EchoEvent[] = [];
  const stop = bus.subscribe((e) => void (e.kind === "icmp" && events.push(e)));
  defer(stop);
  if (capturing) return { events };
  const attempt = captureOrSkip({
    bus,
    iface: TOPOLOGY.clientDev,
    ports: [TOPOLOGY.port],
    only: "icmp",
  });
  if (attempt.capture) {
    const capture = attempt.capture;
    defer(async () => void await capture.stop());
  }
  return { events, ...(attempt.skipped ? { skipped: attempt.skipped } : {}) };
}

/**
 * Wait (up to `ms`) until an ICMP error matching `pred` has been seen — the
 * capture reads packets a moment after the kernel has already acted on them
 * (a connect can fail before its ICMP is read). Resolves to the matches.
 *
 * @example
 * ```ts
 * const got = await icmpSeen(icmp, (e) => e.code === 0, 500);
 * ```
 */
export async function icmpSeen(
  watch: IcmpWatch,
  pred: (e: EchoEvent) => boolean,
  ms: number,
): Promise<EchoEvent[]> {
  const end = performance.now() + ms;
  for (;;) {
    const got = watch.events.filter(pred);
    if (got.length > 0 || watch.skipped || performance.now() > end) return got;
    await new Promise((r) => setTimeout(r, 5));
  }
}
