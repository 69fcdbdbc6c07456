/**
 * The loop of `echolab watch`: look at /proc every `intervalMs`, publish
 * what changed as events — `state-change` (a socket), `process-change` (the
 * server or a child), each with its catalogue `topic`, `section`, and the
 * rows `before` and `after` — and hand every look to the screen.
 *
 * @module
 */

import type { EventBus } from "../events.ts";
import { lookup } from "../explain/catalogue.ts";
import { diffSnapshots, processFacts, socketFacts } from "./diff.ts";
import type { Observer } from "./observer.ts";
import type { WatchSnapshot } from "./snapshot.ts";

/** Options for {@link watchLoop}. */
export interface WatchLoopOptions {
  /** Reads /proc. */
  observer: Observer;
  /** Where the events go. */
  bus: EventBus;
  /** Time between looks, ms. */
  intervalMs: number;
  /** Ends the loop. */
  signal: AbortSignal;
  /** Called with every look (the screen redraws from it). */
  onLook?: (snap: WatchSnapshot) => void;
}

const _EMPTY: WatchSnapshot = { sockets: [], processes: [], ports: [] };

// On the first look only the listener and its owner are news; the rest is in the tables.
const _FIRST_LOOK = new Set(["watch-listen", "watch-server"]);

function _sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Publish the changes from `prev` to `next` on `bus` (the first look: only
 * the listener and the server). Returns how many events were published.
 *
 * @example
 * ```ts
 * publishChanges(bus, undefined, observer.look()); // watch-listen, watch-server
 * ```
 */
export function publishChanges(
  bus: EventBus,
  prev: WatchSnapshot | undefined,
  next: WatchSnapshot,
): number {
  let changes = diffSnapshots(prev ?? _EMPTY, next);
  if (!prev) changes = changes.filter((c) => _FIRST_LOOK.has(c.topic));
  for (const c of changes) {
    bus.emit(c.actor, c.subject === "socket" ? "state-change" : "process-change", {
      topic: c.topic,
      section: lookup(c.topic)?.section,
      key: c.key,
      before: c.before ?? null,
      after: c.after ?? null,
      fields: c.fields,
    });
  }
  return changes.length;
}

/**
 * Look, publish, sleep, until `signal` aborts. Emits `watching` with the
 * first look's tables, and `waiting` whenever the port has no socket and no
 * server (once, until something appears).
 *
 * @example
 * ```ts
 * await watchLoop({ observer: new Observer({ port: 9877 }), bus, intervalMs: 500, signal });
 * ```
 */
export async function watchLoop(opts: WatchLoopOptions): Promise<void> {
  let prev: WatchSnapshot | undefined;
  let waiting = false;
  while (!opts.signal.aborted) {
    const snap = opts.observer.look();
    if (!prev) {
      opts.bus.emit("kernel", "watching", {
        topic: "watch",
        ports: snap.ports,
        server: snap.server ?? null,
        sockets: snap.sockets.map(socketFacts),
        processes: snap.processes.map(processFacts),
      });
    }
    publishChanges(opts.bus, prev, snap);
    const empty = snap.sockets.length === 0 && snap.server === undefined;
    if (empty && !waiting) {
      opts.bus.emit("kernel", "waiting", {
        topic: "watch-waiting",
        ports: snap.ports,
        fields: { port: snap.ports.join(",") || "?" },
      });
    }
    waiting = empty;
    prev = snap;
    opts.onLook?.(snap);
    await _sleep(opts.intervalMs, opts.signal);
  }
}
