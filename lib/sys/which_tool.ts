/**
 * PATH lookup, as a shell does it: the first executable regular file named
 * `tool` in a PATH directory.
 *
 * @module
 */

import { envGetter } from "../lang.ts";

/**
 * Find `tool` on PATH, as a shell would.
 *
 * @example
 * ```ts
 * whichTool("ip"); // "/usr/sbin/ip"
 * ```
 */
export function whichTool(tool: string, path = envGetter("PATH") ?? ""): string | undefined {
  for (const dir of path.split(":")) {
    if (!dir) continue;
    const full = `${dir}/${tool}`;
    try {
      const info = Deno.statSync(full);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return full;
    } catch { /* not here */ }
  }
  return undefined;
}
