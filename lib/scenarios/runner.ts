/**
 * Runs one scenario: checks it can run here, bounds its time, and always
 * tears down what it set up — on success, failure, Ctrl-C or SIGTERM.
 *
 * @module
 */

import { messageOf } from "../sys/errno.ts";
import type { EventBus, Verdict } from "../events.ts";
import type { Lang } from "../lang.ts";
import type { Scenario, ScenarioContext, ScenarioEvidence } from "./scenario.ts";

/** A finished scenario run. */
export interface ScenarioResult {
  /** The verdict (skipped and error verdicts carry their reason in `note`). */
  verdict: Verdict;
  /** Wall time in ms. */
  ms: number;
}

const _TEARDOWN_STEP_MS = 3000;

async function _bounded(step: () => void | Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      Promise.resolve().then(step),
      new Promise<void>((resolve) => timer = setTimeout(resolve, ms)),
    ]);
  } catch {
    // a teardown step that fails must not stop the others
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Run `scenario` with events on `bus`; `interrupt` aborts it (Ctrl-C).
 *
 * @example
 * ```ts
 * const { verdict } = await runScenario(serverKilled, bus, "en", new AbortController().signal);
 * ```
 */
export async function runScenario(
  scenario: Scenario,
  bus: EventBus,
  lang: Lang,
  interrupt: AbortSignal,
  evidence: ScenarioEvidence = {},
): Promise<ScenarioResult> {
  const start = performance.now();
  const done = (verdict: Verdict) => ({ verdict, ms: Math.round(performance.now() - start) });
  const base = { scenario: scenario.name, book: "", observed: "" };

  const reason = await scenario.unsupported?.(lang);
  if (reason) return done({ ...base, status: "skipped", note: reason });

  const controller = new AbortController();
  const limit = scenario.timeoutMs ?? 10_000;
  const timer = setTimeout(
    () => controller.abort(new Error(`scenario overran its ${limit} ms bound`)),
    limit,
  );
  const onInterrupt = () => controller.abort(new Error("interrupted"));
  interrupt.addEventListener("abort", onInterrupt, { once: true });
  const steps: (() => void | Promise<void>)[] = [];
  const ctx: ScenarioContext = {
    bus,
    lang,
    signal: controller.signal,
    defer: (step) => void steps.push(step),
    t: (text) => text[lang],
    capture: evidence.capture,
    states: evidence.states,
  };
  bus.emit("scenario", "scenario-start", { scenario: scenario.name, section: scenario.section });

  let verdict: Verdict;
  try {
    const aborted = new Promise<never>((_, reject) => {
      if (controller.signal.aborted) reject(controller.signal.reason);
      controller.signal.addEventListener("abort", () => reject(controller.signal.reason), {
        once: true,
      });
    });
    verdict = await Promise.race([scenario.run(ctx), aborted]);
  } catch (err) {
    const message = messageOf(err);
    verdict = { ...base, status: "error", note: message };
  } finally {
    clearTimeout(timer);
    interrupt.removeEventListener("abort", onInterrupt);
    // What follows is teardown, not the experiment: the default view folds it to one line.
    bus.emit("scenario", "scenario-cleanup", { scenario: scenario.name });
    for (const step of steps.reverse()) await _bounded(step, _TEARDOWN_STEP_MS);
  }
  return done(verdict);
}
