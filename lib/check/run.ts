/**
 * Run checks against the learner's command: a fresh server for each check
 * (so each check teaches one thing) — on a free port, or on the port it
 * insists on (found from its sockets, or named with --port) — its output and
 * system calls kept for the failure report, and the server with all its
 * processes ended after each check — also when the run is interrupted.
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
  /** The server's own system calls that matter (strace), when the check failed. */
  trace?: string[];
  /** Beyond the book: never fails the chapter. */
  beyond?: boolean;
}

/** Something the run found out once, said once (before the results it applies to). */
export interface RunNote {
  /** "port": the server listens on a port of its own. */
  kind: "port";
  /** The port it was offered. */
  offered: number;
  /** The port it listens on. */
  port: number;
  /** What to say. */
  text: Bilingual;
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
  /** The port the server listens on whatever it is offered (`--port N`). */
  port?: number;
  /** Run the server under strace and attach the lines that matter to each failure. */
  trace?: boolean;
  /** Called with what the run finds out once (the server's own port). */
  onNote?: (note: RunNote) => void;
}

/** Lines of strace output kept per failed check. */
const _TRACE_LINES = 200;

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
    ...(check.beyond ? { beyond: true } : {}),
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
  const state: _RunState = { fixedPort: opts.port };
  for (const check of opts.checks) {
    if (opts.signal?.aborted) break;
    let result: CheckResult;
    if (startFailed) {
      result = _result(check, "fail", {
        en: `not run: ${startFailed.en}`,
        zh: `未运行：${startFailed.zh}`,
      }, { run: false });
    } else {
      result = await _runOne(check, opts, state).catch((err) => {
        if (!(err instanceof StartFailure)) throw err;
        startFailed = err.observed;
        return {
          ..._result(check, "fail", err.observed, { started: false }),
          output: err.output,
          ...(opts.trace ? { trace: err.trace } : {}),
        };
      });
    }
    if (opts.signal?.aborted) break;
    results.push(result);
    opts.onResult(result);
  }
  return results;
}

/** What one check teaches the next: the port the server really listens on. */
interface _RunState {
  fixedPort?: number;
}

async function _runOne(check: Check, opts: RunOptions, state: _RunState): Promise<CheckResult> {
  const offered = state.fixedPort ?? freePort();
  const server = await LearnerServer.start(opts.command, offered, opts.readyMs, opts.signal, {
    fixedPort: state.fixedPort,
    trace: opts.trace,
  });
  if (server.port !== offered) {
    // UNP's programs bind SERV_PORT (9877) whatever they are told: grade them there.
    state.fixedPort = server.port;
    opts.onNote?.({
      kind: "port",
      offered,
      port: server.port,
      text: {
        en:
          `your server ignores ECHOLAB_PORT and {port} (it was offered ${offered}): it listens on port ${server.port}, found from its own sockets in /proc — graded there, one server at a time`,
        zh:
          `你的服务器没有使用 ECHOLAB_PORT 和 {port}（提供给它的是 ${offered}）：从 /proc 中它自己的套接字看到它监听端口 ${server.port}——就在该端口检验，一次只运行一个服务器`,
      },
    });
  }
  const stop = () => void server.stop();
  opts.signal?.addEventListener("abort", stop);
  const ctx = { server, port: server.port, waitMs: opts.waitMs, settleMs: opts.settleMs };
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
      result.data.port = server.port;
      if (left > 0) result.data.escaped = left;
      if (result.status === "fail") {
        result.output = server.output();
        if (opts.trace) result.trace = server.traceText().slice(-_TRACE_LINES);
      }
    }
    server.dispose();
  }
  return result;
}
