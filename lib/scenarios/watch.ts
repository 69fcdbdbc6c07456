/**
 * Waiting for observations inside a scenario: the next event that matches,
 * bounded in time and cancelled by the scenario's abort signal.
 *
 * @module
 */

import type { EchoEvent, EventBus } from "../events.ts";

/** Records every event on a bus and waits for ones that match. */
export class Watch {
  /** Every event seen since the watch started. */
  readonly seen: EchoEvent[] = [];
  #waiters: { pred: (e: EchoEvent) => boolean; resolve: (e: EchoEvent) => void }[] = [];
  #stop: () => void;

  /** Start recording `bus`. */
  constructor(bus: EventBus) {
    this.#stop = bus.subscribe((e) => {
      this.seen.push(e);
      for (const w of [...this.#waiters]) {
        if (w.pred(e)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    });
  }

  /**
   * The first event (already seen or future) matching `pred`; rejects after
   * `ms` or when `signal` aborts.
   *
   * @example
   * ```ts
   * const listening = await watch.next((e) => e.kind === "listening", 5000, ctx.signal);
   * ```
   */
  next(
    pred: (e: EchoEvent) => boolean,
    ms: number,
    signal?: AbortSignal,
    what = "event",
  ): Promise<EchoEvent> {
    const already = this.seen.find(pred);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        this.#waiters.splice(this.#waiters.indexOf(entry), 1);
        reject(new Error(why));
      };
      const timer = setTimeout(() => fail(`no ${what} within ${ms} ms`), ms);
      const onAbort = () => {
        clearTimeout(timer);
        fail("aborted");
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const entry = {
        pred,
        resolve: (e: EchoEvent) => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          resolve(e);
        },
      };
      this.#waiters.push(entry);
    });
  }

  /** Events matching `pred`, in order. */
  all(pred: (e: EchoEvent) => boolean): EchoEvent[] {
    return this.seen.filter(pred);
  }

  /** Stop recording. */
  close(): void {
    this.#stop();
  }
}
