/**
 * An output that outlives its reader. When whoever reads a long-running
 * server's stdout goes away (`echolab serve | head`, a closed `tee`), the
 * next write fails with EPIPE — Deno ignores SIGPIPE, so it is an error, not
 * death (UNP §5.13). Thrown from inside an event, it would end the server
 * without ending its children; here it is reported once, and what follows is
 * dropped, so the server can shut down in order.
 *
 * @module
 */

import type { TextOut } from "./output.ts";

/**
 * Wrap `out` so that a broken pipe calls `onGone` (once) instead of throwing.
 *
 * @example
 * ```ts
 * const gone = new AbortController();
 * const out = guardOutput(ctx.stdout, () => gone.abort("SIGPIPE"));
 * ```
 */
export function guardOutput(out: TextOut, onGone: () => void): TextOut {
  let gone = false;
  const guarded = (write: () => void) => {
    if (gone) return;
    try {
      write();
    } catch (err) {
      if (!(err instanceof Deno.errors.BrokenPipe)) throw err;
      gone = true;
      onGone();
    }
  };
  return {
    line: (text) => guarded(() => out.line(text)),
    bytes: (data) => guarded(() => out.bytes(data)),
    color: out.color,
    columns: out.columns,
  };
}
