/**
 * The lab's skip reason, worked out once per process and shared by every lab
 * scenario and command.
 *
 * @module
 */

import type { Lang } from "../lang.ts";
import { labUnavailable } from "./availability.ts";
import { systemProbe } from "./system_probe.ts";
import type { Bilingual } from "../lang.ts";

let _cached: Promise<Bilingual | undefined> | undefined;

/**
 * Why the lab cannot run here, in `lang`, or undefined when it can.
 *
 * @example
 * ```ts
 * const why = await labSkipReason("en");
 * ```
 */
export async function labSkipReason(lang: Lang): Promise<string | undefined> {
  _cached ??= labUnavailable(systemProbe());
  return (await _cached)?.[lang];
}
