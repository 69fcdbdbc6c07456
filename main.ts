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

import { returnToTaskCwd } from "./lib/cli/task_cwd.ts";
import { COMMANDS, findCommand, topHelp } from "./lib/commands/mod.ts";
import { detectLang, envGetter, type Lang } from "./lib/lang.ts";
import { textOut } from "./lib/term/output.ts";
import { wrapColumns } from "./lib/term/text_width.ts";
import { VERSION } from "./lib/version.ts";

/** Run echolab with `argv`; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const stdout = textOut(Deno.stdout);
  const stderr = textOut(Deno.stderr);
  const lang = _langFlag(argv) ?? detectLang(envGetter);
  try {
    const [name, ...rest] = _langAfterCommand(argv);
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      if (name === "help" && rest[0] && !rest[0].startsWith("-")) {
        return await main([rest[0], "--help", ...rest.slice(1)]);
      }
      // Asked for: help on stdout, exit 0. No command at all is a usage error: stderr, exit 2.
      (name === undefined ? stderr : stdout).line(await topHelp(lang));
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
      const { runInternal } = await import("./lib/commands/internal.ts");
      return await runInternal(name, rest);
    }
    const command = await findCommand(name);
    if (!command) {
      const { UsageError } = await import("./lib/errors.ts");
      if (name.startsWith("-")) {
        throw new UsageError({ en: `unknown option '${name}'`, zh: `未知选项 '${name}'` });
      }
      // `conect` → connect, as `chaos zombeis` → zombies.
      const { didYouMean, suggestKeys } = await import("./lib/explain/suggest.ts");
      const near = didYouMean(suggestKeys(name, COMMANDS.map((c) => c.name)), { en: "", zh: "" });
      throw new UsageError({
        en: `unknown command '${name}'${near.en}`,
        zh: `未知命令 '${name}'${near.zh}`,
      });
    }
    // Flags after `--` belong to the learner's command (check -- ./srv -h), not to echolab.
    const own = _own(rest);
    if (own.includes("--help") || own.includes("-h")) {
      stdout.line(command.help[lang]);
      return 0;
    }
    return await command.run(rest, { stdout, stderr, lang });
  } catch (err) {
    // The reader of our stdout went away (`echolab explain --list | head`): stop
    // quietly with the status a process killed by SIGPIPE would have (128 + 13).
    if (err instanceof Deno.errors.BrokenPipe) return 141;
    const { userMessage } = await import("./lib/cli/user_message.ts");
    const { lines, exitCode } = userMessage(err, lang);
    try {
      // On a terminal, wrapped at words to its width (a pipe gets one line per message).
      const width = Deno.stderr.isTerminal() ? stderr.columns : undefined;
      for (const line of lines) {
        for (const piece of width ? wrapColumns(line, width, "") : [line]) stderr.line(piece);
      }
    } catch { /* stderr is gone too: the exit status still tells */ }
    return exitCode;
  }
}

/** Echolab's own arguments: those before `--` (the rest belong to the learner's command). */
function _own(argv: string[]): string[] {
  return argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
}

/** The language `--lang en|zh` (or `--lang=…`) asks for; the last valid one wins. */
function _langFlag(argv: string[]): Lang | undefined {
  let lang: Lang | undefined;
  const own = _own(argv);
  own.forEach((arg, i) => {
    const value = arg === "--lang" ? own[i + 1] : arg.startsWith("--lang=") ? arg.slice(7) : "";
    if (value === "en" || value === "zh") lang = value;
  });
  return lang;
}

/** `echolab --lang zh serve …` is `echolab serve --lang zh …` (and `echolab --lang zh` alone, no command). */
function _langAfterCommand(argv: string[]): string[] {
  const lead = argv[0] === "--lang" && argv.length > 1 ? 2 : argv[0]?.startsWith("--lang=") ? 1 : 0;
  if (lead === 0) return argv;
  const [name, ...rest] = argv.slice(lead);
  return name === undefined ? [] : [name, ...argv.slice(0, lead), ...rest];
}

if (import.meta.main) {
  returnToTaskCwd();
  Deno.exit(await main(Deno.args));
}
