/**
 * `echolab explain`: the offline reference — every errno, signal, event and
 * topic of chapter 5, in English and Chinese, from the catalogue.
 *
 * @module
 */

import { parseFlags, parseLang } from "../cli/args.ts";
import type { Bilingual, Lang } from "../lang.ts";
import type { Command } from "../cli/command.ts";
import { UsageError } from "../errors.ts";
import { CATALOGUE } from "../explain/catalogue.ts";
import type { Entry } from "../explain/entry.ts";
import { queryCatalogue, sameNameEntries } from "../explain/query.ts";
import { didYouMean } from "../explain/suggest.ts";
import {
  bySection,
  renderEntry,
  renderList,
  renderSection,
  type SectionView,
} from "../explain/render.ts";
import { sectionInRange, SECTIONS } from "../explain/sections.ts";
import { CHECKS } from "../check/mod.ts";
import type { TextOut } from "../term/output.ts";
import { SCENARIOS } from "../scenarios/registry.ts";
import { exerciseDoc, EXERCISES } from "../workshop/exercises.ts";

const HELP: Bilingual = {
  en: `echolab explain — what an errno, a signal or an idea of chapter 5 means

Usage: echolab explain TOPIC|ERRNO|SIGNAL|SECTION|PHRASE [options]
       echolab explain --list

Offline, from echolab's own catalogue (the same text the annotations use).
Names ignore case, and _ or - ("time_wait" finds TIME_WAIT); the book's own
phrases work too ("server terminated prematurely"). A section number says
what the section teaches, with its scenarios, workshop exercises, checks and
entries to read next; a chapter number (5) lists the chapter's sections. Each
entry names its sources: UNP section, man page, kernel function, RFC.

Options:
  --list               every entry, by section (with a section: its entries)
  --json               NDJSON: one {"kind":"entry",…} per entry (both languages)
  --lang en|zh         language (default from LANG)
  -h, --help           this help

Exit status: 0 found, 2 unknown topic (the nearest names are suggested).

Examples:
  echolab explain EPIPE
  echolab explain SIGCHLD
  echolab explain zombie --lang zh
  echolab explain 5.11                # what §5.11 teaches, and where to see it
  echolab explain server terminated prematurely
  echolab explain check-zombies       # what echolab check's zombie check means
`,
  zh: `echolab explain — 第 5 章中某个 errno、信号或概念的含义

用法：echolab explain TOPIC|ERRNO|SIGNAL|SECTION|PHRASE [选项]
      echolab explain --list

离线查询 echolab 自带的解释目录（与注释所用的文本相同）。名称不区分大小写，
也不区分 _ 和 -（"time_wait" 能找到 TIME_WAIT）；书中的原话也能找到
（"服务器过早终止"）。给出小节号则说明该小节讲什么，并列出相关的场景、
工作坊练习、检查和接着要读的条目；给出章号（5）则列出该章各小节。每个条目
都注明出处：UNP 小节、man 手册页、内核函数、RFC。

选项：
  --list               按小节列出全部条目（给出小节时：该小节的条目）
  --json               NDJSON：每个条目一个 {"kind":"entry",…} 对象（含两种
                       语言）
  --lang en|zh         语言（默认取自 LANG）
  -h, --help           本帮助

退出状态：0 找到了，2 未知的主题（会建议最接近的名称）。

示例：
  echolab explain EPIPE
  echolab explain SIGCHLD
  echolab explain zombie --lang zh
  echolab explain 5.11                # §5.11 讲什么，在哪里能看到
  echolab explain 服务器过早终止
  echolab explain check-zombies       # echolab check 的僵尸进程检查是什么意思
`,
};

function _json(out: TextOut, entries: readonly Entry[]): void {
  for (const entry of entries) out.line(JSON.stringify({ kind: "entry", ...entry }));
}

/** Everything echolab has for one section: its scenarios, exercises, checks, entries to read. */
function _sectionView(
  section: string,
  found: { entries: Entry[]; summary?: SectionView["summary"] },
): SectionView {
  const related = (found.summary?.related ?? []).flatMap((key) => {
    const hit = queryCatalogue(key);
    return hit.kind === "entry" ? [{ key, title: hit.entry.title }] : [];
  });
  return {
    section,
    summary: found.summary,
    scenarios: SCENARIOS.filter((s) => sectionInRange(section, s.section))
      .map((s) => ({ name: s.name, title: s.title })),
    // Exercises of this section — not the closing one that spans the whole chapter.
    exercises: EXERCISES.filter((e) =>
      sectionInRange(section, e.section) && !_wholeChapter(e.section)
    )
      .map((e) => ({
        n: e.n,
        title: { en: exerciseDoc(e, "en").title, zh: exerciseDoc(e, "zh").title },
      })),
    checks: CHECKS.filter((c) => {
      const hit = queryCatalogue(c.topic);
      return hit.kind === "entry" && hit.entry.section === section;
    }).map((c) => c.name),
    related,
    entries: found.entries.length,
  };
}

/** A range such as `5.1–5.16` that covers (nearly) the whole chapter. */
function _wholeChapter(range: string): boolean {
  const [from, to] = range.split("–");
  return to !== undefined && Number(to.split(".")[1]) - Number(from.split(".")[1]) > 8;
}

/** `echolab explain 5`: the chapter's sections, one line each. */
function _chapter(out: TextOut, chapter: string, lang: Lang): void {
  const sections = SECTIONS.filter((s) => s.section.split(".")[0] === chapter);
  for (const s of sections) {
    out.line(`  §${s.section.padEnd(5)} ${s.title[lang]}`);
  }
  out.line("");
  out.line(
    lang === "zh"
      ? `echolab explain ${chapter}.N 说明一个小节讲什么；--list 列出全部条目。`
      : `echolab explain ${chapter}.N says what a section teaches; --list lists every entry.`,
  );
}

/** The `explain` subcommand. */
export const explainCommand: Command = {
  name: "explain",
  summary: {
    en: "explain an errno, signal, topic or book section (offline, en|zh)",
    zh: "解释 errno、信号、主题或书中的小节（离线，en|zh）",
  },
  help: HELP,
  run(args, ctx) {
    const { values, positionals } = parseFlags("explain", args, {
      list: { type: "boolean", default: false },
    }, 8);
    const lang = parseLang(values.lang, "explain");
    const listed = values.list && positionals.length > 0
      ? queryCatalogue(positionals.join(" "))
      : undefined;
    if (listed?.kind === "section") {
      // `explain 5.11 --list`: every entry of the section, events included (the depth behind a flag).
      const entries = bySection(listed.entries);
      if (values.json) _json(ctx.stdout, entries);
      else {
        ctx.stdout.line(`UNP §${listed.section}`);
        renderList(ctx.stdout, entries, lang);
      }
      return Promise.resolve(0);
    }
    if (values.list) {
      if (positionals.length > 0) {
        throw new UsageError({
          en: "--list takes no topic, only a section (echolab explain 5.11 --list)",
          zh: "--list 不接受主题，只接受小节号（echolab explain 5.11 --list）",
        }, "explain");
      }
      const all = bySection(CATALOGUE);
      if (values.json) _json(ctx.stdout, all);
      else renderList(ctx.stdout, all, lang);
      return Promise.resolve(0);
    }
    if (positionals.length === 0) {
      throw new UsageError(
        { en: "missing topic (or --list)", zh: "缺少主题（或 --list）" },
        "explain",
      );
    }
    const query = positionals.join(" ");
    const found = queryCatalogue(query);
    if (found.kind === "unknown") {
      const near = didYouMean(found.suggestions, {
        en: " (echolab explain --list shows them all)",
        zh: "（echolab explain --list 列出全部条目）",
      });
      throw new UsageError({
        en: `no entry for '${query}'${near.en}`,
        zh: `没有关于 '${query}' 的条目${near.zh}`,
      }, "explain");
    }
    if (found.kind === "entry") {
      if (values.json) _json(ctx.stdout, [found.entry]);
      else renderEntry(ctx.stdout, found.entry, lang, sameNameEntries(found.entry));
      return Promise.resolve(0);
    }
    const entries = bySection(found.entries);
    if (values.json) {
      const view = found.section.includes(".") ? _sectionView(found.section, found) : undefined;
      if (view) ctx.stdout.line(JSON.stringify({ kind: "section", ...view }));
      _json(ctx.stdout, entries);
    } else if (!found.section.includes(".")) _chapter(ctx.stdout, found.section, lang);
    else renderSection(ctx.stdout, _sectionView(found.section, found), lang);
    return Promise.resolve(0);
  },
};
