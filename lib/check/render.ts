/**
 * How `echolab check` shows results to a person: one line per check, and
 * for a failure the chapter's explanation, what to change, and the last
 * lines the server printed.
 *
 * @module
 */

import { lookup } from "../explain/catalogue.ts";
import type { Bilingual, Lang } from "../lang.ts";
import { wrapColumns as wrap } from "../term/text_width.ts";
import type { TextOut } from "../term/output.ts";
import { paint } from "../term/style.ts";
import type { CheckResult } from "./run.ts";

/** Trace lines shown under a failure (all of them are in --json). */
const _TRACE_SHOWN = 12;

const _WORDS: Record<Lang, Record<string, string>> = {
  en: {
    pass: "PASS",
    fail: "FAIL",
    why: "why: ",
    fix: "change: ",
    said: "your server's last output:",
    said_ns: "your server's last output (pids it prints are those inside its PID namespace):",
    traced: "your server's system calls (strace; seconds since it started):",
    beyond: "beyond the book",
    note: "note: ",
    not_run: "not run (see above)",
    header_port:
      "echolab check: each check starts your server afresh; it listens on port {N} (--port)",
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
    said_ns: "你的服务器最后的输出（其中打印的 pid 是它的 PID 命名空间内的 pid）：",
    traced: "你的服务器的系统调用（strace；自启动起的秒数）：",
    beyond: "超出本书",
    note: "注：",
    not_run: "未运行（见上文）",
    header_port: "echolab check：每项检查都重新启动你的服务器；它监听端口 {N}（--port）",
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
  #namespace = false;

  /** Render to `out` in `lang`. */
  constructor(out: TextOut, lang: Lang) {
    this.#out = out;
    this.#lang = lang;
    this.#width = out.columns ?? 100;
  }

  /**
   * The heading: which command is graded (on `port` when the learner named
   * it; `namespace` when it runs in a PID namespace of its own).
   */
  start(command: string[], port?: number, namespace = false): void {
    this.#namespace = namespace;
    const w = _WORDS[this.#lang];
    const header = port === undefined ? w.header : w.header_port.replace("{N}", String(port));
    this.#out.line(paint(this.#out.color, "bold", header));
    this.#out.line(`  $ ${command.join(" ")}`);
    this.#out.line("");
  }

  /** Something the run found out once (its own port, no strace, no PID namespace). */
  note(text: Bilingual): void {
    for (const line of wrap(`${_WORDS[this.#lang].note}${text[this.#lang]}`, this.#width, "  ")) {
      this.#out.line(paint(this.#out.color, "dim", line));
    }
    this.#out.line("");
  }

  /** One check's result. */
  result(r: CheckResult): void {
    const c = this.#out.color;
    const w = _WORDS[this.#lang];
    const mark = r.status === "pass"
      ? paint(c, ["green", "bold"], w.pass)
      : paint(c, ["red", "bold"], w.fail);
    const beyond = r.beyond ? (this.#lang === "zh" ? `（${w.beyond}）` : `(${w.beyond}) `) : "";
    // The server never started: the first failure said why, once; the rest only say so.
    const notRun = r.data.run === false;
    const said = notRun ? w.not_run : r.observed[this.#lang];
    const lines = wrap(beyond + said, this.#width, " ".repeat(28));
    lines[0] = `  ${mark}  ${r.name.padEnd(20)}${lines[0].trimStart()}`;
    for (const line of lines) this.#out.line(line);
    if (r.status === "pass" || notRun) return;
    const entry = lookup(r.topic);
    const indent = " ".repeat(8);
    // A server that never listened failed no lesson yet: the check's explanation would mislead.
    if (entry && r.data.started !== false) {
      // The heading wraps at words, continuation lines under its text (past `§5.16 `).
      const heading = `§${entry.section} ${entry.title[this.#lang]}`;
      const under = " ".repeat(indent.length + entry.section.length + 2);
      const heads = wrap(heading, this.#width, under);
      heads[0] = indent + heads[0].slice(under.length);
      for (const line of heads) this.#out.line(paint(c, "yellow", line));
      this.#paragraph(`${w.why}${entry.text[this.#lang]}`, indent);
      if (entry.fix) this.#paragraph(`${w.fix}${entry.fix[this.#lang]}`, indent);
    }
    if (r.output) {
      this.#out.line(`${indent}${paint(c, "dim", this.#namespace ? w.said_ns : w.said)}`);
      for (const line of r.output.split("\n").slice(-6)) {
        this.#out.line(`${indent}  ${paint(c, "dim", `| ${line}`)}`);
      }
    }
    if (r.trace && r.trace.length > 0) {
      this.#out.line(`${indent}${paint(c, "dim", w.traced)}`);
      for (const line of r.trace.slice(-_TRACE_SHOWN)) {
        const cut = line.length > this.#width - 12 ? `${line.slice(0, this.#width - 13)}…` : line;
        this.#out.line(`${indent}  ${paint(c, "dim", `| ${cut}`)}`);
      }
    }
    this.#out.line("");
  }

  /** The closing line: how many of the chapter's checks passed (those beyond the book apart). */
  summary(results: CheckResult[]): void {
    const chapter = results.filter((r) => !r.beyond);
    const beyond = results.filter((r) => r.beyond);
    const passed = chapter.filter((r) => r.status === "pass").length;
    const c = this.#out.color;
    const all = passed === chapter.length;
    let text = this.#lang === "zh"
      ? `${chapter.length} 项检查中通过 ${passed} 项。`
      : chapter.length === 1
      ? `${passed} of 1 check passed.`
      : `${passed} of ${chapter.length} checks passed.`;
    if (beyond.length > 0) {
      const b = beyond.filter((r) => r.status === "pass").length;
      text += this.#lang === "zh"
        ? `超出本书：${beyond.length} 项中通过 ${b} 项（不影响本章结果）。`
        : ` Beyond the book: ${b} of ${beyond.length} (never fails the chapter).`;
    }
    const last = results.at(-1);
    // A full failure already ends with a blank line; a pass or a "not run" line does not.
    if (last?.status === "pass" || last?.data.run === false) this.#out.line("");
    this.#out.line(paint(c, all ? ["green", "bold"] : ["red", "bold"], text));
    if (results.some((r) => r.status === "fail")) {
      this.#out.line(paint(c, "dim", _WORDS[this.#lang].more));
    }
  }

  #paragraph(text: string, indent: string): void {
    for (const line of wrap(text, this.#width, indent)) {
      this.#out.line(paint(this.#out.color, "dim", line));
    }
  }
}
