/**
 * An output that outlives its reader. When whoever reads a long-running
 * server's stdout goes away (`echolab serve | head`, a closed `tee`), the
 * next write fails with EPIPE — Deno ignores SIGPIPE, so it is an error, not
 * death (UNP §5.13). A terminal that closes gives EIO instead (and SIGHUP).
 * Thrown from inside an event, either would end the server without ending
 * its children; here it is reported once, as the signal it stands for, and
 * what follows is dropped, so the server can shut down in order.
 *
 * @module
 */

import { errnoOf } from "../sys/errno.ts";
import type { TextOut } from "./output.ts";

/**
 * Wrap `out` so that a broken pipe calls `onGone` (once) instead of throwing.
 *
 * @example
 * ```ts
 * const gone = new AbortController();
 * const out = guardOutput(ctx.stdout, (why) => gone.abort(why));
 * ```
 */
export function guardOutput(
  out: TextOut,
  onGone: (why: "SIGPIPE" | "SIGHUP") => void,
): TextOut {
  let gone = false;
  const guarded = (write: () => void) => {
    if (gone) return;
    try {
      write();
    } catch (err) {
      const hungUp = errnoOf(err) === "EIO"; // the terminal is gone
      if (!(err instanceof Deno.errors.BrokenPipe) && !hungUp) throw err;
      gone = true;
      onGone(hungUp ? "SIGHUP" : "SIGPIPE");
    }
  };
  return {
    line: (text) => guarded(() => out.line(text)),
    bytes: (data) => guarded(() => out.bytes(data)),
    color: out.color,
    columns: out.columns,
  };
}
