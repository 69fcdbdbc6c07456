/**
 * Typed errors. {@link UsageError} is bad input (exit 2); {@link SysError}
 * is a system call that failed, carrying its errno name. `main.ts` turns
 * both into the user's one-line message through {@link userMessage}. Each
 * carries its line in English and Chinese ({@link Bilingual}), written at the
 * throw site; `userMessage` picks the user's language.
 *
 * @module
 */

import { lookup } from "../explain/catalogue.ts";
import type { Bilingual, Lang } from "../lang.ts";
import { errnoOf, messageOf } from "../sys/errno.ts";

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
  /** The one line in both languages; {@link userMessage} picks one. */
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

  /**
   * Build a SysError from any thrown error (Deno error, FFI error …). The
   * detail is the system's own text (Deno's English strerror), kept as is
   * and labelled in Chinese.
   */
  static from(op: string, err: unknown, exitCode = 1): SysError {
    if (err instanceof SysError) return err;
    const errno = errnoOf(err) ?? "EUNKNOWN";
    const said = messageOf(err);
    return new SysError(op, errno, { en: said, zh: `系统消息：${said}` }, exitCode);
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
 * const err = new UsageError({ en: "bad port 'x'", zh: "端口 'x' 无效" }, "serve");
 * userMessage(err, "zh").lines[0]; // "echolab: 端口 'x' 无效"
 * ```
 */
export function userMessage(err: unknown, lang: Lang): UserFacingError {
  if (err instanceof UsageError) {
    const hint = err.command
      ? (lang === "zh"
        ? `请运行 'echolab ${err.command} --help' 查看用法。`
        : `Try 'echolab ${err.command} --help'.`)
      : (lang === "zh" ? "请运行 'echolab --help' 查看用法。" : "Try 'echolab --help'.");
    return { lines: [`echolab: ${err.text[lang]}`, hint], exitCode: 2 };
  }
  if (err instanceof SysError) {
    const entry = lookup(err.errno);
    const why = entry ? ` — ${entry.title[lang]}` : "";
    const line = lang === "zh"
      ? `echolab: ${err.op}：${err.errno}${why}（${err.text.zh}）`
      : `echolab: ${err.op}: ${err.errno}${why} (${err.text.en})`;
    // Exit 2: the user's input (an address or port) caused it: say what to change.
    if (err.exitCode !== 2) return { lines: [line], exitCode: err.exitCode };
    const hint = _INPUT_HINTS[err.errno] ?? _INPUT_HINTS.default;
    return { lines: [line, hint[lang]], exitCode: 2 };
  }
  const message = messageOf(err);
  const line = lang === "zh"
    ? `echolab: 内部错误：${message}`
    : `echolab: internal error: ${message}`;
  return { lines: [line], exitCode: 1 };
}
