/**
 * What every book-engine wrapper returns, like UNP's wrappers but without
 * exiting: `{ ok: true, value }` or `{ ok: false, call, errno }` with the
 * errno *name* (EINTR, ECONNRESET …), read on the same thread right after
 * the call failed.
 *
 * @module
 */

/** A call that succeeded. */
export interface SysOk<T> {
  /** Discriminant. */
  ok: true;
  /** The call's result. */
  value: T;
}

/** A call that failed, with the errno name. */
export interface SysFail {
  /** Discriminant. */
  ok: false;
  /** The libc function that failed, e.g. `accept`. */
  call: string;
  /** Errno name in Latin letters, e.g. `EINTR`. */
  errno: string;
}

/** The result of a book-engine call. */
export type SysResult<T> = SysOk<T> | SysFail;

/**
 * A success.
 *
 * @example
 * ```ts
 * sysOk(3); // { ok: true, value: 3 }
 * ```
 */
export function sysOk<T>(value: T): SysOk<T> {
  return { ok: true, value };
}

/**
 * A failure of `call` with errno name `errno`.
 *
 * @example
 * ```ts
 * sysFail("accept", "EINTR"); // { ok: false, call: "accept", errno: "EINTR" }
 * ```
 */
export function sysFail(call: string, errno: string): SysFail {
  return { ok: false, call, errno };
}
