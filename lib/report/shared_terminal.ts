/**
 * connect writes the echo to stdout and its annotations to stderr. On one
 * terminal they share a line: an echo without a final newline (a line
 * ended with Ctrl-D, binary data) would run into the next annotation
 * (`abcabc   1463.5ms client  echoed 3 bytes`). Start that annotation on a
 * line of its own instead.
 *
 * @module
 */

import type { TextOut } from "../term/output.ts";

/**
 * Wrap the echo and annotation streams; when `sameTerminal`, an annotation
 * after an unterminated echo begins with a newline.
 *
 * @example
 * ```ts
 * const { echo, notes } = sharedTerminal(ctx.stdout, ctx.stderr, Deno.stdout.isTerminal() && Deno.stderr.isTerminal());
 * ```
 */
export function sharedTerminal(
  echo: TextOut,
  notes: TextOut,
  sameTerminal: boolean,
): { echo: TextOut; notes: TextOut } {
  if (!sameTerminal) return { echo, notes };
  let midLine = false;
  return {
    echo: {
      ...echo,
      line: (text) => {
        echo.line(text);
        midLine = false;
      },
      bytes: (data) => {
        echo.bytes(data);
        if (data.length > 0) midLine = data[data.length - 1] !== 0x0a;
      },
    },
    notes: {
      ...notes,
      line: (text) => {
        if (midLine) notes.bytes(new Uint8Array([0x0a]));
        midLine = false;
        notes.line(text);
      },
      bytes: (data) => notes.bytes(data),
    },
  };
}
