/**
 * Run one scenario while capturing its packets on `lo`: bring `lo` up (it
 * starts down in a fresh `unshare -rn` namespace), open the packet socket
 * (or report `capture-skipped` with the reason), run, stop the capture after
 * the scenario's teardown, and hand back every event of the run so the
 * caller can draw the sequence diagram. A lab scenario captures inside the
 * lab instead (on the client host's interface): it is only asked to.
 *
 * @module
 */

import { captureOrSkip } from "../capture/capture_or_skip.ts";
import { linkUp } from "../capture/link_up.ts";
import { SysError } from "../errors.ts";
import type { EchoEvent, EventBus } from "../events.ts";
import type { Lang } from "../lang.ts";
import { isLabScenario } from "./lab_scenario.ts";
import { runScenario, type ScenarioResult } from "./runner.ts";
import type { Scenario } from "./scenario.ts";

/** Options for {@link runCaptured}. */
export interface CapturedRunOptions {
  /** Also write the captured packets to this pcap file. */
  pcap?: string;
  /** Why capture cannot run at all (emitted as `capture-skipped`, the scenario runs without). */
  skipReason?: string;
  /** `--states` too (passed on to a scenario that reads its tables itself). */
  states?: boolean;
}

/** A scenario result plus every event published during the run. */
export interface CapturedRun extends ScenarioResult {
  /** Events of the run, in bus order (packets carry kernel timestamps in `t`). */
  events: EchoEvent[];
}

/**
 * Run `scenario` with a capture on `lo` around it.
 *
 * @example
 * ```ts
 * const { verdict, events } = await runCaptured(serverKilled, bus, "en", signal, {});
 * renderSequenceDiagram(events, { color: false, lang: "en" });
 * ```
 */
export async function runCaptured(
  scenario: Scenario,
  bus: EventBus,
  lang: Lang,
  interrupt: AbortSignal,
  opts: CapturedRunOptions,
): Promise<CapturedRun> {
  const events: EchoEvent[] = [];
  const unsubscribe = bus.subscribe((e) => void events.push(e));
  try {
    if (isLabScenario(scenario)) {
      const result = await runScenario(scenario, bus, lang, interrupt, {
        capture: { pcap: opts.pcap },
        states: opts.states,
      });
      return { ...result, events };
    }
    let skipped = opts.skipReason;
    if (!skipped) {
      try {
        linkUp("lo");
      } catch (err) {
        if (!(err instanceof SysError)) throw err;
        skipped = `cannot bring lo up: ${err.op}: ${err.errno}`;
      }
    }
    if (skipped) {
      bus.emit("kernel", "capture-skipped", { topic: "capture-skipped", reason: skipped });
    }
    const attempt = skipped ? undefined : captureOrSkip({ bus, iface: "lo", pcap: opts.pcap });
    let result: ScenarioResult;
    try {
      result = await runScenario(scenario, bus, lang, interrupt);
    } finally {
      const stats = await attempt?.capture?.stop();
      if (stats) bus.emit("kernel", "capture-stats", { ...stats, pcap: opts.pcap });
    }
    return { ...result, events };
  } finally {
    unsubscribe();
  }
}
