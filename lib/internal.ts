/**
 * Internal entry points (`echolab __name …`) for the processes echolab starts
 * itself. Not for users; not listed in help.
 *
 * @module
 */

import { floodClient } from "./check/flood.ts";
import { strEcho } from "./echo/str_echo.ts";

/** Run internal entry point `name`; resolves to the exit code. */
export async function runInternal(name: string, _args: string[]): Promise<number> {
  switch (name) {
    case "__str-echo":
      try {
        await strEcho(Deno.stdin, Deno.stdout);
        return 0;
      } catch {
        return 1; // the parent went away: nothing to report to
      }
    case "__check-flood":
      return await floodClient(Number(_args[0]));
    default:
      return 2;
  }
}
