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
import { paint, type Style } from "../term/style.ts";
import { summarize } from "./summary.ts";
import { displayWidth, pad, wrapColumns } from "../term/text_width.ts";

const _ACTOR_STYLE: Record<string, Style> = {
  server: "cyan",
  child: "blue",
  client: "green",
  kernel: "magenta",
  lab: "yellow",
  scenario: "bold",
  check: "bold",
};

interface _Labels {
  book: string;
  observed: string;
  note: string;
  os: string;
  asBook: string;
  differs: string;
  skipped: string;
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
  },
  zh: {
    book: "书中",
    observed: "本机",
    note: "说明",
    os: "现今",
    asBook: "与书中一致",
    differs: "与书中不同",
    skipped: "已跳过",
  },
};

/**
 * Entries for steps of whichever scenario runs (a `--states` point): beside
 * an event they carry that scenario's section, not the catalogue's.
 */
const _RUN_SECTION = new Set(["states-point"]);

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

  /** Render to `out` in `opts.lang`. */
  constructor(out: TextOut, opts: HumanOptions) {
    this.#out = out;
    this.#lang = opts.lang;
    this.#explain = opts.explain ?? "first";
  }

  /** Print one event and, if it is new, its explanation. */
  render(e: EchoEvent): void {
    if (e.kind === "scenario-start" && typeof e.section === "string") this.#runSection = e.section;
    const c = this.#out.color;
    const time = paint(c, "dim", `${e.t.toFixed(1).padStart(9)}ms`);
    const actor = paint(c, _ACTOR_STYLE[e.actor] ?? "bold", e.actor.padEnd(7));
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
    if (first) this.#explainEntry(entry);
    else if (isError) {
      for (const line of this.#headingLines(entry)) this.#out.line(paint(c, "dim", line));
    }
  }

  /** Print a scenario's verdict: the book, this OS, the note. */
  verdict(v: Verdict): void {
    const c = this.#out.color;
    const width = this.#out.columns ?? 80;
    const l = _LABELS[this.#lang];
    const mark = v.status === "as-book"
      ? paint(c, ["green", "bold"], l.asBook)
      : v.status === "differs"
      ? paint(c, ["yellow", "bold"], l.differs)
      : paint(c, ["dim", "bold"], l.skipped);
    this.#out.line("");
    this.#out.line(`${paint(c, "bold", `▶ ${v.scenario}`)}  ${mark}`);
    for (const [label, text] of [[l.book, v.book], [l.observed, v.observed], [l.note, v.note]]) {
      const lines = wrapColumns(text, width, " ".repeat(12));
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

  #explainEntry(entry: Entry): void {
    const c = this.#out.color;
    const width = this.#out.columns ?? _PIPE_COLUMNS;
    for (const line of this.#headingLines(entry)) this.#out.line(paint(c, "yellow", line));
    for (const line of wrapColumns(entry.text[this.#lang], width, this.#indent() + "  ")) {
      this.#out.line(paint(c, "dim", line));
    }
    if (entry.os) {
      const label = `${_LABELS[this.#lang].os}${this.#lang === "zh" ? "：" : ": "}`;
      for (const line of wrapColumns(label + entry.os[this.#lang], width, this.#indent() + "  ")) {
        this.#out.line(paint(c, "dim", line));
      }
    }
  }
}
