/**
 * The shape of a subcommand: one file per subcommand under `lib/commands/`.
 *
 * @module
 */

import type { Bilingual, Lang } from "../lang.ts";
import type { TextOut } from "../term/output.ts";

/** What a subcommand gets from main. */
export interface Context {
  /** Standard output (NDJSON with --json; data otherwise). */
  stdout: TextOut;
  /** Standard error (annotations for connect, help, errors). */
  stderr: TextOut;
  /** Language picked before the subcommand parsed its own flags (for errors). */
  lang: Lang;
}

/** A subcommand. */
export interface Command {
  /** Name typed by the user. */
  name: string;
  /** One line for `echolab --help`, in both languages. */
  summary: Bilingual;
  /**
   * Full help, with examples, in both languages: option names, flag values,
   * command lines, errno/signal names and section numbers are the same Latin
   * text in both.
   */
  help: Bilingual;
  /** Run with the arguments after the subcommand name; resolve to the exit code. */
  run(args: string[], ctx: Context): Promise<number>;
}
