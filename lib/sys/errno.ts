/**
 * Errno names: the Latin-letter names the book prints (EPIPE, ECONNRESET …),
 * from Deno's errors and from raw numbers returned through FFI.
 *
 * @module
 */

import { SysError } from "../errors.ts";
import { LINUX_CONSTANTS } from "./constants_linux.ts";

/** Deno error classes whose `.code` may be missing, mapped to errno names. */
const DENO_CLASS_TO_ERRNO: Record<string, string> = {
  ConnectionRefused: "ECONNREFUSED",
  ConnectionReset: "ECONNRESET",
  ConnectionAborted: "ECONNABORTED",
  NotConnected: "ENOTCONN",
  AddrInUse: "EADDRINUSE",
  AddrNotAvailable: "EADDRNOTAVAIL",
  BrokenPipe: "EPIPE",
  TimedOut: "ETIMEDOUT",
  Interrupted: "EINTR",
  NetworkUnreachable: "ENETUNREACH",
  PermissionDenied: "EACCES",
  WouldBlock: "EAGAIN",
};

/**
 * Linux errno numbers → names (x86_64 and aarch64 share these), from constants_linux.ts.
 *
 * @example
 * ```ts
 * LINUX_ERRNO_NAMES[104]; // "ECONNRESET"
 * ```
 */
export const LINUX_ERRNO_NAMES: Readonly<Record<number, string>> = LINUX_CONSTANTS.errnos;

/**
 * The errno name carried by an error, if any: Deno's `.code` (e.g. "EPIPE"),
 * an `errno` field set by echolab's own errors, the Deno error class, or
 * "os error N" in the message.
 *
 * @example
 * ```ts
 * errnoOf(new Deno.errors.BrokenPipe("x")); // "EPIPE"
 * ```
 */
export function errnoOf(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { code?: unknown; errno?: unknown };
  if (typeof e.errno === "string" && e.errno.startsWith("E")) return e.errno;
  if (typeof e.code === "string" && /^E[A-Z]+$/.test(e.code)) return e.code;
  const byClass = DENO_CLASS_TO_ERRNO[e.name] ?? DENO_CLASS_TO_ERRNO[e.constructor?.name];
  if (byClass) return byClass;
  const m = /os error (\d+)/.exec(e.message);
  if (m) return LINUX_ERRNO_NAMES[Number(m[1])];
  return undefined;
}

/**
 * The text of a thrown value: an Error's message (without Deno's class name
 * in front), anything else as a string.
 *
 * @example
 * ```ts
 * messageOf(new Deno.errors.ConnectionReset("Connection reset by peer (os error 104)"));
 * // "Connection reset by peer (os error 104)"
 * ```
 */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Build a {@link SysError} from any thrown error (Deno error, FFI error …).
 * The detail is the system's own text (Deno's English strerror), kept as is
 * and labelled in Chinese. A SysError is returned unchanged.
 *
 * @example
 * ```ts
 * sysErrorFrom("listen", new Error("Address already in use (os error 98)"), 2).errno; // "EADDRINUSE"
 * ```
 */
export function sysErrorFrom(op: string, err: unknown, exitCode = 1): SysError {
  if (err instanceof SysError) return err;
  const errno = errnoOf(err) ?? "EUNKNOWN";
  const said = messageOf(err);
  return new SysError(op, errno, { en: said, zh: `系统消息：${said}` }, exitCode);
}
