/**
 * How `echolab explain` shows catalogue entries to a person: one entry in
 * full, or a list of entries one line each.
 *
 * @module
 */

import type { Lang } from "../lang.ts";
import { wrapColumns as wrap } from "../term/text_width.ts";
import type { TextOut } from "../term/output.ts";
import { paint } from "../term/style.ts";
import type { Entry } from "./entry.ts";

const _LABELS: Record<Lang, { os: string; fix: string; aliases: string; more: string }> = {
  en: {
    os: "Today: ",
    fix: "What to change: ",
    aliases: "Also found as: ",
    more: "echolab explain ID shows one entry in full.",
  },
  zh: {
    os: "现今：",
    fix: "如何修改：",
    aliases: "别名：",
    more: "echolab explain ID 显示单个条目的全文。",
  },
};

/**
 * Print `entry` in full: heading, text, today's OS, what to change, aliases.
 *
 * @example
 * ```ts
 * renderEntry(memoryOut(), lookup("EPIPE")!, "en");
 * ```
 */
export function renderEntry(out: TextOut, entry: Entry, lang: Lang): void {
  const c = out.color;
  const width = out.columns ?? 80;
  const l = _LABELS[lang];
  out.line(
    `${paint(c, "bold", entry.id)} — ${entry.title[lang]}  ${
      paint(c, "dim", `(UNP §${entry.section})`)
    }`,
  );
  const paragraph = (text: string) => {
    out.line("");
    for (const line of wrap(text, width, "  ")) out.line(line);
  };
  paragraph(entry.text[lang]);
  if (entry.os) paragraph(l.os + entry.os[lang]);
  if (entry.fix) paragraph(l.fix + entry.fix[lang]);
  if (entry.aliases?.length) paragraph(l.aliases + entry.aliases.join(", "));
}

/**
 * Print one line per entry: section, id, title.
 *
 * @example
 * ```ts
 * renderList(memoryOut(), CATALOGUE, "zh");
 * ```
 */
export function renderList(out: TextOut, entries: readonly Entry[], lang: Lang): void {
  const c = out.color;
  const idWidth = Math.min(28, Math.max(...entries.map((e) => e.id.length)));
  for (const e of entries) {
    out.line(
      `  ${paint(c, "dim", `§${e.section}`.padEnd(6))} ${paint(c, "bold", e.id.padEnd(idWidth))}  ${
        e.title[lang]
      }`,
    );
  }
  out.line("");
  out.line(paint(c, "dim", _LABELS[lang].more));
}

/**
 * Entries sorted by book section (numerically: 5.9 before 5.10), then id.
 *
 * @example
 * ```ts
 * bySection(CATALOGUE)[0].section; // "2.6"
 * ```
 */
export function bySection(entries: readonly Entry[]): Entry[] {
  const key = (s: string) => s.split(".").map((n) => Number(n));
  return [...entries].sort((a, b) => {
    const [x, y] = [key(a.section), key(b.section)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const d = (x[i] ?? 0) - (y[i] ?? 0);
      if (d !== 0) return d;
    }
    return a.id.localeCompare(b.id);
  });
}
