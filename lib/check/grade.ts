/**
 * Run checks with their output (human or NDJSON) and Ctrl-C handling:
 * what `echolab check` and `echolab workshop verify` share.
 *
 * @module
 */

import { EventBus } from "../events.ts";
import type { Bilingual, Lang } from "../lang.ts";
import type { TextOut } from "../term/output.ts";
import { isolation } from "./launch.ts";
import { CheckRenderer } from "./render.ts";
import { type CheckResult, runChecks } from "./run.ts";
import { assertRunnable } from "./server.ts";
import { canTrace, NO_TRACE } from "./trace.ts";
import type { Check } from "./types.ts";

/** The signals that end a run after its server is stopped (SIGKILL is the namespace's job). */
type _Stop = "SIGINT" | "SIGTERM" | "SIGHUP";

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
  /** The port the server listens on whatever it is offered (`--port N`). */
  port?: number;
}

/** What a weaker run says once: no PID namespace here. */
function _noNamespace(reason: Bilingual): Bilingual {
  return {
    en:
      `your server runs without a PID namespace of its own (${reason.en}): if echolab is killed (SIGKILL), a process your server moved out of its session (setsid) can outlive it`,
    zh:
      `你的服务器没有在自己的 PID 命名空间中运行（${reason.zh}）：如果 echolab 被杀死（SIGKILL），你的服务器移出其会话（setsid）的进程可能比它活得更久`,
  };
}

/**
 * Did the chapter pass? Only the chapter's checks count: those beyond the
 * book never fail it.
 *
 * @example
 * ```ts
 * const code = chapterPassed(results) ? 0 : 1;
 * ```
 */
export function chapterPassed(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.beyond || r.status === "pass");
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
): Promise<{ results: CheckResult[]; interrupted?: _Stop }> {
  const [cmd, ...args] = opts.command;
  // Bad input before any check runs: a missing or non-executable program is exit 2.
  assertRunnable(cmd);
  const bus = new EventBus([(e) => opts.out.line(JSON.stringify(e))]);
  const human = opts.json ? undefined : new CheckRenderer(opts.out, opts.lang);
  const iso = isolation();
  const trace = canTrace();
  const notes: { kind: string; text: Bilingual }[] = [];
  if (iso.kind === "session") notes.push({ kind: "no-namespace", text: _noNamespace(iso.reason) });
  if (!trace) notes.push({ kind: "no-strace", text: NO_TRACE });
  if (opts.json) {
    bus.emit("check", "check-run", {
      command: opts.command,
      checks: opts.checks.map((c) => c.name),
      isolation: iso.kind,
      trace,
      ...(opts.port !== undefined ? { port: opts.port } : {}),
    });
    for (const n of notes) {
      bus.emit("check", "check-note", { note: n.kind, text: n.text[opts.lang] });
    }
  } else {
    human!.start(opts.command, opts.port, iso.kind === "namespace");
    for (const n of notes) human!.note(n.text);
  }

  const abort = new AbortController();
  let interrupted: _Stop | undefined;
  const on = (signal: _Stop) => () => {
    interrupted ??= signal;
    abort.abort();
  };
  const onInt = on("SIGINT");
  const onTerm = on("SIGTERM");
  const onHup = on("SIGHUP"); // the terminal closed: stop the server first, then end
  Deno.addSignalListener("SIGINT", onInt);
  Deno.addSignalListener("SIGTERM", onTerm);
  Deno.addSignalListener("SIGHUP", onHup);
  let results: CheckResult[];
  try {
    results = await runChecks({
      command: { cmd, args },
      checks: opts.checks,
      waitMs: opts.waitMs,
      settleMs: Math.max(1000, opts.waitMs / 3),
      readyMs: opts.readyMs,
      signal: abort.signal,
      port: opts.port,
      trace,
      onNote: (note) => {
        if (human) human.note(note.text);
        else {
          bus.emit("check", "check-note", {
            note: note.kind,
            offered: note.offered,
            port: note.port,
            text: note.text[opts.lang],
          });
        }
      },
      onResult: (r) => {
        if (human) human.result(r);
        else {
          bus.emit("check", "check", {
            ...r.data,
            ...(r.output !== undefined ? { output: r.output } : {}),
            ...(r.trace !== undefined ? { trace: r.trace } : {}),
            ...(r.beyond ? { beyond: true } : {}),
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
    Deno.removeSignalListener("SIGHUP", onHup);
  }
  if (interrupted) return { results, interrupted };
  const chapter = results.filter((r) => !r.beyond);
  const beyond = results.filter((r) => r.beyond);
  const passed = chapter.filter((r) => r.status === "pass").length;
  if (human) human.summary(results);
  else {
    bus.emit("check", "check-summary", {
      passed,
      failed: chapter.length - passed,
      ...(beyond.length > 0
        ? {
          beyond: {
            passed: beyond.filter((r) => r.status === "pass").length,
            failed: beyond.filter((r) => r.status === "fail").length,
          },
        }
        : {}),
    });
  }
  return { results };
}
