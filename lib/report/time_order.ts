/**
 * Causal order for a stream of events: packets carry the kernel's receive
 * time, a lab relays its events a little late, a /proc poller reports what it
 * saw after the fact — so events reach the bus slightly out of `t` order.
 * {@link TimeOrder} holds each event for a short while and releases them
 * sorted by `t`, so an RST is never printed after the ECONNRESET it caused.
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";

/**
 * A reorder buffer: events go in as they are observed and come out sorted by
 * `t` once they are `holdMs` old (by the `now` clock), or at {@link flush}.
 * An event older than one already released (later than the hold) still comes
 * out, with `late: true` and its own `t` kept in `seen` order — never
 * silently dropped. With `holdMs: Infinity` nothing leaves before `flush`,
 * and `t` never decreases.
 *
 * @example
 * ```ts
 * const out: EchoEvent[] = [];
 * const order = new TimeOrder((e) => out.push(e), { holdMs: 500, now: () => bus.now() });
 * order.push({ t: 5, actor: "client", kind: "error", errno: "ECONNRESET" });
 * order.push({ t: 4, actor: "kernel", kind: "packet", flags: "RST" });
 * order.flush(); // out: the RST (t 4), then ECONNRESET (t 5)
 * ```
 */
export class TimeOrder {
  #sink: (e: EchoEvent) => void;
  #holdMs: number;
  #now: () => number;
  #held: EchoEvent[] = [];
  #last = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Release sorted events to `sink`; `holdMs` how long to wait for stragglers. */
  constructor(
    sink: (e: EchoEvent) => void,
    opts: { holdMs: number; now: () => number },
  ) {
    this.#sink = sink;
    this.#holdMs = opts.holdMs;
    this.#now = opts.now;
  }

  /** Take one event; it leaves once `holdMs` old, sorted among the others held. */
  push(e: EchoEvent): void {
    // Stable insertion by t: equal times keep their arrival order.
    let i = this.#held.length;
    while (i > 0 && this.#held[i - 1].t > e.t) i--;
    this.#held.splice(i, 0, e);
    this.#release(this.#now() - this.#holdMs);
    this.#arm();
  }

  /** Release everything held, in `t` order (before a verdict, at the end). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#release(Infinity);
  }

  #release(upTo: number): void {
    while (this.#held.length > 0 && this.#held[0].t <= upTo) {
      const e = this.#held.shift()!;
      this.#sink(e.t < this.#last ? { ...e, late: true } : e);
      this.#last = Math.max(this.#last, e.t);
    }
  }

  #arm(): void {
    if (this.#timer !== undefined || this.#held.length === 0) return;
    if (!Number.isFinite(this.#holdMs)) return;
    const wait = Math.max(10, this.#held[0].t + this.#holdMs - this.#now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#release(this.#now() - this.#holdMs);
      this.#arm();
    }, wait);
    // Held events never keep the process alive: flush() runs before it ends.
    Deno.unrefTimer(this.#timer as unknown as number);
  }
}
