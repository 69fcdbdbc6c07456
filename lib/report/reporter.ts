/**
 * The reporter a command writes to: NDJSON on stdout with `--json`, the
 * annotated human form otherwise.
 *
 * @module
 */

import { type EchoEvent, EventBus, type Verdict } from "../events.ts";
import type { Lang } from "../lang.ts";
import type { Snapshot } from "../proc/snapshot.ts";
import { HumanRenderer } from "./human.ts";
import type { TextOut } from "../term/output.ts";
import { showStates } from "./states_view.ts";

/** Receives events and verdicts and shows them. */
export interface Reporter {
  /** Show one event. */
  event(e: EchoEvent): void;
  /** Show a scenario verdict (NDJSON: `{"kind":"verdict",…}`). */
  verdict(v: Verdict, t: number): void;
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
    return {
      event: (e) => opts.stdout.line(JSON.stringify(e)),
      verdict: (v, t) =>
        opts.stdout.line(JSON.stringify({ t, actor: "scenario", kind: "verdict", ...v })),
    };
  }
  const human = new HumanRenderer(opts.human, { lang: opts.lang });
  return {
    // Tables read somewhere else (inside the lab) arrive as `states` events: show them as tables.
    event: (e) => _isSnapshot(e) ? void showStates(opts.human, e, opts.lang) : human.render(e),
    verdict: (v) => human.verdict(v),
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
  const reporter = createReporter(opts);
  return { reporter, bus: new EventBus([(e) => reporter.event(e)]) };
}

function _isSnapshot(e: EchoEvent): e is EchoEvent & Snapshot {
  return e.kind === "states" && Array.isArray(e.sockets) && Array.isArray(e.processes);
}
