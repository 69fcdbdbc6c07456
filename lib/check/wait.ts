/**
 * Bounded polling: every wait in `echolab check` has a limit.
 *
 * @module
 */

import type { CheckOutcome } from "./types.ts";

/**
 * Poll `cond` every 10 ms until it is true or `ms` pass; resolve to its last value.
 *
 * @example
 * ```ts
 * await waitUntil(() => server.zombies().length === 0, 1000);
 * ```
 */
export async function waitUntil(cond: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (cond()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Outcome helpers: `pass(en, zh, data)` and `fail(en, zh, data)`.
 *
 * @example
 * ```ts
 * return pass("all reaped", "全部已回收", { zombies: 0 });
 * ```
 */
export function pass(en: string, zh: string, data?: Record<string, unknown>): CheckOutcome {
  return { status: "pass", observed: { en, zh }, data };
}

/** A failed outcome; see {@link pass}. */
export function fail(en: string, zh: string, data?: Record<string, unknown>): CheckOutcome {
  return { status: "fail", observed: { en, zh }, data };
}
