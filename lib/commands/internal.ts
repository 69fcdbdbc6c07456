/**
 * Internal entry points (`echolab __name …`) for the processes echolab starts
 * itself. Not for users; not listed in help.
 *
 * @module
 */

import { strEcho } from "../echo/str_echo.ts";

/** Run internal entry point `name`; resolves to the exit code. */
export async function runInternal(name: string, args: string[]): Promise<number> {
  switch (name) {
    case "__str-echo":
      try {
        await strEcho(Deno.stdin, Deno.stdout);
        return 0;
      } catch {
        return 1; // the parent went away: nothing to report to
      }
    case "__lab": {
      // The lab network's PID 1 (lib/lab/launch.ts starts it inside unshare).
      const { labMain } = await import("./internal_lab.ts");
      return await labMain(args);
    }
    case "__check-flood": {
      const { floodClient } = await import("../check/flood.ts");
      return await floodClient(Number(args[0]));
    }
    default:
      return 2;
  }
}
