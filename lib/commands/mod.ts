/**
 * The subcommand registry and the top-level help.
 *
 * Commands load lazily: `echolab --version` and the server's `__str-echo`
 * children never parse the modules of commands they do not run (see
 * bench/README.md for the measured start times). Every `import()` below has a
 * static string specifier, so `deno compile` still finds and embeds them.
 *
 * @module
 */

import type { Command } from "../cli/command.ts";
import type { Lang } from "../lang.ts";

/** A registered subcommand: its name and how to load it. */
export interface CommandEntry {
  /** Name typed by the user. */
  name: string;
  /** Import the command's module (a static specifier, for `deno compile`). */
  load(): Promise<Command>;
}

/** Every subcommand, in the order `echolab --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "serve", load: async () => (await import("./serve.ts")).serveCommand },
  { name: "connect", load: async () => (await import("./connect.ts")).connectCommand },
  { name: "watch", load: async () => (await import("./watch.ts")).watchCommand },
  { name: "chaos", load: async () => (await import("./chaos.ts")).chaosCommand },
  { name: "host", load: async () => (await import("./host.ts")).hostCommand },
  { name: "explain", load: async () => (await import("./explain.ts")).explainCommand },
  { name: "check", load: async () => (await import("./check.ts")).checkCommand },
  { name: "workshop", load: async () => (await import("./workshop.ts")).workshopCommand },
];

/**
 * Find and load a subcommand by name.
 *
 * @example
 * ```ts
 * const serve = await findCommand("serve");
 * serve?.summary.en; // "run the concurrent echo server (one child process per client)"
 * ```
 */
export async function findCommand(name: string): Promise<Command | undefined> {
  return await COMMANDS.find((c) => c.name === name)?.load();
}

/**
 * The text of `echolab --help` in `lang` (loads every command for its summary).
 *
 * @example
 * ```ts
 * console.log(await topHelp("zh"));
 * ```
 */
export async function topHelp(lang: Lang = "en"): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((c) => c.load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary[lang]}`).join("\n");
  return lang === "zh" ? _topZh(list) : _topEn(list);
}

function _topEn(list: string): string {
  return `echolab — UNIX Network Programming, chapter 5, happening on your machine

Usage: echolab <command> [options]

Commands:
${list}

Options:
  -h, --help     this help (also: echolab help <command>, <command> --help)
  --version      print the version

Every command takes --json (NDJSON events on stdout) and --lang en|zh
(default: Chinese when LC_ALL, else LC_MESSAGES, else LANG starts with zh).

Example — the chapter's two terminals:
  terminal 1:  echolab serve
  terminal 2:  echolab connect
`;
}

function _topZh(list: string): string {
  return `echolab — 《UNIX网络编程》第 5 章，在你的机器上真实地发生

用法：echolab <命令> [选项]

命令：
${list}

选项：
  -h, --help     显示帮助（也可以：echolab help <命令>、<命令> --help）
  --version      打印版本号

每个命令都接受 --json（在标准输出上输出 NDJSON 事件）和 --lang en|zh
（默认：LC_ALL，否则 LC_MESSAGES，否则 LANG 以 zh 开头时用中文）。

示例 — 本章的两个终端：
  终端 1：  echolab serve
  终端 2：  echolab connect
`;
}
