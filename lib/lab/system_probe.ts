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
import { readProc } from "../proc/proc_file.ts";

import { whichTool } from "../sys/which_tool.ts";

/** PATH lookup (now in lib/sys/which_tool.ts; kept here for its callers). */
export { whichTool };

/** The effective uid from /proc (Deno.uid() would need --allow-sys). */
function _effectiveUid(): number | undefined {
  try {
    const m = /^Uid:\s+\d+\s+(\d+)/m.exec(readProc("/proc/self/status"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

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
    isRoot: _effectiveUid() === 0,
  };
}
