import { assertEqual } from "../../tests/helpers/assert.ts";
import { escapeBytes } from "./escape_bytes.ts";

const enc = (s: string) => new TextEncoder().encode(s);

Deno.test("escapeBytes: control bytes, invalid UTF-8 and bidi overrides are shown, never raw", () => {
  assertEqual(escapeBytes(enc("\x1b[31mXXXX\n")), "\\x1b[31mXXXX\\n");
  assertEqual(escapeBytes(enc("a\rb\tc\\d\x7f")), "a\\rb\\tc\\\\d\\x7f");
  assertEqual(escapeBytes(new Uint8Array([0xff, 0x41, 0xc3])), "\\xff" + "A" + "\\xc3");
  assertEqual(escapeBytes(enc("héllo 回射")), "héllo 回射");
  assertEqual(escapeBytes(enc("abc\u202edef\u0085")), "abc\\u202edef\\u0085");
});

Deno.test("escapeBytes terminal: line breaks, tabs and backslashes stay; escapes do not", () => {
  assertEqual(escapeBytes(enc("a\\b\tc\n"), { terminal: true }), "a\\b\tc\n");
  assertEqual(escapeBytes(enc("\x1b]0;pwned\x07\n"), { terminal: true }), "\\x1b]0;pwned\\x07\n");
});
