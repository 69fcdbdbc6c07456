/**
 * `serve --states` / `connect --states`: turn chosen events (accepted, child
 * exits; connected, EOF, errors) into `states-point` events for the port in
 * use, so {@link statesAtPoints} shows the socket and process tables there.
 *
 * @module
 */

import type { EchoEvent, EventBus, EventSink } from "../events.ts";
import type { Lang } from "../lang.ts";

/** Options for {@link statesOn}. */
export interface StatesOnOptions {
  /** Event kinds after which to look. */
  kinds: string[];
  /** The port to look at; when absent, the port of the first `listening` event. */
  port?: number;
  /** Root of the process tree to show (default this process). */
  root?: number;
  /** Language of the point's label (default English). */
  lang?: Lang;
}

/**
 * A bus sink that emits a `states-point` after each event of `opts.kinds`.
 *
 * @example
 * ```ts
 * bus.subscribe(statesOn(bus, { kinds: ["accepted", "child-exited"] }));
 * bus.subscribe(statesAtPoints(bus, { json, lang, out }));
 * ```
 */
export function statesOn(bus: EventBus, opts: StatesOnOptions): EventSink {
  let port = opts.port;
  const kinds = new Set(opts.kinds);
  return (e: EchoEvent) => {
    if (port === undefined && e.kind === "listening" && typeof e.port === "number") port = e.port;
    if (!kinds.has(e.kind) || port === undefined) return;
    bus.emit("check", "states-point", {
      ports: [port],
      root: opts.root ?? Deno.pid,
      label: opts.lang === "zh" ? `${e.kind} 之后` : `after ${e.kind}`,
      topic: "states-point",
    });
  };
}
