/**
 * Terminal column widths of text: CJK characters take two columns, ANSI
 * colour codes none. Used to keep tables and diagrams inside the terminal.
 *
 * @module
 */

// deno-lint-ignore no-control-regex
const _ANSI = /\x1b\[[0-9;]*m/g;

function _isWide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x20000 && code <= 0x3fffd);
}

/**
 * Columns `text` occupies on a terminal.
 *
 * @example
 * ```ts
 * displayWidth("僵尸 Z"); // 6
 * ```
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(_ANSI, "")) width += _isWide(ch.codePointAt(0)!) ? 2 : 1;
  return width;
}

/**
 * Cut plain `text` to at most `width` columns, ending in `…` when cut.
 *
 * @example
 * ```ts
 * truncate("inet_csk_accept", 8); // "inet_cs…"
 * ```
 */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const ch of text) {
    const w = _isWide(ch.codePointAt(0)!) ? 2 : 1;
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out + "…";
}

/**
 * Pad plain `text` with spaces to `width` columns (left-aligned, or right with `right`).
 *
 * @example
 * ```ts
 * pad("Z", 3); // "Z  "
 * ```
 */
export function pad(text: string, width: number, right = false): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/** Split text into wrap units: runs of spaces, runs of narrow non-space text, single wide characters. */
function _tokens(text: string): string[] {
  const tokens: string[] = [];
  let run = "";
  let runIsSpace = false;
  for (const ch of text) {
    const wide = _isWide(ch.codePointAt(0)!);
    const space = /\s/.test(ch);
    if (wide || (run && space !== runIsSpace)) {
      if (run) tokens.push(run);
      run = "";
    }
    if (wide) tokens.push(ch);
    else {
      run += ch;
      runIsSpace = space;
    }
  }
  if (run) tokens.push(run);
  return tokens;
}

/** Closing punctuation that never starts a line (kinsoku): it stays with the character before it. */
const _CLOSING = new Set([..."，。、；：！？）」』】》…,.;:!?)]}\uff09"]);
/** Opening brackets that never end a line: they go down with the character after them. */
const _OPENING = new Set([..."（「『【《\uff08"]);

/**
 * Wrap units: tokens joined so that closing punctuation stays with the unit
 * before it and an opening bracket with the unit after it (the basic
 * kinsoku rule, which Chinese typesetting follows).
 */
function _units(text: string): string[] {
  const units: string[] = [];
  let glueNext = false;
  for (const token of _tokens(text)) {
    const space = /^\s+$/.test(token);
    const last = units.length - 1;
    if (!space && last >= 0 && !/^\s+$/.test(units[last]) && (glueNext || _CLOSING.has(token[0]))) {
      units[last] += token;
    } else units.push(token);
    glueNext = !space && _OPENING.has([...token].at(-1)!);
  }
  return units;
}

/**
 * Wrap `text` into lines of at most `width` columns, each starting with
 * `indent`: breaks at spaces and between CJK characters (Chinese has no
 * spaces), keeps Latin words (errno and function names) whole unless one is
 * longer than a line. Closing punctuation (，。）…) never starts a line and
 * an opening bracket (（「) never ends one: the character next to it moves
 * with it.
 *
 * @example
 * ```ts
 * wrapColumns("僵尸进程僵尸进程", 10, "  "); // ["  僵尸进程", "  僵尸进程"]
 * wrapColumns("僵尸进程僵尸。", 12, ""); // ["僵尸进程僵", "尸。"]
 * ```
 */
export function wrapColumns(text: string, width: number, indent: string): string[] {
  const room = Math.max(10, width - displayWidth(indent));
  const out: string[] = [];
  let line = "";
  const flush = () => {
    if (line.trim()) out.push(indent + line.trim());
    line = "";
  };
  for (const token of _units(text)) {
    if (/^\s+$/.test(token)) {
      if (line) line += " ";
      continue;
    }
    if (displayWidth(line + token) <= room) {
      line += token;
      continue;
    }
    flush();
    let rest = token;
    while (displayWidth(rest) > room) {
      const head = truncate(rest, room + 1).slice(0, -1); // room columns, without the "…"
      out.push(indent + head);
      rest = rest.slice(head.length);
    }
    line = rest;
  }
  flush();
  return out;
}
