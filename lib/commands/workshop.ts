/**
 * `echolab workshop`: chapter 5 as exercises — list, show, hint,
 * verify, reset — with progress saved under the user's config directory.
 *
 * @module
 */

import { parseFlags, parseLang, parsePort, parseSeconds, splitAtDashes } from "../cli/args.ts";
import type { Command } from "../cli/command.ts";
import { UsageError } from "../errors.ts";
import { EventBus } from "../events.ts";
import type { Bilingual, Lang } from "../lang.ts";
import type { TextOut } from "../term/output.ts";
import { paint } from "../term/style.ts";
import { shellStatusFor } from "../sys/signals.ts";
import { type Exercise, exerciseDoc, EXERCISES, findExercise } from "../workshop/exercises.ts";
import { wrapInline, wrapMarkdown } from "../workshop/markdown.ts";
import type { Verdict } from "../workshop/live.ts";
import { loadProgress, type Progress, progressPath, saveProgress } from "../workshop/progress.ts";
import { verifyExercise, type VerifyRequest } from "../workshop/verify.ts";

const HELP: Bilingual = {
  en:
    `echolab workshop — chapter 5, step by step (${EXERCISES.length} exercises, English and Chinese)

Usage: echolab workshop [list]
       echolab workshop show N
       echolab workshop hint N
       echolab workshop verify N [--answer X] [--port P] [-- CMD [ARGS…]]
       echolab workshop reset [N]

  list      the exercises and your progress
  show N    the exercise text: goal, steps, what to observe, questions
  hint N    the next hint for exercise N (one more each time)
  verify N  check the exercise against what this machine shows — never against
            printed text:
              1–3   the TCP table right now (leave serve and connect running)
              4     --answer N: the zombies you counted, against /proc
              5–8, 11, 12  echolab check against your server: -- CMD [ARGS…]
                    (saved, so later exercises can omit it; {port} is replaced)
              9, 10 --answer ERRNO, against a fresh run of the chaos scenario
  reset     forget all progress (or only exercise N)

Options:
  --answer X           your answer (verify 4, 9, 10)
  --port P             the port your experiment uses (verify 1–4; default 9877)
  --timeout SECONDS    bound for each network wait of the checks (default 3)
  --json               NDJSON on stdout
  --lang en|zh         language (default from LANG)
  -h, --help           this help

Progress: $XDG_CONFIG_HOME/echolab/workshop.json (default ~/.config/echolab/).

Examples:
  echolab workshop
  echolab workshop show 1 --lang zh
  echolab workshop verify 4 --answer 3
  echolab workshop verify 12 -- ./myserver {port}
`,
  zh: `echolab workshop — 一步一步学第 5 章（${EXERCISES.length} 个练习，英文和中文）

用法：echolab workshop [list]
      echolab workshop show N
      echolab workshop hint N
      echolab workshop verify N [--answer X] [--port P] [-- CMD [ARGS…]]
      echolab workshop reset [N]

  list      练习列表和你的进度
  show N    练习的内容：目标、步骤、要观察什么、思考题
  hint N    练习 N 的下一条提示（每次多给一条）
  verify N  对照这台机器实际显示的情况检验练习 — 从不对照印好的文字：
              1–3   此刻的 TCP 表（让 serve 和 connect 保持运行）
              4     --answer N：你数出的僵尸进程个数，对照 /proc
              5–8, 11, 12  用 echolab check 检验你的服务器：-- CMD [ARGS…]
                    （会被保存，后面的练习可以省略；{port} 会被替换）
              9, 10 --answer ERRNO，对照重新运行一次的 chaos 场景
  reset     忘掉全部进度（或只忘掉练习 N 的）

选项：
  --answer X           你的答案（verify 4, 9, 10）
  --port P             你的实验所用的端口（verify 1–4；默认 9877）
  --timeout SECONDS    各项检查中每次网络等待的上限（默认 3）
  --json               在标准输出上输出 NDJSON
  --lang en|zh         语言（默认取自 LANG）
  -h, --help           本帮助

进度：$XDG_CONFIG_HOME/echolab/workshop.json（默认 ~/.config/echolab/）。

示例：
  echolab workshop
  echolab workshop show 1 --lang zh
  echolab workshop verify 4 --answer 3
  echolab workshop verify 12 -- ./myserver {port}
`,
};

const _WORDS: Record<Lang, Record<string, string>> = {
  en: {
    title: "echolab workshop — chapter 5, step by step",
    done: "done",
    stop: ". ",
    next: "Next: ",
    allDone: "All exercises done.",
    hintsLeft: "hints: ",
    verify: "Verify:",
    pass: "PASS",
    fail: "NOT YET",
    skipped: "SKIPPED",
    saved: "saved",
    runs: "runs",
    hint: "hint",
    colon: ":",
    noMore: "No more hints for exercise {n}: here are all {total} again.",
    reset: "progress reset",
    resetOne: "progress of exercise",
    forgotten: "forgotten",
    nothing: "no progress saved yet",
    progress: "progress: ",
  },
  zh: {
    title: "echolab workshop —— 第 5 章，一步一步",
    done: "已完成",
    stop: "。",
    next: "下一步：",
    allDone: "全部练习已完成。",
    hintsLeft: "条提示：",
    verify: "验证：",
    pass: "通过",
    fail: "尚未通过",
    skipped: "跳过",
    saved: "已保存",
    runs: "运行",
    hint: "提示",
    colon: "：",
    noMore: "练习 {n} 没有更多提示了：以下是全部 {total} 条。",
    reset: "进度已重置",
    resetOne: "练习",
    forgotten: "的进度已清除",
    nothing: "尚未保存任何进度",
    progress: "进度：",
  },
};

function _exercise(key: string | undefined): Exercise {
  if (key === undefined) {
    throw new UsageError({
      en: `missing exercise number (1–${EXERCISES.length})`,
      zh: `缺少练习编号（1–${EXERCISES.length}）`,
    }, "workshop");
  }
  const exercise = findExercise(key);
  if (!exercise) {
    throw new UsageError({
      en: `unknown exercise '${key}': expected 1–${EXERCISES.length}`,
      zh: `未知练习 '${key}'：应为 1–${EXERCISES.length}`,
    }, "workshop");
  }
  return exercise;
}

function _list(out: TextOut, lang: Lang, json: boolean, progress: Progress, path: string): number {
  const w = _WORDS[lang];
  if (json) {
    for (const e of EXERCISES) {
      out.line(JSON.stringify({
        kind: "exercise",
        n: e.n,
        slug: e.slug,
        title: exerciseDoc(e, lang).title,
        section: e.section,
        verify: e.verify.kind,
        done: progress.done[String(e.n)] ?? null,
      }));
    }
    return 0;
  }
  const c = out.color;
  out.line(paint(c, "bold", w.title));
  out.line("");
  for (const e of EXERCISES) {
    const done = progress.done[String(e.n)] !== undefined;
    const mark = done ? paint(c, "green", "✔") : paint(c, "dim", "·");
    const section = paint(c, "dim", `§${e.section}`.padEnd(10));
    out.line(`  ${mark} ${String(e.n).padStart(2)}  ${section} ${exerciseDoc(e, lang).title}`);
  }
  const count = EXERCISES.filter((e) => progress.done[String(e.n)] !== undefined).length;
  const next = EXERCISES.find((e) => progress.done[String(e.n)] === undefined);
  out.line("");
  out.line(
    `${count}/${EXERCISES.length} ${w.done}${w.stop}${
      next ? `${w.next}echolab workshop show ${next.n}` : w.allDone
    }`,
  );
  out.line(paint(c, "dim", `${w.progress}${path}`));
  return 0;
}

function _show(
  out: TextOut,
  lang: Lang,
  json: boolean,
  exercise: Exercise,
  progress: Progress,
): number {
  const doc = exerciseDoc(exercise, lang);
  const w = _WORDS[lang];
  if (json) {
    out.line(JSON.stringify({
      kind: "exercise",
      n: exercise.n,
      slug: exercise.slug,
      title: doc.title,
      section: exercise.section,
      text: doc.body,
      hints: doc.hints.length,
      done: progress.done[String(exercise.n)] ?? null,
    }));
    return 0;
  }
  const c = out.color;
  // The source's line breaks are for the editor: paragraphs wrap to this terminal.
  for (const line of wrapMarkdown(doc.body.trimEnd(), out.columns ?? 80).split("\n")) {
    out.line(/^#{1,2} /.test(line) ? paint(c, "bold", line) : line);
  }
  out.line("");
  out.line(
    paint(c, "dim", `${doc.hints.length} ${w.hintsLeft}echolab workshop hint ${exercise.n}`),
  );
  return 0;
}

function _hint(
  out: TextOut,
  lang: Lang,
  json: boolean,
  exercise: Exercise,
  progress: Progress,
  path: string,
): number {
  const { hints } = exerciseDoc(exercise, lang);
  const key = String(exercise.n);
  const shown = progress.hints[key] ?? 0;
  // One more hint each time; once all are out, show them all again.
  const indexes = shown < hints.length ? [shown] : hints.map((_, i) => i);
  if (shown < hints.length) {
    progress.hints[key] = shown + 1;
    saveProgress(path, progress);
  }
  const w = _WORDS[lang];
  const again = shown >= hints.length;
  if (again && !json) {
    out.line(
      paint(
        out.color,
        "dim",
        w.noMore.replace("{n}", String(exercise.n)).replace("{total}", String(hints.length)),
      ),
    );
  }
  for (const i of indexes) {
    if (json) {
      out.line(
        JSON.stringify({
          kind: "hint",
          exercise: exercise.n,
          index: i + 1,
          total: hints.length,
          text: hints[i],
          ...(again ? { again: true } : {}),
        }),
      );
    } else {
      // Wrapped to the terminal like the exercise text; the label painted on the first line.
      const label = `${w.hint} ${i + 1}/${hints.length}${w.colon}${lang === "en" ? " " : ""}`;
      const lines = wrapInline(label + hints[i], out.columns ?? 80, "  ");
      lines[0] = paint(out.color, "yellow", label.trimEnd()) +
        lines[0].slice(2 + label.trimEnd().length);
      for (const line of lines) out.line(line);
    }
  }
  return 0;
}

function _reset(
  out: TextOut,
  lang: Lang,
  key: string | undefined,
  path: string,
  json: boolean,
): number {
  const w = _WORDS[lang];
  const say = (text: string, fields: Record<string, unknown>) =>
    out.line(
      json ? JSON.stringify({ kind: "reset", progress: path, ...fields }) : `${text} (${path})`,
    );
  if (key !== undefined) {
    const exercise = _exercise(key);
    const progress = loadProgress(path);
    delete progress.done[String(exercise.n)];
    delete progress.hints[String(exercise.n)];
    saveProgress(path, progress);
    say(`${w.resetOne} ${exercise.n} ${w.forgotten}`, { exercise: exercise.n });
    return 0;
  }
  try {
    Deno.removeSync(path);
    say(w.reset, { all: true });
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    say(w.nothing, { all: true, existed: false });
  }
  return 0;
}

interface _VerifyInput {
  request: VerifyRequest;
  progress: Progress;
  path: string;
}

async function _verify(input: _VerifyInput): Promise<number> {
  const { progress, path } = input;
  const { exercise, lang, json, out } = input.request;
  const outcome = await verifyExercise({ ...input.request, savedCommand: progress.command });
  if ("interrupted" in outcome) return shellStatusFor(outcome.interrupted);
  const { verdict, saveCommand } = outcome;
  if (saveCommand) {
    progress.command = saveCommand;
    saveProgress(path, progress);
  }
  if (verdict.status === "pass") {
    progress.done[String(exercise.n)] ??= new Date().toISOString();
    saveProgress(path, progress);
  }
  _report(out, lang, json, exercise, verdict, progress);
  return verdict.status === "pass" ? 0 : 1;
}

function _report(
  out: TextOut,
  lang: Lang,
  json: boolean,
  exercise: Exercise,
  verdict: Verdict,
  progress: Progress,
): void {
  if (json) {
    const bus = new EventBus([(e) => out.line(JSON.stringify(e))]);
    bus.emit("check", "verify", {
      ...verdict.data,
      exercise: exercise.n,
      status: verdict.status,
      observed: verdict.observed[lang],
    });
    return;
  }
  const w = _WORDS[lang];
  const c = out.color;
  const mark = verdict.status === "pass"
    ? paint(c, ["green", "bold"], w.pass)
    : verdict.status === "fail"
    ? paint(c, ["red", "bold"], w.fail)
    : paint(c, ["yellow", "bold"], w.skipped);
  out.line("");
  out.line(`${mark}  ${exercise.n}. ${exerciseDoc(exercise, lang).title}`);
  out.line(`  ${verdict.observed[lang]}`);
  if (verdict.status === "pass") {
    // The next exercise not done yet (after this one, else from the start), as `list` says.
    const open = (e: Exercise) => progress.done[String(e.n)] === undefined;
    const next = EXERCISES.find((e) => e.n > exercise.n && open(e)) ?? EXERCISES.find(open);
    out.line(
      paint(
        c,
        "dim",
        `  ${w.saved}${w.stop}${next ? `${w.next}echolab workshop show ${next.n}` : w.allDone}`,
      ),
    );
  }
}

/** The `workshop` subcommand. */
export const workshopCommand: Command = {
  name: "workshop",
  summary: {
    en: `the chapter as ${EXERCISES.length} exercises: list, show, hint, verify, reset`,
    zh: `把本章做成 ${EXERCISES.length} 个练习：list、show、hint、verify、reset`,
  },
  help: HELP,
  async run(argv, ctx) {
    const { own, command, dashed } = splitAtDashes(argv);
    const { values, positionals } = parseFlags("workshop", own, {
      answer: { type: "string" },
      port: { type: "string" },
      timeout: { type: "string" },
    }, 2);
    const lang = parseLang(values.lang, "workshop");
    const [action = "list", key] = positionals;
    if (dashed && action !== "verify") {
      throw new UsageError({
        en: "a server command after -- is only for 'verify'",
        zh: "-- 之后的服务器命令只用于 'verify'",
      }, "workshop");
    }
    const path = progressPath();
    // A corrupted progress file is named and set right, never fatal.
    const load = () => loadProgress(path, (m) => ctx.stderr.line(`echolab: ${m[lang]}`));
    switch (action) {
      case "list":
        if (key !== undefined) {
          throw new UsageError(
            { en: `unexpected argument '${key}'`, zh: `多余的参数 '${key}'` },
            "workshop",
          );
        }
        return _list(ctx.stdout, lang, values.json, load(), path);
      case "show":
        return _show(ctx.stdout, lang, values.json, _exercise(key), load());
      case "hint":
        return _hint(ctx.stdout, lang, values.json, _exercise(key), load(), path);
      case "reset":
        return _reset(ctx.stdout, lang, key, path, values.json);
      case "verify":
        return await _verify({
          request: {
            exercise: _exercise(key),
            answer: values.answer,
            port: parsePort(values.port, "workshop", 9877, 1),
            waitMs: (parseSeconds(values.timeout, "--timeout", "workshop") ?? 3) * 1000,
            command,
            json: values.json,
            lang,
            out: ctx.stdout,
          },
          progress: load(),
          path,
        });
      default:
        throw new UsageError({
          en: `unknown action '${action}': expected list, show, hint, verify or reset`,
          zh: `未知动作 '${action}'：应为 list、show、hint、verify 或 reset`,
        }, "workshop");
    }
  },
};
