/**
 * The one place that turns an error into the user's message and exit code:
 * a {@link UsageError} (bad input, exit 2), a {@link SysError} (a failed
 * call, with its errno's catalogue title), or anything else (an internal
 * error, exit 1).
 *
 * @module
 */

import { SysError, UsageError } from "../errors.ts";
import { lookup } from "../explain/catalogue.ts";
import type { Bilingual, Lang } from "../lang.ts";
import { messageOf } from "../sys/errno.ts";

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
