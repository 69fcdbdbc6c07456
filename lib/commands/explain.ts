/**
 * `echolab explain`: the offline reference — every errno, signal, event and
 * topic of chapter 5, in English and Chinese, from the catalogue.
 *
 * @module
 */

import { parseFlags, parseLang } from "../cli/args.ts";
import type { Command } from "../cli/command.ts";
import { UsageError } from "../cli/errors.ts";
import { CATALOGUE } from "../explain/catalogue.ts";
import type { Entry } from "../explain/entry.ts";
import { queryCatalogue } from "../explain/query.ts";
import { bySection, renderEntry, renderList } from "../explain/render.ts";
import type { TextOut } from "../report/output.ts";

const HELP = `echolab explain — what an errno, a signal or an idea of chapter 5 means

Usage: echolab explain TOPIC|ERRNO|SIGNAL|SECTION [options]
       echolab explain --list

Offline, from echolab's own catalogue (the same text the annotations use).
Names ignore case, and _ or - ("time_wait" finds TIME_WAIT). A section number
lists every entry of that section; a chapter number (5) lists the chapter.

Options:
  --list               every entry, by section
  --json               NDJSON: one {"kind":"entry",…} object per entry (both languages)
  --lang en|zh         language (default from LANG)
  -h, --help           this help

Exit status: 0 found, 2 unknown topic (the nearest names are suggested).

Examples:
  echolab explain EPIPE
  echolab explain SIGCHLD
  echolab explain zombie --lang zh
  echolab explain 5.11                # everything about §5.11
  echolab explain check-zombies       # what echolab check's zombie check means
`;

function _json(out: TextOut, entries: readonly Entry[]): void {
  for (const entry of entries) out.line(JSON.stringify({ kind: "entry", ...entry }));
}

/** The `explain` subcommand. */
export const explainCommand: Command = {
  name: "explain",
  summary: "explain an errno, signal, topic or book section (offline, en|zh)",
  help: HELP,
  run(args, ctx) {
    const { values, positionals } = parseFlags("explain", args, {
      list: { type: "boolean", default: false },
    }, 8);
    const lang = parseLang(values.lang, "explain");
    if (values.list) {
      if (positionals.length > 0) throw new UsageError("--list takes no topic", "explain");
      const all = bySection(CATALOGUE);
      if (values.json) _json(ctx.stdout, all);
      else renderList(ctx.stdout, all, lang);
      return Promise.resolve(0);
    }
    if (positionals.length === 0) throw new UsageError("missing topic (or --list)", "explain");
    const query = positionals.join(" ");
    const found = queryCatalogue(query);
    if (found.kind === "unknown") {
      const near = found.suggestions.length > 0
        ? (lang === "zh"
          ? `；你是否想找：${found.suggestions.join("、")}？`
          : ` — did you mean ${found.suggestions.join(", ")}?`)
        : (lang === "zh"
          ? "（echolab explain --list 列出全部条目）"
          : " (echolab explain --list shows them all)");
      throw new UsageError(
        lang === "zh" ? `没有关于 '${query}' 的条目${near}` : `no entry for '${query}'${near}`,
        "explain",
      );
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
