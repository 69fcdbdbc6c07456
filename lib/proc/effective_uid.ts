/**
 * The effective uid of this process, from /proc/self/status (Deno.uid()
 * would need --allow-sys).
 *
 * @module
 */

import { readProc } from "./proc_file.ts";

/**
 * The effective uid (the second number of the `Uid:` line), or undefined when
 * /proc cannot say.
 *
 * @example
 * ```ts
 * effectiveUid() === 0; // true when running as root
 * ```
 */
export function effectiveUid(): number | undefined {
  try {
    const m = /^Uid:\s+\d+\s+(\d+)/m.exec(readProc("/proc/self/status"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
