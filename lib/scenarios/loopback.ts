/**
 * Which scenarios talk only over loopback in the namespace echolab runs in
 * (so a private `unshare -rn` namespace can hold them and a capture on `lo`
 * sees all their traffic): every scenario that is not a lab scenario (those
 * run on their own hosts, see lib/lab).
 *
 * @module
 */

import { isLabScenario } from "../lab/lab_scenario.ts";
import type { Scenario } from "./scenario.ts";

/**
 * True when `scenario` runs on loopback in echolab's own namespace.
 *
 * @example
 * ```ts
 * isLoopbackScenario(serverKilled); // true
 * isLoopbackScenario(hostCrash); // false (lab hosts)
 * ```
 */
export function isLoopbackScenario(scenario: Scenario): boolean {
  return !isLabScenario(scenario);
}
