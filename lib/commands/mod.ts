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
 * serve?.summary; // "run the concurrent echo server (one child process per client)"
 * ```
 */
export async function findCommand(name: string): Promise<Command | undefined> {
  return await COMMANDS.find((c) => c.name === name)?.load();
}

/**
 * The text of `echolab --help` (loads every command for its summary).
 *
 * @example
 * ```ts
 * console.log(await topHelp());
 * ```
 */
export async function topHelp(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((c) => c.load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
  return `echolab — UNIX Network Programming, chapter 5, happening on your machine

Usage: echolab <command> [options]

Commands:
${list}

Options:
  -h, --help     show help (also: echolab <command> --help)
  --version      print the version

Every command takes --json (NDJSON events on stdout) and --lang en|zh
(default from LANG).

Example — the chapter's two terminals:
  terminal 1:  echolab serve
  terminal 2:  echolab connect
`;
}
