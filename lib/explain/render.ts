/**
 * How `echolab explain` shows catalogue entries to a person: one entry in
 * full, or a list of entries one line each.
 *
 * @module
 */

import type { Lang } from "../lang.ts";
import { displayWidth, wrapColumns as wrap } from "../term/text_width.ts";
import type { TextOut } from "../term/output.ts";
import { paint } from "../term/style.ts";
import type { Bilingual } from "../lang.ts";
import type { Entry, Sources } from "./entry.ts";
import type { Section } from "./sections.ts";

const _LABELS: Record<
  Lang,
  {
    os: string;
    fix: string;
    aliases: string;
    more: string;
    sources: string;
    kernel: string;
    seeAlso: string;
  }
> = {
  en: {
    os: "Today: ",
    fix: "What to change: ",
    aliases: "Also found as: ",
    more: "echolab explain ID shows one entry in full.",
    sources: "Sources: ",
    kernel: "Linux ",
    seeAlso: "See also: ",
  },
  zh: {
    os: "现今：",
    fix: "如何修改：",
    aliases: "别名：",
    more: "echolab explain ID 显示单个条目的全文。",
    sources: "出处：",
    kernel: "Linux 内核 ",
    seeAlso: "另见：",
  },
};

/**
 * One line naming where to check an entry: the book's sections (the entry's
 * own first), man pages, kernel functions, RFCs, other specifications.
 *
 * @example
 * ```ts
 * formatSources({ man: ["signal(7)"], kernel: ["tcp_reset"] }, "5.13", "en");
 * // "Sources: UNP §5.13 · signal(7) · Linux tcp_reset()"
 * ```
 */
export function formatSources(sources: Sources | undefined, section: string, lang: Lang): string {
  const l = _LABELS[lang];
  const sep = lang === "zh" ? "、" : ", ";
  const unp = [section, ...(sources?.unp ?? []).filter((s) => s !== section)];
  const groups = [
    `UNP ${unp.map((s) => `§${s}`).join(sep)}`,
    (sources?.man ?? []).join(sep),
    sources?.kernel?.length
      ? l.kernel + sources.kernel.map((k) => /^[a-z_0-9]+$/.test(k) ? `${k}()` : k).join(sep)
      : "",
    (sources?.rfc ?? []).join(sep),
    (sources?.other ?? []).join(sep),
  ];
  return l.sources + groups.filter((g) => g !== "").join(" · ");
}

/**
 * Print `entry` in full: heading, text, today's OS, what to change, aliases,
 * and a pointer to each entry in `seeAlso` (those whose name differs from
 * this one's only in case: `sigchld` and `SIGCHLD`), by the exact spelling
 * that opens it.
 *
 * @example
 * ```ts
 * renderEntry(memoryOut(), lookup("EPIPE")!, "en");
 * renderEntry(memoryOut(), lookup("sigchld")!, "en", [lookup("SIGCHLD")!]);
 * ```
 */
export function renderEntry(
  out: TextOut,
  entry: Entry,
  lang: Lang,
  seeAlso: readonly Entry[] = [],
): void {
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
  if (entry.aliases?.length) {
    paragraph(l.aliases + entry.aliases.join(lang === "zh" ? "、" : ", "));
  }
  for (const other of seeAlso) {
    paragraph(`${l.seeAlso}echolab explain ${other.id} — ${other.title[lang]}`);
  }
  out.line("");
  for (const line of wrap(formatSources(entry.sources, entry.section, lang), width, "  ")) {
    out.line(paint(c, "dim", line));
  }
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

/** What `echolab explain 5.11` shows: the section, and where to see, practise and read it. */
export interface SectionView {
  /** The section number. */
  section: string;
  /** What it teaches, when echolab has a summary for it. */
  summary?: Section;
  /** `echolab chaos` scenarios of the section. */
  scenarios: { name: string; title: Bilingual }[];
  /** Workshop exercises that cover it. */
  exercises: { n: number; title: Bilingual }[];
  /** `echolab check` checks of the section. */
  checks: string[];
  /** Entries to read next, by the name a person types (`--json` carries their titles). */
  related: { key: string; title: Bilingual }[];
  /** How many catalogue entries the section has (`--list` shows them all). */
  entries: number;
}

const _SECTION_LABELS: Record<
  Lang,
  {
    see: string;
    workshop: string;
    check: string;
    read: string;
    list: (n: number, s: string) => string;
  }
> = {
  en: {
    see: "See it:",
    workshop: "Practise:",
    check: "Check:",
    read: "Read:",
    list: (n, s) =>
      `echolab explain ${s} --list: all ${n} entries of §${s}, the events echolab prints included.`,
  },
  zh: {
    see: "动手看：",
    workshop: "练习：",
    check: "检查：",
    read: "再读：",
    list: (n, s) =>
      `echolab explain ${s} --list：§${s} 的全部 ${n} 个条目，包括 echolab 打印的事件。`,
  },
};

/**
 * Print a section as a study aid: its title and what it teaches, then the
 * scenarios that show it, the exercises that practise it, the checks that
 * test it and the entries to read next — commands to type, not internal ids.
 *
 * @example
 * ```ts
 * renderSection(memoryOut(), { section: "5.11", scenarios: [], exercises: [], checks: [], related: [], entries: 0 }, "en");
 * ```
 */
export function renderSection(out: TextOut, view: SectionView, lang: Lang): void {
  const c = out.color;
  const width = out.columns ?? 80;
  const l = _SECTION_LABELS[lang];
  const dash = lang === "zh" ? "：" : " — ";
  out.line(
    paint(c, "bold", `UNP §${view.section}`) +
      (view.summary ? dash + view.summary.title[lang] : ""),
  );
  if (view.summary) {
    for (const line of wrap(view.summary.teaches[lang], width, "  ")) out.line(line);
  }
  const pad = 13;
  const block = (label: string, items: string[]) => {
    items.forEach((item, i) => {
      const lines = wrap(item, width, " ".repeat(pad));
      const head = i === 0 ? `  ${label}` : "";
      lines[0] = head + " ".repeat(Math.max(1, pad - displayWidth(head))) + lines[0].trimStart();
      for (const line of lines) out.line(line);
    });
  };
  out.line("");
  block(l.see, view.scenarios.map((s) => `echolab chaos ${s.name}${dash}${s.title[lang]}`));
  block(
    l.workshop,
    view.exercises.map((e) => `echolab workshop show ${e.n}${dash}${e.title[lang]}`),
  );
  block(l.check, view.checks.map((name) => `echolab check --only ${name} -- ./myserver {port}`));
  if (view.related.length > 0) {
    block(l.read, [
      `echolab explain ${view.related.map((r) => r.key).join(lang === "zh" ? "、" : ", ")}`,
    ]);
  }
  if (view.entries > 0) {
    out.line("");
    for (const line of wrap(l.list(view.entries, view.section), width, "")) {
      out.line(paint(c, "dim", line));
    }
  }
}
