/**
 * The subcommand registry and the top-level help.
 *
 * @module
 */

import type { Command } from "../cli/command.ts";
import { chaosCommand } from "./chaos.ts";
import { connectCommand } from "./connect.ts";
import { hostCommand } from "./host.ts";
import { serveCommand } from "./serve.ts";

/** Every subcommand, in the order `echolab --help` lists them. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  connectCommand,
  chaosCommand,
  hostCommand,
];

/** Find a subcommand by name. */
export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The text of `echolab --help`. */
export function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
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
