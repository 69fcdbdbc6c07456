/**
 * The parts of an exercise's markdown the workshop needs: its title, its
 * text without the hints, and the hints one by one. Headings in English
 * or Chinese (`## Hints` / `## 提示`).
 *
 * @module
 */

import { displayWidth, wrapColumns } from "../term/text_width.ts";

const _HINT_HEADINGS = new Set(["hints", "提示"]);

/** An exercise text split into parts. */
export interface ExerciseDoc {
  /** The first heading without its number ("Two terminals: serve and connect"). */
  title: string;
  /** Everything but the hints section. */
  body: string;
  /** The hints, in order. */
  hints: string[];
}

/**
 * Split exercise markdown into title, body and hints.
 *
 * @example
 * ```ts
 * parseExercise("# 01 · Title\n\n## Goal\n\nx\n\n## Hints\n\n- one\n- two\n").hints; // ["one", "two"]
 * ```
 */
export function parseExercise(markdown: string): ExerciseDoc {
  const heading = /^# (?:\d+\s*·\s*)?(.+)$/m.exec(markdown);
  const sections = markdown.split(/^(?=## )/m);
  const hintSection = sections.find((s) =>
    _HINT_HEADINGS.has(s.slice(3, s.indexOf("\n")).trim().toLowerCase())
  );
  const hints: string[] = [];
  if (hintSection) {
    for (const line of hintSection.split("\n").slice(1)) {
      if (line.startsWith("- ")) hints.push(line.slice(2).trim());
      else if (line.startsWith("  ") && hints.length > 0) {
        hints[hints.length - 1] += " " + line.trim();
      }
    }
  }
  const body = sections.filter((s) => s !== hintSection).join("").trimEnd() + "\n";
  return { title: heading ? heading[1].trim() : "", body, hints };
}

/** Stands in for a space inside a `code span` while wrapping: the span is not broken there. */
const _KEEP = "\uE000";
const _LIST_ITEM = /^(\s*)([-*]|\d+\.)\s+/;

function _wide(ch: string | undefined): boolean {
  return ch !== undefined && displayWidth(ch) === 2;
}

/**
 * `text` wrapped to `width` columns, each line starting with `indent`, as
 * {@link wrapColumns} does, but a `code span` breaks only when it is longer
 * than a line (a command stays copyable).
 *
 * @example
 * ```ts
 * wrapInline("run `ss -tan` now", 10, ""); // ["run", "`ss -tan`", "now"]
 * ```
 */
export function wrapInline(text: string, width: number, indent: string): string[] {
  const keep = text.replace(/`[^`]*`/g, (span) => span.replaceAll(" ", _KEEP));
  return wrapColumns(keep, width, indent).map((l) => l.replaceAll(_KEEP, " "));
}

/**
 * `markdown` with its paragraphs and list items re-wrapped to `width`
 * columns (CJK characters count 2): the source's own line breaks go, a list
 * item's lines hang under its text, and headings, blank lines and ``` code
 * blocks stay as written. A `code span` breaks only when it is longer than a
 * line. Lines joined between two CJK characters get no space.
 *
 * @example
 * ```ts
 * wrapMarkdown("## Goal\n\nStart the server\nand the client.\n", 12);
 * // "## Goal\n\nStart the\nserver and\nthe client.\n"
 * ```
 */
export function wrapMarkdown(markdown: string, width: number): string {
  const out: string[] = [];
  let block: { first: string; hang: string; text: string } | undefined;
  const flush = () => {
    if (!block) return;
    const lines = wrapInline(block.text, width, block.hang);
    if (lines.length) lines[0] = block.first + lines[0].slice(block.hang.length);
    out.push(...lines);
    block = undefined;
  };
  let code = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) {
      flush();
      code = !code;
      out.push(line);
    } else if (code || /^#/.test(line) || line.trim() === "" || /^\s*\|/.test(line)) {
      flush();
      out.push(line);
    } else if (_LIST_ITEM.test(line)) {
      flush();
      const first = _LIST_ITEM.exec(line)![0];
      block = { first, hang: " ".repeat(first.length), text: line.slice(first.length).trim() };
    } else if (block) {
      const next = line.trim();
      const glue = _wide([...block.text].at(-1)) && _wide([...next][0]) ? "" : " ";
      block.text += glue + next;
    } else block = { first: "", hang: "", text: line.trim() };
  }
  flush();
  return out.join("\n");
}
