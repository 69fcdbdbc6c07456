/**
 * The reporter a command writes to: NDJSON on stdout with `--json`, the
 * annotated human form otherwise.
 *
 * @module
 */

import { type EchoEvent, EventBus, type Verdict } from "../events.ts";
import type { Lang } from "../lang.ts";
import type { Snapshot } from "../proc/snapshot.ts";
import { CompactRenderer } from "./compact.ts";
import { HumanRenderer } from "./human.ts";
import type { TextOut } from "../term/output.ts";
import { showStates } from "./states_view.ts";
import { TimeOrder } from "./time_order.ts";

/** Receives events and verdicts and shows them. */
export interface Reporter {
  /** Show one event. */
  event(e: EchoEvent): void;
  /** Show a scenario verdict (NDJSON: `{"kind":"verdict",…}`); prints what is held first. */
  verdict(v: Verdict, t: number): void;
  /** Print every event still held (reordering, folding) — before anything else is written. */
  flush(): void;
}

/** How to build a reporter. */
export interface ReporterOptions {
  /** NDJSON instead of human lines. */
  json: boolean;
  /** Explanation language. */
  lang: Lang;
  /** Where NDJSON goes (always stdout). */
  stdout: TextOut;
  /** Where human lines go (stdout for serve/chaos, stderr for connect). */
  human: TextOut;
  /**
   * `-v`: every event with its full explanation the first time (the default
   * is the short view: one line per event, a gloss, setup and cleanup folded).
   */
  verbose?: boolean;
  /**
   * How long (ms) events wait to be put in time order before they are shown
   * (packets and relayed lab events reach the bus a little late); 0 shows
   * each at once. Used by {@link reportingBus}.
   */
  holdMs?: number;
  /**
   * Which events the human view shows (all when absent); `--json` always
   * carries every event. Used by {@link reportingBus}.
   */
  shows?: (e: EchoEvent) => boolean;
  /**
   * The clock's zero as a `performance.now()` value (default: now): panes of
   * the by-hand lab share the lab's. Used by {@link reportingBus}.
   */
  start?: number;
}

/**
 * Build the reporter for `--json` or human output.
 *
 * @example
 * ```ts
 * const r = createReporter({ json: true, lang: "en", stdout: memoryOut(), human: memoryOut() });
 * r.event({ t: 0, actor: "server", kind: "listening", port: 1 });
 * ```
 */
export function createReporter(opts: ReporterOptions): Reporter {
  if (opts.json) {
    let last = -Infinity;
    return {
      event: (e) => {
        // `t` never decreases: an event that could not be put in its place
        // (later than the hold) keeps its own time as `happened`.
        const out = e.t < last ? { ...e, t: last, happened: e.t } : e;
        last = Math.max(last, e.t);
        opts.stdout.line(JSON.stringify(out));
      },
      verdict: (v, t) => {
        last = Math.max(last, t);
        opts.stdout.line(JSON.stringify({ t: last, actor: "scenario", kind: "verdict", ...v }));
      },
      flush: () => {},
    };
  }
  const tables = (e: EchoEvent) => _isSnapshot(e) && void showStates(opts.human, e, opts.lang);
  if (opts.verbose) {
    const human = new HumanRenderer(opts.human, { lang: opts.lang });
    return {
      // Tables read somewhere else (inside the lab) arrive as `states` events: show them as tables.
      event: (e) => _isSnapshot(e) ? tables(e) : human.render(e),
      verdict: (v) => human.verdict(v),
      flush: () => {},
    };
  }
  const compact = new CompactRenderer(opts.human, { lang: opts.lang });
  compact.onStates = tables;
  const human = new HumanRenderer(opts.human, { lang: opts.lang });
  return {
    event: (e) => compact.render(e),
    verdict: (v) => {
      compact.flush();
      // The default view: each part of the verdict cut to a few rows (-v: in full).
      human.verdict(v, { brief: true });
    },
    flush: () => compact.flush(),
  };
}

/**
 * A reporter and the event bus that feeds it: every event emitted on the bus
 * is shown; verdicts go to the reporter directly.
 *
 * @example
 * ```ts
 * const { reporter, bus } = reportingBus({ json: false, lang: "en", stdout: out, human: out });
 * bus.emit("server", "listening", { port: 9877 });
 * ```
 */
export function reportingBus(opts: ReporterOptions): { reporter: Reporter; bus: EventBus } {
  const inner = createReporter(opts);
  const bus = new EventBus([], opts.start ?? performance.now());
  const shows = opts.json ? undefined : opts.shows;
  const order = new TimeOrder((e) => (shows && !shows(e) ? undefined : inner.event(e)), {
    holdMs: opts.holdMs ?? 0,
    now: () => bus.now(),
  });
  bus.subscribe((e) => order.push(e));
  const reporter: Reporter = {
    event: (e) => order.push(e),
    verdict: (v, t) => {
      order.flush();
      inner.verdict(v, t);
    },
    flush: () => {
      order.flush();
      inner.flush();
    },
  };
  // Whatever is still held is printed when the process ends (main.ts exits through Deno.exit).
  globalThis.addEventListener("unload", () => reporter.flush());
  return { reporter, bus };
}

function _isSnapshot(e: EchoEvent): e is EchoEvent & Snapshot {
  return e.kind === "states" && Array.isArray(e.sockets) && Array.isArray(e.processes);
}
