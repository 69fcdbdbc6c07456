/**
 * `echolab check -- CMD [ARGS…]`: grade the learner's own echo server the
 * way chapter 5 breaks it.
 *
 * @module
 */

import { parseFlags, parseLang, parseSeconds, splitAtDashes } from "../cli/args.ts";
import type { Command } from "../cli/command.ts";
import { UsageError } from "../errors.ts";
import { CHECKS } from "../check/mod.ts";
import { chapterPassed, grade } from "../check/grade.ts";
import type { Check } from "../check/types.ts";
import { lookup } from "../explain/catalogue.ts";
import type { Bilingual, Lang } from "../lang.ts";
import type { TextOut } from "../term/output.ts";
import { wrapColumns } from "../term/text_width.ts";
import { shellStatusFor } from "../sys/signals.ts";

/** The check's title without the name it starts with ("echo: lines and …" → "lines and …"). */
function _what(c: Check, lang: Lang): string {
  return (lookup(c.topic)?.title[lang] ?? "").replace(
    `${c.name}${lang === "zh" ? "：" : ": "}`,
    "",
  ).replace(/^graceful-stop[（(][^）)]*[）)][：:] ?/, "");
}

/** `head`, then `text` wrapped under its own column within `width`. */
function _hanging(head: string, text: string, width: number): string {
  const [first, ...rest] = wrapColumns(text, width, " ".repeat(head.length));
  return [head + first.trimStart(), ...rest].join("\n");
}

/** "(beyond the book) " before a check the chapter does not ask for. */
function _beyond(c: Check, lang: Lang): string {
  return c.beyond ? (lang === "zh" ? "（超出本书）" : "(beyond the book) ") : "";
}

/** The help's list of checks: name, book section, what it checks (80 columns). */
function _checkList(lang: Lang): string {
  return CHECKS.map((c) =>
    _hanging(
      `  ${c.name.padEnd(20)} `,
      `§${lookup(c.topic)?.section ?? "?"} ${_beyond(c, lang)}${_what(c, lang)}`,
      80,
    )
  ).join("\n");
}

const HELP: Bilingual = {
  en: `echolab check — grade your own echo server against chapter 5

Usage: echolab check [options] -- CMD [ARGS…]
       echolab check --list

Starts CMD once per check on a free port, given as ECHOLAB_PORT and in place
of {port} in ARGS; waits (bounded) until it listens; then breaks it the way
the chapter does. A server that ignores that port (the book's programs bind
9877) is graded on the port it listens on, found from its sockets in /proc,
one server at a time. CMD runs in a PID namespace of its own where unshare
allows it: nothing it starts (a forked child, a daemon, a process ignoring
SIGTERM) outlives the check or echolab. With strace installed, a failed check
shows the server's own system calls (accept → EINTR, SIGCHLD, waitpid, exit).
Checks marked "beyond the book" never fail the chapter: the exit status
counts the chapter's checks only.

Checks:
${_checkList("en")}

Options:
  --only NAME[,NAME]     run only these checks
  --timeout SECONDS      bound for each network wait (default 3)
  --ready-timeout SECONDS  bound for the server to start listening (default 15)
  --port N               the port your server listens on whatever it is told
                         (also given as ECHOLAB_PORT and {port})
  --list                 list the checks and exit
  --json                 NDJSON: one object per check,
                         {"kind":"check","name":…,"status":"pass"|"fail",…};
                         "trace":[…] on a failure when strace is installed
  --lang en|zh           language (default from LANG)
  -h, --help             this help

Exit status: 0 every chapter check passed, 1 some failed, 2 bad input (a
CMD that is missing or not executable included).

Examples:
  echolab check -- ./tcpserv04
  echolab check --port 9877 -- ./tcpserv04
  echolab check -- python3 server.py {port}
  echolab check --only zombies,eintr -- ./a.out
  echolab check --json -- node server.js |
    jq -c 'select(.kind=="check") | [.name,.status]'
`,
  zh: `echolab check — 按第 5 章检验你自己的回射服务器

用法：echolab check [选项] -- CMD [ARGS…]
      echolab check --list

每项检查都在一个空闲端口上启动一次 CMD，端口以 ECHOLAB_PORT 给出，并替换
ARGS 中的 {port}；等待（有上限）直到它开始监听；然后像本章那样去破坏它。
不使用该端口的服务器（书中的程序绑定 9877）在它实际监听的端口上检验，端口
从 /proc 中它的套接字得知，一次只运行一个服务器。只要 unshare 允许，CMD 就
在它自己的 PID 命名空间中运行：它启动的任何进程（fork 的子进程、守护进程、
忽略 SIGTERM 的进程）都不会比检查或 echolab 活得更久。装有 strace 时，未通过
的检查会显示服务器自己的系统调用（accept → EINTR、SIGCHLD、waitpid、退出）。
标为“超出本书”的检查不会让本章判为未通过：退出状态只计本章的检查。

检查项：
${_checkList("zh")}

选项：
  --only NAME[,NAME]     只运行这些检查
  --timeout SECONDS      每次网络等待的上限（默认 3）
  --ready-timeout SECONDS  等待服务器开始监听的上限（默认 15）
  --port N               你的服务器无论被告知什么都监听的端口
                         （也作为 ECHOLAB_PORT 和 {port} 给出）
  --list                 列出检查项后退出
  --json                 NDJSON：每项检查一个
                         {"kind":"check","name":…,"status":"pass"|"fail",…}；
                         装有 strace 时，未通过的检查带有 "trace":[…]
  --lang en|zh           语言（默认取自 LANG）
  -h, --help             本帮助

退出状态：0 本章全部检查通过，1 有检查失败，2 输入有误（包括 CMD 不存在或不可
执行）。

示例：
  echolab check -- ./tcpserv04
  echolab check --port 9877 -- ./tcpserv04
  echolab check -- python3 server.py {port}
  echolab check --only zombies,eintr -- ./a.out
  echolab check --json -- node server.js |
    jq -c 'select(.kind=="check") | [.name,.status]'
`,
};

function _pickChecks(only: string | undefined): readonly Check[] {
  if (only === undefined) return CHECKS;
  const names = only.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !CHECKS.some((c) => c.name === n));
  if (unknown.length > 0 || names.length === 0) {
    const name = unknown[0] ?? only;
    throw new UsageError({
      en: `unknown check '${name}': expected ${CHECKS.map((c) => c.name).join(", ")}`,
      zh: `未知的检验 '${name}'：应为 ${CHECKS.map((c) => c.name).join("、")}`,
    }, "check");
  }
  return CHECKS.filter((c) => names.includes(c.name));
}

function _parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) {
    throw new UsageError({
      en: `--port expects a port number from 1 to 65535, not '${text}'`,
      zh: `--port 需要 1 到 65535 之间的端口号，而不是 '${text}'`,
    }, "check");
  }
  return n;
}

function _list(out: TextOut, json: boolean, lang: Lang): void {
  for (const c of CHECKS) {
    const entry = lookup(c.topic);
    if (json) {
      out.line(
        JSON.stringify({
          kind: "check-info",
          name: c.name,
          section: entry?.section,
          title: entry?.title[lang],
          ...(c.beyond ? { beyond: true } : {}),
        }),
      );
    } else {
      const head = `  ${c.name.padEnd(20)} §${(entry?.section ?? "").padEnd(5)} `;
      out.line(_hanging(head, _beyond(c, lang) + _what(c, lang), out.columns ?? 80));
    }
  }
}

/** The `check` subcommand. */
export const checkCommand: Command = {
  name: "check",
  summary: {
    en: "grade your own echo server against the chapter (-- CMD ARGS…)",
    zh: "按本章检验你自己的回射服务器（check -- CMD ARGS…）",
  },
  help: HELP,
  async run(argv, ctx) {
    const { own, command } = splitAtDashes(argv);
    const { values, positionals } = parseFlags("check", own, {
      only: { type: "string" },
      timeout: { type: "string" },
      "ready-timeout": { type: "string" },
      port: { type: "string" },
      list: { type: "boolean", default: false },
    }, 1);
    const lang = parseLang(values.lang, "check");
    if (values.list) {
      _list(ctx.stdout, values.json, lang);
      return 0;
    }
    if (positionals.length > 0) {
      throw new UsageError({
        en: `put the server command after --: echolab check -- ${positionals[0]}`,
        zh: `请把服务器命令放在 -- 之后：echolab check -- ${positionals[0]}`,
      }, "check");
    }
    if (command.length === 0) {
      throw new UsageError({
        en: "missing server command: echolab check -- CMD [ARGS…]",
        zh: "缺少服务器命令：echolab check -- CMD [ARGS…]",
      }, "check");
    }
    const checks = _pickChecks(values.only);
    const waitMs = (parseSeconds(values.timeout, "--timeout", "check") ?? 3) * 1000;
    const readyMs = (parseSeconds(values["ready-timeout"], "--ready-timeout", "check") ?? 15) *
      1000;
    const port = _parsePort(values.port);
    const { results, interrupted } = await grade({
      command,
      checks,
      waitMs,
      readyMs,
      port,
      json: values.json,
      lang,
      out: ctx.stdout,
    });
    if (interrupted) return shellStatusFor(interrupted);
    return chapterPassed(results) ? 0 : 1;
  },
};
