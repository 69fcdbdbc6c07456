/**
 * The contract every chaos scenario follows: setup → act → observe → verdict.
 * One scenario per file in this folder; registry.ts lists them.
 *
 * @module
 */

import type { EventBus, Verdict } from "../events.ts";
import type { Bilingual, Lang } from "../lang.ts";

/** What a scenario gets from the runner. */
export interface ScenarioContext {
  /** Emit every observation here (actor `scenario`, `server`, `client`, `kernel`, `lab` …). */
  bus: EventBus;
  /** Language for the verdict texts. */
  lang: Lang;
  /** Aborted on Ctrl-C/SIGTERM or when the scenario overruns its time bound. */
  signal: AbortSignal;
  /**
   * Register a teardown step. Steps run last-in-first-out after the scenario
   * ends, fails or is interrupted: kill processes, close sockets, remove namespaces.
   */
  defer(step: () => void | Promise<void>): void;
  /** Pick the text of the run's language. */
  t(text: Bilingual): string;
  /**
   * Set when the user asked for packets (`--diagram`, `--pcap`) and the
   * scenario captures them itself, where its traffic flows (the lab's hosts).
   */
  capture?: ScenarioCapture;
  /**
   * `--states` for a scenario whose processes live elsewhere (the lab's
   * hosts): it reads the tables there itself and publishes `states` events.
   */
  states?: boolean;
}

/** What the user asked to see besides events (`--diagram`/`--pcap`, `--states`). */
export interface ScenarioEvidence {
  /** Packets. */
  capture?: ScenarioCapture;
  /** Socket and process tables at the scenario's `states-point`s. */
  states?: boolean;
}

/** A capture request handed to a scenario that captures its own traffic. */
export interface ScenarioCapture {
  /** Also write the packets to this pcap file (an absolute path). */
  pcap?: string;
}

/** A chapter behaviour, reproduced for real. */
export interface Scenario {
  /** Name typed after `echolab chaos`, e.g. `server-killed`. */
  name: string;
  /** Book section, e.g. `5.12`. */
  section: string;
  /** One line for `chaos list`. */
  title: Bilingual;
  /**
   * The event kinds the scenario's own code emits (the runner adds
   * {@link RUNNER_KINDS} to every run). Each needs a catalogue entry and a
   * summary line: a unit test (lib/scenarios/registry_test.ts) checks that, and
   * the `chaos all` test that a run emits nothing undeclared.
   */
  emits: readonly string[];
  /** Upper bound of the run in ms (the runner aborts past it); default 10 000. */
  timeoutMs?: number;
  /** Why this OS cannot run it (not Linux, no user namespaces …), in `lang`, or undefined when it can. */
  unsupported?(lang: Lang): string | undefined | Promise<string | undefined>;
  /** Run and return the verdict built from what was observed. */
  run(ctx: ScenarioContext): Promise<Verdict>;
}

/**
 * Event kinds the runner and the evidence layers emit around any scenario:
 * its start and verdict, `--states` tables, captured packets.
 *
 * @example
 * ```ts
 * RUNNER_KINDS.includes("packet"); // true
 * ```
 */
export const RUNNER_KINDS: readonly string[] = [
  "scenario-start",
  "verdict",
  "states-point",
  "states",
  "states-none",
  "packet",
  "capture-skipped",
  "capture-stats",
];
