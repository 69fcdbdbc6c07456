/**
 * Typed errors. {@link UsageError} is bad input (exit 2); {@link SysError}
 * is a system call that failed, carrying its errno name. `main.ts` turns
 * both into the user's one-line message through {@link userMessage}.
 *
 * @module
 */

import { lookup } from "../explain/catalogue.ts";
import type { Lang } from "../lang.ts";
import { errnoOf } from "../sys/errno.ts";

/** Bad input from the user: one line on stderr, a usage hint, exit code 2. */
export class UsageError extends Error {
  /** The subcommand whose help the hint points at, if any. */
  readonly command?: string;

  /** `message` is the one line; `command` names the subcommand for the hint. */
  constructor(message: string, command?: string) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/** A system call that failed, with the errno name the book would print. */
export class SysError extends Error {
  /** The call, e.g. `listen`, `connect`, `accept`, `read`, `write`. */
  readonly op: string;
  /** Errno name, e.g. `EADDRINUSE`. */
  readonly errno: string;
  /** Exit code to use if this reaches main: 2 when it stems from the user's input. */
  readonly exitCode: number;

  /** Wrap a failed call `op` with its `errno` name. */
  constructor(op: string, errno: string, message: string, exitCode = 1) {
    super(message);
    this.name = "SysError";
    this.op = op;
    this.errno = errno;
    this.exitCode = exitCode;
  }

  /** Build a SysError from any thrown error (Deno error, FFI error …). */
  static from(op: string, err: unknown, exitCode = 1): SysError {
    if (err instanceof SysError) return err;
    const errno = errnoOf(err) ?? "EUNKNOWN";
    const message = err instanceof Error ? err.message : String(err);
    return new SysError(op, errno, message, exitCode);
  }
}

/** What main prints and returns for an error that reached it. */
export interface UserFacingError {
  /** Lines for stderr (one for the error, maybe one hint). */
  lines: string[];
  /** Process exit code. */
  exitCode: number;
}

/**
 * The one place that turns an error into the user's message and exit code.
 *
 * @example
 * ```ts
 * userMessage(new UsageError("bad port 'x'", "serve"), "en").exitCode; // 2
 * ```
 */
export function userMessage(err: unknown, lang: Lang): UserFacingError {
  if (err instanceof UsageError) {
    const hint = err.command
      ? (lang === "zh"
        ? `请运行 'echolab ${err.command} --help' 查看用法。`
        : `Try 'echolab ${err.command} --help'.`)
      : (lang === "zh" ? "请运行 'echolab --help' 查看用法。" : "Try 'echolab --help'.");
    return { lines: [`echolab: ${err.message}`, hint], exitCode: 2 };
  }
  if (err instanceof SysError) {
    const entry = lookup(err.errno);
    const why = entry ? ` — ${entry.title[lang]}` : "";
    return {
      lines: [`echolab: ${err.op}: ${err.errno}${why} (${err.message})`],
      exitCode: err.exitCode,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { lines: [`echolab: internal error: ${message}`], exitCode: 1 };
}
