/**
 * Picks the OS constants for this machine (`Deno.build.os` / `arch`). Only
 * Linux on x86_64 and aarch64 is filled in so far; macOS can follow by adding
 * constants_darwin.ts with the same {@link OsConstants} shape.
 *
 * @module
 */

import { LINUX_CONSTANTS } from "./constants_linux.ts";
import type { OsConstants } from "./os_constants.ts";

/**
 * Why the book engine cannot run on this machine, or undefined when it can.
 *
 * @example
 * ```ts
 * bookEngineUnsupported(); // undefined on Linux x86_64
 * ```
 */
export function bookEngineUnsupported(
  os: string = Deno.build.os,
  arch: string = Deno.build.arch,
): string | undefined {
  if (os !== "linux") {
    return `the book engine (libc through FFI) supports Linux so far, not ${os}`;
  }
  if (arch !== "x86_64" && arch !== "aarch64") {
    return `the book engine supports Linux on x86_64 and aarch64, not ${arch}`;
  }
  return undefined;
}

/**
 * The constants for this OS, or throws when the book engine cannot run here.
 *
 * @example
 * ```ts
 * osConstants().signals.SIGCHLD; // 17 on Linux
 * ```
 */
export function osConstants(): OsConstants {
  const why = bookEngineUnsupported();
  if (why) throw new Error(why);
  return LINUX_CONSTANTS;
}
