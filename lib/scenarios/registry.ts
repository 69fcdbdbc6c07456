/**
 * Every chaos scenario, in the chapter's order.
 *
 * @module
 */

import { abortBeforeAccept } from "./abort_before_accept.ts";
import { dataFormat } from "./data_format.ts";
import { eintr } from "./eintr.ts";
import type { Scenario } from "./scenario.ts";
import { crashReboot } from "./crash_reboot.ts";
import { hostCrash } from "./host_crash.ts";
import { hostShutdown } from "./host_shutdown.ts";
import { hostUnreachable } from "./host_unreachable.ts";
import { keepalive } from "./keepalive.ts";
import { noRoute } from "./no_route.ts";
import { readTimeout } from "./read_timeout.ts";
import { routerUnreachable } from "./router_unreachable.ts";
import { serverKilled } from "./server_killed.ts";
import { signalsNotQueued } from "./signals_not_queued.ts";
import { sigpipe } from "./sigpipe.ts";
import { zombies } from "./zombies.ts";

/** All scenarios `echolab chaos` knows, in book order. */
export const SCENARIOS: readonly Scenario[] = [
  zombies,
  eintr,
  signalsNotQueued,
  abortBeforeAccept,
  serverKilled,
  sigpipe,
  hostCrash,
  hostUnreachable,
  routerUnreachable,
  noRoute,
  readTimeout,
  keepalive,
  crashReboot,
  hostShutdown,
  dataFormat,
];

/**
 * Find a scenario by name.
 *
 * @example
 * ```ts
 * findScenario("server-killed")?.section; // "5.12"
 * ```
 */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
