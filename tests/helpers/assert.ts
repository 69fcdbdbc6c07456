/**
 * Small assertion helpers over node:assert/strict (std's @std/assert is not
 * reachable here).
 *
 * @module
 */

import nodeAssert from "node:assert/strict";

/** Assert `cond` is truthy. */
export function assert(cond: unknown, message?: string): asserts cond {
  nodeAssert.ok(cond, message);
}

/** Assert deep strict equality. */
export function assertEqual<T>(
  actual: unknown,
  expected: T,
  message?: string,
): asserts actual is T {
  nodeAssert.deepStrictEqual(actual, expected, message);
}

/** Assert `fn` rejects. */
export async function assertRejects(fn: () => Promise<unknown>, message?: string): Promise<void> {
  await nodeAssert.rejects(fn, message);
}
