/**
 * Typed errors, the bottom of lib/'s layers. {@link UsageError} is bad input
 * (exit 2); {@link SysError} is a system call that failed, carrying its errno
 * name (`sysErrorFrom` in lib/sys/errno.ts wraps any thrown error). One place,
 * lib/cli/user_message.ts, turns both into the user's one-line message. Each
 * carries its line in English and Chinese ({@link Bilingual}), written at the
 * throw site; the user's language is picked when the message is printed.
 *
 * @module
 */

import type { Bilingual } from "./lang.ts";

/**
 * Bad input from the user: one line on stderr, a usage hint, exit code 2.
 * The line exists in English and Chinese; `message` (what a stack trace or
 * an event shows) is the English one.
 *
 * @example
 * ```ts
 * throw new UsageError({ en: "missing topic", zh: "缺少主题" }, "explain");
 * ```
 */
export class UsageError extends Error {
  /** The one line in both languages; the message printer picks one. */
  readonly text: Bilingual;
  /** The subcommand whose help the hint points at, if any. */
  readonly command?: string;

  /** `text` is the one line (en and zh); `command` names the subcommand for the hint. */
  constructor(text: Bilingual, command?: string) {
    super(text.en);
    this.name = "UsageError";
    this.text = text;
    this.command = command;
  }
}

/**
 * A system call that failed, with the errno name the book would print.
 *
 * @example
 * ```ts
 * throw new SysError("bind", "EADDRINUSE", { en: "bind failed", zh: "bind 失败" }, 2);
 * ```
 */
export class SysError extends Error {
  /** The call, e.g. `listen`, `connect`, `accept`, `read`, `write`. */
  readonly op: string;
  /** Errno name, e.g. `EADDRINUSE`. */
  readonly errno: string;
  /** The detail in both languages (`message` is the English one). */
  readonly text: Bilingual;
  /** Exit code to use if this reaches main: 2 when it stems from the user's input. */
  readonly exitCode: number;

  /** Wrap a failed call `op` with its `errno` name and a detail `text` in en and zh. */
  constructor(op: string, errno: string, text: Bilingual, exitCode = 1) {
    super(text.en);
    this.name = "SysError";
    this.op = op;
    this.errno = errno;
    this.text = text;
    this.exitCode = exitCode;
  }
}
