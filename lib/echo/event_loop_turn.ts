/**
 * One turn of the event loop, cheaply. A loop that only awaits promises that
 * are already settled runs on microtasks and starves everything that comes
 * from the event loop (signal listeners, timers, I/O). `setTimeout(r, 0)`
 * yields but is clamped to ~2 ms here once timers nest; a message through a
 * MessageChannel is delivered by the event loop in a few microseconds.
 *
 * @module
 */

/**
 * Yields one event-loop turn per {@link EventLoopTurn.next}; close it when done
 * (an open port keeps the process alive).
 *
 * @example
 * ```ts
 * const turn = new EventLoopTurn();
 * try {
 *   for (;;) { doSyncWork(); await turn.next(); }
 * } finally {
 *   turn.close();
 * }
 * ```
 */
export class EventLoopTurn {
  #channel = new MessageChannel();
  #waiting: (() => void)[] = [];

  constructor() {
    this.#channel.port1.onmessage = () => this.#waiting.shift()?.();
  }

  /** Resolves after the event loop has had one turn. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#channel.port2.postMessage(0);
    });
  }

  /** Release the channel (pending turns resolve at once). */
  close(): void {
    for (const resolve of this.#waiting.splice(0)) resolve();
    this.#channel.port1.close();
    this.#channel.port2.close();
  }
}
