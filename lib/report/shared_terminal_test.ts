import { assertEqual } from "../../tests/helpers/assert.ts";
import { sharedTerminal } from "./shared_terminal.ts";
import type { TextOut } from "../term/output.ts";

/** One terminal: both streams append to the same screen text. */
function _screen(): { out: TextOut; text: () => string } {
  let text = "";
  const out: TextOut = {
    line: (t) => void (text += t + "\n"),
    bytes: (d) => void (text += new TextDecoder().decode(d)),
    color: false,
    columns: 80,
  };
  return { out, text: () => text };
}

Deno.test("sharedTerminal: an annotation after an unterminated echo starts on its own line", () => {
  const screen = _screen();
  const { echo, notes } = sharedTerminal(screen.out, screen.out, true);
  echo.bytes(new TextEncoder().encode("abc"));
  notes.line("echoed 3 bytes");
  echo.bytes(new TextEncoder().encode("line\n"));
  notes.line("echoed 5 bytes");
  assertEqual(screen.text(), "abc\nechoed 3 bytes\nline\nechoed 5 bytes\n");
});

Deno.test("sharedTerminal: separate streams (a pipe) are left alone", () => {
  const screen = _screen();
  const { echo, notes } = sharedTerminal(screen.out, screen.out, false);
  echo.bytes(new TextEncoder().encode("abc"));
  notes.line("echoed 3 bytes");
  assertEqual(screen.text(), "abcechoed 3 bytes\n");
});
