/**
 * Run checks against the learner's command: a fresh server on a free port
 * for each check (so each check teaches one thing), its output kept for
 * the failure report, and the server with all its processes ended after
 * each check — also when the run is interrupted.
 *
 * @module
 */

import { lookup } from "../explain/catalogue.ts";
import type { Bilingual } from "../lang.ts";
import { CheckProblem } from "./client.ts";
import { freePort } from "./port.ts";
import { LearnerServer, type ServerCommand, StartFailure } from "./server.ts";
import { serverDied } from "./steps.ts";
import type { Check } from "./types.ts";

/** The result of one check. */
export interface CheckResult {
  /** Check name. */
  name: string;
  /** Catalogue entry explaining it. */
  topic: string;
  /** Book section. */
  section: string;
  /** pass or fail. */
  status: "pass" | "fail";
  /** What was observed. */
  observed: Bilingual;
  /** Observed values. */
  data: Record<string, unknown>;
  /** The server's last output lines, when the check failed. */
  output?: string;
}

/** How to run the checks. */
export interface RunOptions {
  /** The learner's command. */
  command: ServerCommand;
  /** Which checks, in order. */
  checks: readonly Check[];
  /** Bound for network waits (ms). */
  waitMs: number;
  /** Bound for waits that take microseconds when right (ms). */
  settleMs: number;
  /** Bound for the server to start listening (ms). */
  readyMs: number;
  /** Called with each result as soon as it is known. */
  onResult: (result: CheckResult) => void;
  /** Aborting stops the running server at once and ends the run. */
  signal?: AbortSignal;
}

function _result(
  check: Check,
  status: "pass" | "fail",
  observed: Bilingual,
  data: Record<string, unknown> = {},
): CheckResult {
  return {
    name: check.name,
    topic: check.topic,
    section: lookup(check.topic)?.section ?? "",
    status,
    observed,
    data,
  };
}

/**
 * Run `opts.checks` one after another; resolves to their results (fewer
 * when aborted). Throws UsageError when the command cannot be run at all.
 *
 * @example
 * ```ts
 * const results = await runChecks({ command, checks: CHECKS, waitMs: 3000, settleMs: 1000, readyMs: 15000, onResult: console.log });
 * ```
 */
export async function runChecks(opts: RunOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let startFailed: Bilingual | undefined;
  for (const check of opts.checks) {
    if (opts.signal?.aborted) break;
    let result: CheckResult;
    if (startFailed) {
      result = _result(check, "fail", {
        en: `not run: ${startFailed.en}`,
        zh: `未运行：${startFailed.zh}`,
      }, { run: false });
    } else {
      result = await _runOne(check, opts).catch((err) => {
        if (!(err instanceof StartFailure)) throw err;
        startFailed = err.observed;
        return { ..._result(check, "fail", err.observed, { started: false }), output: err.output };
      });
    }
    if (opts.signal?.aborted) break;
    results.push(result);
    opts.onResult(result);
  }
  return results;
}

async function _runOne(check: Check, opts: RunOptions): Promise<CheckResult> {
  const port = freePort();
  const server = await LearnerServer.start(opts.command, port, opts.readyMs, opts.signal);
  const stop = () => void server.stop();
  opts.signal?.addEventListener("abort", stop);
  const ctx = { server, port, waitMs: opts.waitMs, settleMs: opts.settleMs };
  let result: CheckResult | undefined;
  try {
    if (opts.signal?.aborted) return _result(check, "fail", { en: "interrupted", zh: "被中断" });
    try {
      const outcome = await check.run(ctx);
      result = _result(check, outcome.status, outcome.observed, outcome.data);
    } catch (err) {
      if (!(err instanceof CheckProblem)) throw err;
      let observed = err.observed;
      // A problem seen from outside (refused, EOF) often means the server died: say so.
      const died = await serverDied(ctx);
      if (died && !observed.en.includes(died.en)) {
        observed = { en: `${observed.en}; ${died.en}`, zh: `${observed.zh}；${died.zh}` };
      }
      result = _result(check, "fail", observed);
    }
  } finally {
    opts.signal?.removeEventListener("abort", stop);
    // Always, whatever happened above: nothing the server started outlives its check.
    const left = await server.stop();
    if (result) {
      result.data.pid = server.pid;
      if (left > 0) result.data.escaped = left;
      if (result.status === "fail") result.output = server.output();
    }
  }
  return result;
}
