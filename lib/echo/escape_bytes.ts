/**
 * Bytes a server sent, made safe to show: control bytes (an ESC that would
 * start a terminal escape sequence, a carriage return that would overwrite
 * the line, a bidi override that would reorder it) become visible escapes
 * such as `\x1b`, never executed by the terminal.
 *
 * @module
 */

/** Options for {@link escapeBytes}. */
export interface EscapeOptions {
  /**
   * For the echo itself on a terminal: keep line breaks, tabs and
   * backslashes as they are, escape only what the terminal would act on.
   * Default: everything but printable text is escaped (`\n` too).
   */
  terminal?: boolean;
}

/** Code points a terminal acts on or that reorder text: C1 controls, bidi controls, DEL. */
function _unsafe(cp: number): boolean {
  return cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0x200e || cp === 0x200f || cp === 0x061c;
}

const _NAMED: Record<number, string> = { 0x09: "\\t", 0x0a: "\\n", 0x0d: "\\r", 0x5c: "\\\\" };

function _hex(b: number): string {
  return `\\x${b.toString(16).padStart(2, "0")}`;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0. */
function _utf8Length(data: Uint8Array, i: number): number {
  const b = data[i];
  const n = b >= 0xc2 && b <= 0xdf
    ? 2
    : b >= 0xe0 && b <= 0xef
    ? 3
    : b >= 0xf0 && b <= 0xf4
    ? 4
    : 0;
  if (n === 0 || i + n > data.length) return 0;
  for (let k = 1; k < n; k++) if ((data[i + k] & 0xc0) !== 0x80) return 0;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(data.subarray(i, i + n));
  } catch {
    return 0; // overlong, surrogate or beyond U+10FFFF
  }
  return n;
}

/**
 * `data` as text with every control byte, invalid UTF-8 byte and
 * reordering character written as an escape (`\x1b`, `\r`, `\u202e`); a
 * backslash is doubled so that the escapes are unambiguous.
 *
 * @example
 * ```ts
 * escapeBytes(new TextEncoder().encode("\x1b[31mXXXX\n")); // "\\x1b[31mXXXX\\n"
 * escapeBytes(new TextEncoder().encode("héllo\n"), { terminal: true }); // "héllo\n"
 * ```
 */
export function escapeBytes(data: Uint8Array, opts: EscapeOptions = {}): string {
  let out = "";
  let i = 0;
  while (i < data.length) {
    const b = data[i];
    if (b < 0x80) {
      if (opts.terminal && (b === 0x0a || b === 0x09 || b === 0x5c)) out += String.fromCharCode(b);
      else if (_NAMED[b]) out += _NAMED[b];
      else if (_unsafe(b)) out += _hex(b);
      else out += String.fromCharCode(b);
      i++;
      continue;
    }
    const n = _utf8Length(data, i);
    if (n === 0) {
      out += _hex(b);
      i++;
      continue;
    }
    const ch = new TextDecoder().decode(data.subarray(i, i + n));
    const cp = ch.codePointAt(0)!;
    out += _unsafe(cp) ? `\\u${cp.toString(16).padStart(4, "0")}` : ch;
    i += n;
  }
  return out;
}
