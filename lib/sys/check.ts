/**
 * Turns a raw libc return value into a {@link SysResult}: -1 becomes the
 * errno name, read on this thread immediately.
 *
 * @module
 */

import { lastErrnoName } from "./libc.ts";
import { sysFail, sysOk, type SysResult } from "./result.ts";

/**
 * `ret` as a result of `call`: negative → failure with the current errno name.
 * Must be called synchronously right after the libc call, on its thread.
 *
 * @example
 * ```ts
 * check("close", libc().close(fd)); // { ok: true, value: 0 }
 * ```
 */
export function check(call: string, ret: number | bigint): SysResult<number> {
  const n = Number(ret);
  return n < 0 ? sysFail(call, lastErrnoName()) : sysOk(n);
}
