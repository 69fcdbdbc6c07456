/**
 * `--states`: when a scenario marks a moment the book shows `netstat`/`ps`
 * output (a `states-point` event with its ports and pids), read the socket
 * and process tables from /proc right then and show them — as tables in
 * human mode, as one `{"kind":"states","sockets","processes"}` event in --json.
 *
 * @module
 */

import type { EchoEvent, EventBus, EventSink } from "../events.ts";
import type { Lang } from "../lang.ts";
import { statesSnapshot } from "../proc/snapshot.ts";
import type { TextOut } from "../term/output.ts";
import { showStates } from "./states_view.ts";

/** Where and how {@link statesAtPoints} shows the tables. */
export type StatesPointOptions = {
  /** Emit `states` events instead of printing tables. */
  json: boolean;
  /** Language of the notes. */
  lang: Lang;
  /**
   * Inside the lab: take the points marked `inLab` (its sockets and processes
   * are only visible there). Outside, those points are left to the lab.
   */
  inLab?: boolean;
} & ({ json: true; out?: TextOut } | { json: false; out: TextOut });

function _numbers(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((n): n is number => typeof n === "number") : [];
}

/**
 * A bus sink that snapshots /proc at every `states-point` event.
 *
 * @example
 * ```ts
 * bus.subscribe(statesAtPoints(bus, { json: false, lang: "en", out: textOut(Deno.stdout) }));
 * bus.emit("scenario", "states-point", { ports: [9877], pids: [Deno.pid], label: "after kill" });
 * ```
 */
export function statesAtPoints(bus: EventBus, opts: StatesPointOptions): EventSink {
  return (e: EchoEvent) => {
    if (e.kind !== "states-point" || Boolean(e.inLab) !== Boolean(opts.inLab)) return;
    const snap = statesSnapshot({
      ports: _numbers(e.ports),
      root: typeof e.root === "number" ? e.root : undefined,
      pids: _numbers(e.pids),
    });
    if (opts.json) {
      bus.emit("check", "states", { label: e.label, topic: "states", ...snap });
    } else {
      showStates(opts.out, snap, opts.lang);
    }
  };
}
