/**
 * The real system behind {@link Probe}: PATH lookup, /proc reads, commands.
 * `ECHOLAB_LAB_PROC` points the /proc reads at another directory (tests use
 * it to fake a system whose user namespaces are switched off).
 *
 * @module
 */

import { messageOf } from "../sys/errno.ts";
import { envGetter } from "../lang.ts";
import type { Probe } from "./availability.ts";
import { effectiveUid } from "../proc/effective_uid.ts";
import { readProc } from "../proc/proc_file.ts";

import { whichTool } from "../sys/which_tool.ts";

/**
 * The probe of this machine.
 *
 * @example
 * ```ts
 * const why = await labUnavailable(systemProbe());
 * ```
 */
export function systemProbe(): Probe {
  const procRoot = envGetter("ECHOLAB_LAB_PROC") ?? "/proc";
  return {
    os: Deno.build.os,
    which: (tool) => whichTool(tool),
    readProc(path) {
      try {
        return readProc(`${procRoot}/${path}`);
      } catch {
        return undefined;
      }
    },
    async run(cmd, args) {
      try {
        const out = await new Deno.Command(cmd, {
          args,
          stdin: "null",
          stdout: "null",
          stderr: "piped",
        }).output();
        return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
      } catch (err) {
        return { code: 127, stderr: messageOf(err) };
      }
    },
    isRoot: effectiveUid() === 0,
  };
}
