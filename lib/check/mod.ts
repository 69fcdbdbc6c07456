/**
 * Every check of `echolab check`, in the order of the chapter's story.
 *
 * @module
 */

import { clientKilledCheck } from "./client_killed.ts";
import { concurrentCheck } from "./concurrent.ts";
import { echoCheck } from "./echo.ts";
import { eintrCheck } from "./eintr.ts";
import { gracefulStopCheck } from "./graceful_stop.ts";
import { rstBeforeAcceptCheck } from "./rst_before_accept.ts";
import { sigtermCheck } from "./sigterm.ts";
import { signalsNotQueuedCheck } from "./signals_not_queued.ts";
import type { Check } from "./types.ts";
import { zombiesCheck } from "./zombies.ts";

/**
 * The checks, §5.2 to §5.16, then those beyond the book (`beyond: true`:
 * they never fail the chapter).
 *
 * @example
 * ```ts
 * CHECKS.map((c) => c.name); // ["echo", "concurrent", "zombies", …]
 * ```
 */
export const CHECKS: readonly Check[] = [
  echoCheck,
  concurrentCheck,
  zombiesCheck,
  signalsNotQueuedCheck,
  rstBeforeAcceptCheck,
  clientKilledCheck,
  eintrCheck,
  sigtermCheck,
  gracefulStopCheck,
];
