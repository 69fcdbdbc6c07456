/**
 * The shape of one check of `echolab check`: one file per check in
 * lib/check/, each a lesson of chapter 5 turned into a test of the
 * learner's server.
 *
 * @module
 */

import type { Bilingual } from "../lang.ts";
import type { LearnerServer } from "./server.ts";

/** What a check gets: a freshly started server and the time bounds. */
export interface CheckContext {
  /** The learner's server, started for this check alone. */
  server: LearnerServer;
  /** The port it listens on (127.0.0.1): the one it was offered, or its own. */
  port: number;
  /** Bound for anything that crosses the network (an echo, a connect), in ms. */
  waitMs: number;
  /** Bound for things that take microseconds when right (a handler reaping), in ms. */
  settleMs: number;
}

/** A check's result. */
export interface CheckOutcome {
  /** Did the server behave as the chapter says a correct server must? */
  status: "pass" | "fail";
  /** What was observed, in both languages. */
  observed: Bilingual;
  /** Observed values for --json (pids, counts, errno names). */
  data?: Record<string, unknown>;
}

/** One check. */
export interface Check {
  /** Name used by --only and in --json. */
  name: string;
  /** Catalogue entry with the chapter's explanation and what to change. */
  topic: string;
  /** Beyond the book: good practice the chapter does not ask for; never fails the chapter. */
  beyond?: boolean;
  /** Run against `ctx.server`; may throw CheckProblem for an early failure. */
  run(ctx: CheckContext): Promise<CheckOutcome>;
}
