/**
 * The human renderer: one line per event, with the catalogue's explanation
 * the first time each entry appears (title only afterwards for failures).
 *
 * @module
 */

import type { EchoEvent, Verdict } from "../events.ts";
import { entryFor } from "../explain/catalogue.ts";
import type { Entry } from "../explain/entry.ts";
import type { Lang } from "../lang.ts";
import type { TextOut } from "../term/output.ts";
import { ACTOR_STYLE, paint } from "../term/style.ts";
import { summarize } from "./summary.ts";
import { displayWidth, pad, wrapColumns } from "../term/text_width.ts";

interface _Labels {
  book: string;
  observed: string;
  note: string;
  os: string;
  asBook: string;
  differs: string;
  skipped: string;
  /** A run that failed or was interrupted (status `error`, as `--json` says). */
  error: string;
  /** Marks a verdict part cut short in the default view. */
  more: string;
}

const _LABELS: Record<Lang, _Labels> = {
  en: {
    book: "the book",
    observed: "this OS",
    note: "note",
    os: "today",
    asBook: "AS THE BOOK SAYS",
    differs: "DIFFERS FROM THE BOOK",
    skipped: "SKIPPED",
    error: "ERROR",
    more: "[… -v]",
  },
  zh: {
    book: "书中",
    observed: "本机",
    note: "说明",
    os: "现今",
    asBook: "与书中一致",
    differs: "与书中不同",
    skipped: "已跳过",
    error: "出错",
    more: "[……-v]",
  },
};

/**
 * Entries for steps of whichever scenario runs (a `--states` point): beside
 * an event they carry that scenario's section, not the catalogue's.
 */
const _RUN_SECTION = new Set(["states-point"]);

/**
 * Rows each verdict part may take in the default view (`brief`): the text is
 * cut after the last whole sentence that fits (never before the first), and
 * marked; `-v` and `--json` carry it whole.
 */
const _BRIEF_ROWS = { book: 4, observed: 3, note: 3 };

/** Stands for a space inside the `[… -v]` mark while wrapping (one column, not a space). */
const _GLUE = "\uE000";

/** `text` wrapped under the label column, cut after whole sentences to fit `rows`. */
function _briefLines(text: string, width: number, rows: number, more: string): string[] {
  const indent = " ".repeat(12);
  const full = wrapColumns(text, width, indent);
  if (full.length <= rows) return full;
  // The mark never breaks across rows ("[…" / "-v]"): wrapped as one word.
  const glued = more.replaceAll(" ", _GLUE);
  const fits = (t: string) => wrapColumns(`${t.trimEnd()} ${glued}`, width, indent).length <= rows;
  const parts = sentences(text);
  let kept = parts[0];
  let i = 1;
  for (; i < parts.length && fits(kept + parts[i]); i++) kept += parts[i];
  // One short sentence alone says too little ("The same ICMP, two meanings."): the
  // next one follows up to the rows' end, cut after a clause or a word.
  const short = wrapColumns(kept, width, indent).length * 2 <= rows;
  if (i === 1 && i < parts.length && short) {
    const clause = _longestFit(parts[i], (t) => fits(kept + t));
    if (clause) kept += clause;
  }
  const end = kept.trimEnd();
  // After a Chinese full stop the mark needs no space.
  return wrapColumns(`${end}${/[。！？]$/.test(end) ? "" : " "}${glued}`, width, indent)
    .map((l) => l.replaceAll(_GLUE, " "));
}

/**
 * The longest head of `sentence` that `fits`, cut after a clause mark
 * (`,` `;` `:` `，` `；` `：`) or else between words; never mid-word, and at
 * least half the sentence's start rather than a stub ("" when none fits).
 */
function _longestFit(sentence: string, fits: (t: string) => boolean): string {
  const cuts = (re: RegExp) => [...sentence.matchAll(re)].map((m) => m.index! + m[0].length);
  const clauses = cuts(/[,;:，；：、]\s*|\s—\s|——/g).map((n) => sentence.slice(0, n));
  const words = cuts(/\s+/g).map((n) => sentence.slice(0, n));
  const best = (heads: string[]) => heads.filter((h) => fits(h)).at(-1);
  const byWord = best(words) ?? "";
  const byClause = best(clauses) ?? "";
  // A clause end unless it gives up more than a third of what words would keep.
  const head = byClause.length * 3 >= byWord.length * 2 ? byClause : byWord;
  return head.trim().length >= 12 ? head.trimEnd().replace(/[,;:，；：、—]+$/, "") + " " : "";
}

/** Words after which a full stop does not end a sentence. */
const _ABBREVIATIONS = /(?:^|[\s(])(?:e\.g|i\.e|cf|vs|etc|Fig|fig|No|no|approx)\.$/;

/**
 * `text` split into sentences; the pieces joined give `text` back. A
 * sentence ends in `.` `!` `?` followed by a space, or in `。！？` — but not
 * after a numbered item (`1. Then`), an abbreviation (`e.g. `), or inside a
 * number (`0.21 s`, `§5.12`).
 *
 * @example
 * ```ts
 * sentences("It took 0.21 s. 1. Then e.g. this. 2. Done.");
 * // ["It took 0.21 s. ", "1. Then e.g. this. ", "2. Done."]
 * ```
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const m of text.matchAll(/[.!?]\s+|[。！？]/g)) {
    const end = m.index! + m[0].length;
    const head = text.slice(start, m.index! + 1);
    if (m[0][0] === ".") {
      // A numbered item ("1." opening a sentence, not "seq 7.") or an abbreviation
      // continues the sentence.
      if (/^\s*\d{1,2}\.$/.test(head) || _ABBREVIATIONS.test(head)) continue;
    }
    out.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Columns when the output is not a terminal (a pipe or file). */
const _PIPE_COLUMNS = 100;

/** Options for {@link HumanRenderer}. */
export interface HumanOptions {
  /** Language of explanations. */
  lang: Lang;
  /** `first`: full text the first time an entry appears; `never`: event lines only. */
  explain?: "first" | "never";
}

/**
 * Renders events as annotated lines on a {@link TextOut}.
 *
 * @example
 * ```ts
 * const out = memoryOut();
 * new HumanRenderer(out, { lang: "en" }).render({ t: 0, actor: "client", kind: "echo", bytes: 3 });
 * ```
 */
export class HumanRenderer {
  #out: TextOut;
  #lang: Lang;
  #explain: "first" | "never";
  #seen = new Set<string>();
  /** The running scenario's section (from `scenario-start`), for entries whose section is the run's. */
  #runSection: string | undefined;
  /** The engine of the server in use (from `listening`), for `today:` notes about one engine. */
  #engine: string | undefined;
  /** First sentences of the `today:` notes printed: one fact is told once per run. */
  #told = new Set<string>();

  /** Render to `out` in `opts.lang`. */
  constructor(out: TextOut, opts: HumanOptions) {
    this.#out = out;
    this.#lang = opts.lang;
    this.#explain = opts.explain ?? "first";
  }

  /** Print one event and, if it is new, its explanation. */
  render(e: EchoEvent): void {
    if (e.kind === "scenario-start" && typeof e.section === "string") this.#runSection = e.section;
    if (e.kind === "listening") this.#engine = String(e.engine ?? "deno");
    const c = this.#out.color;
    const time = paint(c, "dim", `${e.t.toFixed(1).padStart(9)}ms`);
    const actor = paint(c, ACTOR_STYLE[e.actor] ?? "bold", e.actor.padEnd(7));
    const isError = e.kind === "error" || e.kind === "eof" || e.kind === "read-timeout" ||
      e.kind === "echo-mismatch";
    const style = (text: string) => isError ? paint(c, ["red", "bold"], text) : text;
    // Long summaries wrap under themselves (20 columns: time and actor), within the width.
    const width = this.#out.columns ?? _PIPE_COLUMNS;
    const text = summarize(e, this.#lang);
    const pieces = displayWidth(text) + 20 <= width ? [text] : wrapColumns(text, width - 20, "");
    this.#out.line(`${time} ${actor} ${style(pieces[0])}`);
    for (const piece of pieces.slice(1)) this.#out.line(this.#indent() + style(piece));
    if (this.#explain === "never") return;
    const entry = entryFor(e);
    if (!entry) return;
    const first = !this.#seen.has(entry.id);
    this.#seen.add(entry.id);
    if (first) this.#explainEntry(entry, String(e.engine ?? this.#engine ?? ""));
    else if (isError) {
      for (const line of this.#headingLines(entry)) this.#out.line(paint(c, "dim", line));
    }
  }

  /** Print a scenario's verdict: the book, this OS, the note. */
  verdict(v: Verdict, opts: { brief?: boolean } = {}): void {
    const c = this.#out.color;
    const width = this.#out.columns ?? 80;
    const l = _LABELS[this.#lang];
    const mark = v.status === "as-book"
      ? paint(c, ["green", "bold"], l.asBook)
      : v.status === "differs"
      ? paint(c, ["yellow", "bold"], l.differs)
      : v.status === "error"
      ? paint(c, ["red", "bold"], l.error)
      : paint(c, ["dim", "bold"], l.skipped);
    this.#out.line("");
    this.#out.line(`${paint(c, "bold", `▶ ${v.scenario}`)}  ${mark}`);
    const parts: [string, string, number][] = [
      [l.book, v.book, _BRIEF_ROWS.book],
      [l.observed, v.observed, _BRIEF_ROWS.observed],
      [l.note, v.note, _BRIEF_ROWS.note],
    ];
    for (const [label, text, rows] of parts) {
      const lines = opts.brief
        ? _briefLines(text, width, rows, _LABELS[this.#lang].more)
        : wrapColumns(text, width, " ".repeat(12));
      if (lines.length === 0) continue;
      lines[0] = `  ${paint(c, "bold", pad(label, 9))} ${lines[0].trimStart()}`;
      for (const line of lines) this.#out.line(line);
    }
  }

  #indent(): string {
    return " ".repeat(20);
  }

  /** `↳ §5.11 title`, wrapped within the width: continuation lines start under the title's text. */
  #headingLines(entry: Entry): string[] {
    const width = this.#out.columns ?? _PIPE_COLUMNS;
    const marker = "↳ ";
    const under = this.#indent() + " ".repeat(displayWidth(marker));
    const section = _RUN_SECTION.has(entry.id) && this.#runSection
      ? this.#runSection
      : entry.section;
    const lines = wrapColumns(`§${section} ${entry.title[this.#lang]}`, width, under);
    if (lines.length > 0) lines[0] = this.#indent() + marker + lines[0].slice(under.length);
    return lines;
  }

  /** The catalogue's text; its `today:` note only for the engine in use, and each fact once. */
  #explainEntry(entry: Entry, engine: string): void {
    const c = this.#out.color;
    const width = this.#out.columns ?? _PIPE_COLUMNS;
    for (const line of this.#headingLines(entry)) this.#out.line(paint(c, "yellow", line));
    for (const line of wrapColumns(entry.text[this.#lang], width, this.#indent() + "  ")) {
      this.#out.line(paint(c, "dim", line));
    }
    const note = entry.os?.[this.#lang];
    // The first clause names the fact ("Deno cannot fork"): told once, whichever entry tells it.
    const fact = note?.split(/[.:;。：；]/)[0] ?? "";
    const otherEngine = entry.osEngine !== undefined && engine !== "" && engine !== entry.osEngine;
    if (entry.os && note && !otherEngine && !this.#told.has(fact)) {
      this.#told.add(fact);
      const label = `${_LABELS[this.#lang].os}${this.#lang === "zh" ? "：" : ": "}`;
      for (const line of wrapColumns(label + entry.os[this.#lang], width, this.#indent() + "  ")) {
        this.#out.line(paint(c, "dim", line));
      }
    }
  }
}
