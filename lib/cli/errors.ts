/**
 * Typed errors. {@link UsageError} is bad input (exit 2); {@link SysError}
 * is a system call that failed, carrying its errno name. `main.ts` turns
 * both into the user's one-line message through {@link userMessage}.
 *
 * @module
 */

import { lookup } from "../explain/catalogue.ts";
import type { Bilingual, Lang } from "../lang.ts";
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

/** What to change when a system call failed because of the user's input (exit 2). */
const _INPUT_HINTS: Record<string, Bilingual> = {
  EADDRINUSE: {
    en:
      "Another socket holds this port: choose another with --port N (0: any free port); `ss -ltnp` shows who has it.",
    zh:
      "另一个套接字占用了这个端口：用 --port N 换一个（0：任一空闲端口）；`ss -ltnp` 可查看是谁占用。",
  },
  EADDRNOTAVAIL: {
    en: "This machine has no such address: use 127.0.0.1, or an address that `ip addr` lists.",
    zh: "本机没有这个地址：请用 127.0.0.1，或 `ip addr` 列出的地址。",
  },
  EACCES: {
    en: "Ports below 1024 need privileges: use a port of 1024 or more (the book's 9877 is fine).",
    zh: "1024 以下的端口需要特权：请使用 1024 及以上的端口（书中的 9877 即可）。",
  },
  default: { en: "Try 'echolab --help'.", zh: "请运行 'echolab --help' 查看用法。" },
};

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
    const line = `echolab: ${err.op}: ${err.errno}${why} (${err.message})`;
    // Exit 2: the user's input (an address or port) caused it: say what to change.
    if (err.exitCode !== 2) return { lines: [line], exitCode: err.exitCode };
    const hint = _INPUT_HINTS[err.errno] ?? _INPUT_HINTS.default;
    return { lines: [line, hint[lang]], exitCode: 2 };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { lines: [`echolab: internal error: ${message}`], exitCode: 1 };
}
