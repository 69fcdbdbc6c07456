/**
 * Run checks with their output (human or NDJSON) and Ctrl-C handling:
 * what `echolab check` and `echolab workshop verify` share.
 *
 * @module
 */

import { EventBus } from "../events.ts";
import type { Lang } from "../lang.ts";
import type { TextOut } from "../term/output.ts";
import { CheckRenderer } from "./render.ts";
import { type CheckResult, runChecks } from "./run.ts";
import type { Check } from "./types.ts";

/** Options shared with `echolab workshop verify`. */
export interface GradeOptions {
  /** The learner's command and arguments. */
  command: string[];
  /** Which checks. */
  checks: readonly Check[];
  /** Network wait bound (ms). */
  waitMs: number;
  /** Server start bound (ms). */
  readyMs: number;
  /** NDJSON instead of text. */
  json: boolean;
  /** Language. */
  lang: Lang;
  /** Where results go. */
  out: TextOut;
}

/**
 * Run checks with output and Ctrl-C handling; resolves to the results, or
 * to the signal that interrupted the run.
 *
 * @example
 * ```ts
 * const r = await grade({ command: ["./a.out"], checks: CHECKS, waitMs: 3000, readyMs: 15000, json: false, lang: "en", out });
 * ```
 */
export async function grade(
  opts: GradeOptions,
): Promise<{ results: CheckResult[]; interrupted?: "SIGINT" | "SIGTERM" }> {
  const [cmd, ...args] = opts.command;
  const bus = new EventBus([(e) => opts.out.line(JSON.stringify(e))]);
  const human = opts.json ? undefined : new CheckRenderer(opts.out, opts.lang);
  if (opts.json) {
    bus.emit("check", "check-run", {
      command: opts.command,
      checks: opts.checks.map((c) => c.name),
    });
  } else human!.start(opts.command);

  const abort = new AbortController();
  let interrupted: "SIGINT" | "SIGTERM" | undefined;
  const on = (signal: "SIGINT" | "SIGTERM") => () => {
    interrupted ??= signal;
    abort.abort();
  };
  const onInt = on("SIGINT");
  const onTerm = on("SIGTERM");
  Deno.addSignalListener("SIGINT", onInt);
  Deno.addSignalListener("SIGTERM", onTerm);
  let results: CheckResult[];
  try {
    results = await runChecks({
      command: { cmd, args },
      checks: opts.checks,
      waitMs: opts.waitMs,
      settleMs: Math.max(1000, opts.waitMs / 3),
      readyMs: opts.readyMs,
      signal: abort.signal,
      onResult: (r) => {
        if (human) human.result(r);
        else {
          bus.emit("check", "check", {
            ...r.data,
            ...(r.output !== undefined ? { output: r.output } : {}),
            name: r.name,
            status: r.status,
            section: r.section,
            topic: r.topic,
            observed: r.observed[opts.lang],
          });
        }
      },
    });
  } finally {
    Deno.removeSignalListener("SIGINT", onInt);
    Deno.removeSignalListener("SIGTERM", onTerm);
  }
  if (interrupted) return { results, interrupted };
  const passed = results.filter((r) => r.status === "pass").length;
  if (human) human.summary(results);
  else bus.emit("check", "check-summary", { passed, failed: results.length - passed });
  return { results };
}
