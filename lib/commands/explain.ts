/**
 * `echolab explain`: the offline reference — every errno, signal, event and
 * topic of chapter 5, in English and Chinese, from the catalogue.
 *
 * @module
 */

import { parseFlags, parseLang } from "../cli/args.ts";
import type { Bilingual } from "../lang.ts";
import type { Command } from "../cli/command.ts";
import { UsageError } from "../errors.ts";
import { CATALOGUE } from "../explain/catalogue.ts";
import type { Entry } from "../explain/entry.ts";
import { queryCatalogue } from "../explain/query.ts";
import { didYouMean } from "../explain/suggest.ts";
import { bySection, renderEntry, renderList } from "../explain/render.ts";
import type { TextOut } from "../term/output.ts";

const HELP: Bilingual = {
  en: `echolab explain — what an errno, a signal or an idea of chapter 5 means

Usage: echolab explain TOPIC|ERRNO|SIGNAL|SECTION [options]
       echolab explain --list

Offline, from echolab's own catalogue (the same text the annotations use).
Names ignore case, and _ or - ("time_wait" finds TIME_WAIT). A section number
lists every entry of that section; a chapter number (5) lists the chapter.

Options:
  --list               every entry, by section
  --json               NDJSON: one {"kind":"entry",…} per entry (both languages)
  --lang en|zh         language (default from LANG)
  -h, --help           this help

Exit status: 0 found, 2 unknown topic (the nearest names are suggested).

Examples:
  echolab explain EPIPE
  echolab explain SIGCHLD
  echolab explain zombie --lang zh
  echolab explain 5.11                # everything about §5.11
  echolab explain check-zombies       # what echolab check's zombie check means
`,
  zh: `echolab explain — 第 5 章中某个 errno、信号或概念的含义

用法：echolab explain TOPIC|ERRNO|SIGNAL|SECTION [选项]
      echolab explain --list

离线查询 echolab 自带的解释目录（与注释所用的文本相同）。名称不区分大小写，
也不区分 _ 和 -（"time_wait" 能找到 TIME_WAIT）。给出小节号则列出该小节的
全部条目；给出章号（5）则列出整章。

选项：
  --list               按小节列出全部条目
  --json               NDJSON：每个条目一个 {"kind":"entry",…} 对象（含两种
                       语言）
  --lang en|zh         语言（默认取自 LANG）
  -h, --help           本帮助

退出状态：0 找到了，2 未知的主题（会建议最接近的名称）。

示例：
  echolab explain EPIPE
  echolab explain SIGCHLD
  echolab explain zombie --lang zh
  echolab explain 5.11                # 关于 §5.11 的一切
  echolab explain check-zombies       # echolab check 的僵尸进程检查是什么意思
`,
};

function _json(out: TextOut, entries: readonly Entry[]): void {
  for (const entry of entries) out.line(JSON.stringify({ kind: "entry", ...entry }));
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
    if (values.list) {
      if (positionals.length > 0) {
        throw new UsageError({ en: "--list takes no topic", zh: "--list 不接受主题" }, "explain");
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
    const entries = found.kind === "entry" ? [found.entry] : bySection(found.entries);
    if (values.json) _json(ctx.stdout, entries);
    else if (found.kind === "entry") renderEntry(ctx.stdout, found.entry, lang);
    else {
      ctx.stdout.line(`UNP §${found.section}`);
      renderList(ctx.stdout, entries, lang);
    }
    return Promise.resolve(0);
  },
};
