/**
 * How `echolab check` shows results to a person: one line per check, and
 * for a failure the chapter's explanation, what to change, and the last
 * lines the server printed.
 *
 * @module
 */

import { lookup } from "../explain/catalogue.ts";
import type { Lang } from "../lang.ts";
import { wrapColumns as wrap } from "../term/text_width.ts";
import type { TextOut } from "../term/output.ts";
import { paint } from "../term/style.ts";
import type { CheckResult } from "./run.ts";

const _WORDS: Record<Lang, Record<string, string>> = {
  en: {
    pass: "PASS",
    fail: "FAIL",
    why: "why: ",
    fix: "change: ",
    said: "your server's last output:",
    header:
      "echolab check: each check starts your server afresh on a free port (ECHOLAB_PORT, {port})",
    more:
      "echolab explain check-NAME tells more about a check (NAME is the check's name, e.g. echolab explain check-sigterm).",
  },
  zh: {
    pass: "通过",
    fail: "失败",
    why: "原因：",
    fix: "修改：",
    said: "你的服务器最后的输出：",
    header: "echolab check：每项检查都在一个空闲端口上重新启动你的服务器（ECHOLAB_PORT、{port}）",
    more:
      "echolab explain check-NAME 可查看某项检查的详细说明（NAME 为检查名，例如 echolab explain check-sigterm）。",
  },
};

/**
 * Prints check results as they come, then a summary.
 *
 * @example
 * ```ts
 * const r = new CheckRenderer(memoryOut(), "en");
 * r.start(["./server"]);
 * r.result(result);
 * r.summary(results);
 * ```
 */
export class CheckRenderer {
  #out: TextOut;
  #lang: Lang;
  #width: number;

  /** Render to `out` in `lang`. */
  constructor(out: TextOut, lang: Lang) {
    this.#out = out;
    this.#lang = lang;
    this.#width = out.columns ?? 100;
  }

  /** The heading: which command is graded. */
  start(command: string[]): void {
    const w = _WORDS[this.#lang];
    this.#out.line(paint(this.#out.color, "bold", `${w.header}`));
    this.#out.line(`  $ ${command.join(" ")}`);
    this.#out.line("");
  }

  /** One check's result. */
  result(r: CheckResult): void {
    const c = this.#out.color;
    const w = _WORDS[this.#lang];
    const mark = r.status === "pass"
      ? paint(c, ["green", "bold"], w.pass)
      : paint(c, ["red", "bold"], w.fail);
    const lines = wrap(r.observed[this.#lang], this.#width, " ".repeat(28));
    lines[0] = `  ${mark}  ${r.name.padEnd(20)}${lines[0].trimStart()}`;
    for (const line of lines) this.#out.line(line);
    if (r.status === "pass") return;
    const entry = lookup(r.topic);
    const indent = " ".repeat(8);
    if (entry) {
      this.#out.line(
        `${indent}${paint(c, "yellow", `§${entry.section} ${entry.title[this.#lang]}`)}`,
      );
      this.#paragraph(`${w.why}${entry.text[this.#lang]}`, indent);
      if (entry.fix) this.#paragraph(`${w.fix}${entry.fix[this.#lang]}`, indent);
    }
    if (r.output) {
      this.#out.line(`${indent}${paint(c, "dim", w.said)}`);
      for (const line of r.output.split("\n").slice(-6)) {
        this.#out.line(`${indent}  ${paint(c, "dim", `| ${line}`)}`);
      }
    }
    this.#out.line("");
  }

  /** The closing line: how many passed. */
  summary(results: CheckResult[]): void {
    const passed = results.filter((r) => r.status === "pass").length;
    const c = this.#out.color;
    const all = passed === results.length;
    const text = this.#lang === "zh"
      ? `${results.length} 项检查中通过 ${passed} 项。`
      : results.length === 1
      ? `${passed} of 1 check passed.`
      : `${passed} of ${results.length} checks passed.`;
    if (results.at(-1)?.status === "pass") this.#out.line(""); // a failure already ends with one
    this.#out.line(paint(c, all ? ["green", "bold"] : ["red", "bold"], text));
    if (!all) this.#out.line(paint(c, "dim", _WORDS[this.#lang].more));
  }

  #paragraph(text: string, indent: string): void {
    for (const line of wrap(text, this.#width, indent)) {
      this.#out.line(paint(this.#out.color, "dim", line));
    }
  }
}
