/**
 * The parts of an exercise's markdown the workshop needs: its title, its
 * text without the hints, and the hints one by one. Headings in English
 * or Chinese (`## Hints` / `## 提示`).
 *
 * @module
 */

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
