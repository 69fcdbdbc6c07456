/**
 * The workshop's verify rules: how `echolab workshop verify N` judges each
 * kind of exercise ({@link VerifySpec}) — always against something observed
 * (the live TCP table, /proc, a run of `echolab check` or of a chaos
 * scenario), never against text. The command (lib/commands/workshop.ts) saves
 * progress and prints the verdict.
 *
 * @module
 */

import { grade } from "../check/grade.ts";
import { CHECKS } from "../check/mod.ts";
import { UsageError } from "../errors.ts";
import type { Lang } from "../lang.ts";
import type { TextOut } from "../term/output.ts";
import type { Exercise } from "./exercises.ts";
import {
  type Verdict,
  verifyCloseWait,
  verifyEstablished,
  verifyTimeWait,
  verifyZombieCount,
} from "./live.ts";
import { parseRouterAnswer, verifyRouterAnswer } from "./router_answer.ts";
import { verifyScenarioAnswer } from "./scenario.ts";

/** What one `verify` needs. */
export interface VerifyRequest {
  /** The exercise to verify. */
  exercise: Exercise;
  /** The learner's `--answer`, if given. */
  answer?: string;
  /** The port the learner's experiment uses (exercises on the live TCP table). */
  port: number;
  /** Bound for each network wait of the checks, ms. */
  waitMs: number;
  /** The server command given after `--` this time (may be empty). */
  command: string[];
  /** The command saved by an earlier verify, if any. */
  savedCommand?: string[];
  /** NDJSON output for the checks' own events. */
  json: boolean;
  /** Language. */
  lang: Lang;
  /** Where the checks print. */
  out: TextOut;
}

/** What a verify came to: a verdict (and a command to save), or the signal that interrupted it. */
export type VerifyOutcome =
  | { verdict: Verdict; saveCommand?: string[] }
  | { interrupted: Deno.Signal };

/**
 * Judge exercise `req.exercise` by its rule. Bad input (an answer where none
 * is taken, a missing command) throws a {@link UsageError}.
 *
 * @example
 * ```ts
 * const outcome = await verifyExercise({ exercise: findExercise("4")!, answer: "3", port: 9877,
 *   waitMs: 3000, command: [], json: false, lang: "en", out });
 * ```
 */
export async function verifyExercise(req: VerifyRequest): Promise<VerifyOutcome> {
  const { exercise } = req;
  const spec = exercise.verify;
  const takesAnswer = spec.kind === "zombie-count" || spec.kind === "scenario" ||
    spec.kind === "router";
  if (req.answer !== undefined && !takesAnswer) {
    throw new UsageError({
      en: `exercise ${exercise.n} takes no --answer: it is verified by what echolab observes`,
      zh: `练习 ${exercise.n} 不接受 --answer：它由 echolab 实际观察到的情况来检验`,
    }, "workshop");
  }
  if (req.command.length > 0 && spec.kind !== "check") {
    throw new UsageError({
      en: `exercise ${exercise.n} takes no server command after --`,
      zh: `练习 ${exercise.n} 不接受 -- 之后的服务器命令`,
    }, "workshop");
  }
  switch (spec.kind) {
    case "established":
      return { verdict: verifyEstablished(req.port) };
    case "time-wait":
      return { verdict: verifyTimeWait(req.port) };
    case "close-wait":
      return { verdict: verifyCloseWait(req.port) };
    case "zombie-count":
      return { verdict: verifyZombieCount(req.port, _zombieAnswer(exercise, req.answer)) };
    case "scenario":
      return {
        verdict: await verifyScenarioAnswer(spec.scenario, _errnoAnswer(exercise, req.answer)),
      };
    case "router":
      return {
        verdict: await verifyRouterAnswer(
          spec.scenario,
          parseRouterAnswer(exercise.n, req.answer),
        ),
      };
    case "check":
      return await _verifyChecks(req, spec.checks);
  }
}

function _zombieAnswer(exercise: Exercise, answer: string | undefined): number {
  if (answer !== undefined && !/^\d+$/.test(answer.trim())) {
    throw new UsageError({
      en:
        `--answer '${answer}' is not a number: give the count of zombies you saw (e.g. --answer 3)`,
      zh: `--answer '${answer}' 不是数字：请给出你数出的僵尸进程个数（例如 --answer 3）`,
    }, "workshop");
  }
  if (answer === undefined) {
    throw new UsageError({
      en: `verify ${exercise.n} needs --answer N: the number of zombies you counted`,
      zh: `verify ${exercise.n} 需要 --answer N：你数出的僵尸进程个数`,
    }, "workshop");
  }
  return Number(answer.trim());
}

function _errnoAnswer(exercise: Exercise, answer: string | undefined): string {
  if (answer !== undefined && !/^E[A-Z]+$/i.test(answer.trim())) {
    throw new UsageError({
      en:
        `--answer '${answer}' is not an errno name: give the error the client got, e.g. ETIMEDOUT`,
      zh: `--answer '${answer}' 不是 errno 名：请给出客户得到的错误名，例如 ETIMEDOUT`,
    }, "workshop");
  }
  if (answer === undefined) {
    throw new UsageError({
      en:
        `verify ${exercise.n} needs --answer ERRNO: the error name the client got (e.g. ETIMEDOUT)`,
      zh: `verify ${exercise.n} 需要 --answer ERRNO：客户得到的错误名（例如 ETIMEDOUT）`,
    }, "workshop");
  }
  return answer;
}

async function _verifyChecks(req: VerifyRequest, names: readonly string[]): Promise<VerifyOutcome> {
  const { exercise } = req;
  const command = req.command.length > 0 ? req.command : req.savedCommand ?? [];
  if (command.length === 0) {
    throw new UsageError({
      en:
        `verify ${exercise.n} needs your server's command once: echolab workshop verify ${exercise.n} -- ./myserver {port}`,
      zh:
        `verify ${exercise.n} 需要你的服务器命令（只需给一次）：echolab workshop verify ${exercise.n} -- ./myserver {port}`,
    }, "workshop");
  }
  const checks = CHECKS.filter((c) => names.includes(c.name));
  const { results, interrupted } = await grade({
    command,
    checks,
    waitMs: req.waitMs,
    readyMs: 15_000,
    json: req.json,
    lang: req.lang,
    out: req.out,
  });
  if (interrupted) return { interrupted };
  const failed = results.filter((r) => r.status === "fail").map((r) => r.name);
  const verdict: Verdict = failed.length === 0
    ? {
      status: "pass",
      observed: {
        en: `${checks.map((c) => c.name).join(", ")}: passed`,
        zh: `${checks.map((c) => c.name).join("、")}：通过`,
      },
    }
    : {
      status: "fail",
      observed: {
        en: `failed: ${failed.join(", ")} (see above)`,
        zh: `未通过：${failed.join("、")}（见上文）`,
      },
    };
  return { verdict, saveCommand: req.command.length > 0 ? req.command : undefined };
}
