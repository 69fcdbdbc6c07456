/**
 * echolab — entry point: parse argv, dispatch to a subcommand, set the exit
 * code. The only place that exits.
 *
 * Everything heavier than argv dispatch loads on demand (commands, the error
 * path and its catalogue), so `echolab --version` and the per-client
 * `__str-echo` children start almost as fast as an empty `deno run`.
 *
 * @module
 */

import { findCommand, topHelp } from "./lib/commands/mod.ts";
import { detectLang, envGetter } from "./lib/lang.ts";
import { textOut } from "./lib/report/output.ts";
import { VERSION } from "./lib/version.ts";

/** Run echolab with `argv`; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const stdout = textOut(Deno.stdout);
  const stderr = textOut(Deno.stderr);
  const langFlag = argv.indexOf("--lang");
  const lang = langFlag >= 0 && argv[langFlag + 1] === "zh"
    ? "zh"
    : langFlag >= 0 && argv[langFlag + 1] === "en"
    ? "en"
    : detectLang(envGetter);
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      if (name === "help" && rest[0]) return await main([rest[0], "--help"]);
      // Asked for: help on stdout, exit 0. No command at all is a usage error: stderr, exit 2.
      (name === undefined ? stderr : stdout).line(await topHelp());
      return name === undefined ? 2 : 0;
    }
    if (name === "--version" || name === "-V") {
      stdout.line(
        rest.includes("--json")
          ? JSON.stringify({ kind: "version", name: "echolab", version: VERSION })
          : `echolab ${VERSION}`,
      );
      return 0;
    }
    if (name.startsWith("__")) {
      // Internal entry points for processes echolab starts itself.
      const { runInternal } = await import("./lib/internal.ts");
      return await runInternal(name, rest);
    }
    const command = await findCommand(name);
    if (!command) {
      const { UsageError } = await import("./lib/cli/errors.ts");
      throw new UsageError(
        name.startsWith("-") ? `unknown option '${name}'` : `unknown command '${name}'`,
      );
    }
    // Flags after `--` belong to the learner's command (check -- ./srv -h), not to echolab.
    const own = rest.includes("--") ? rest.slice(0, rest.indexOf("--")) : rest;
    if (own.includes("--help") || own.includes("-h")) {
      stdout.line(command.help);
      return 0;
    }
    return await command.run(rest, { stdout, stderr, lang });
  } catch (err) {
    // The reader of our stdout went away (`echolab explain --list | head`): stop
    // quietly with the status a process killed by SIGPIPE would have (128 + 13).
    if (err instanceof Deno.errors.BrokenPipe) return 141;
    const { userMessage } = await import("./lib/cli/errors.ts");
    const { lines, exitCode } = userMessage(err, lang);
    for (const line of lines) stderr.line(line);
    return exitCode;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
