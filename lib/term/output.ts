/**
 * Where text goes: stdout or stderr, written whole and synchronously so that
 * lines from events never interleave, with colour decided once per stream.
 *
 * @module
 */

import { envGetter } from "../lang.ts";

const _encoder = new TextEncoder();

/** A line-oriented text stream (stdout or stderr). */
export interface TextOut {
  /** Write one line (a newline is added). */
  line(text: string): void;
  /** Write raw bytes as they are (used for echoed data). */
  bytes(data: Uint8Array): void;
  /** True when colour should be used on this stream. */
  readonly color: boolean;
  /** Terminal width, or undefined when not a terminal. */
  readonly columns: number | undefined;
}

function _writeAll(file: { writeSync(p: Uint8Array): number }, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += file.writeSync(data.subarray(off));
}

/**
 * Colour only on a terminal, never when NO_COLOR is set (Deno.noColor).
 *
 * @example
 * ```ts
 * wantColor(Deno.stdout); // false when piped
 * ```
 */
export function wantColor(file: { isTerminal(): boolean }): boolean {
  return !Deno.noColor && file.isTerminal();
}

/**
 * `$COLUMNS` when it is a positive integer, else undefined.
 *
 * @example
 * ```ts
 * envColumns(); // 80 under `COLUMNS=80`, undefined when unset or "abc"
 * ```
 */
export function envColumns(
  get: (key: string) => string | undefined = envGetter,
): number | undefined {
  const raw = get("COLUMNS")?.trim();
  if (!raw || !/^[0-9]+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 ? n : undefined;
}

/**
 * Wrap Deno.stdout or Deno.stderr as a {@link TextOut}. A terminal's width
 * comes from the terminal; a pipe's from `$COLUMNS` when set, else undefined.
 *
 * @example
 * ```ts
 * textOut(Deno.stderr).line("hello");
 * ```
 */
export function textOut(file: typeof Deno.stdout | typeof Deno.stderr): TextOut {
  const tty = file.isTerminal();
  let columns: number | undefined;
  if (tty) {
    try {
      columns = Deno.consoleSize().columns;
    } catch {
      columns = undefined;
    }
    // A pseudo-terminal may report 0 columns (script, some CI runners): use $COLUMNS, else the default.
    if (!columns || columns < 20) {
      const fromEnv = envColumns();
      columns = fromEnv !== undefined && fromEnv >= 20 ? fromEnv : undefined;
    }
  } else {
    // A pipe has no width of its own: an explicit $COLUMNS is the reader's wish (`COLUMNS=80 … | less`).
    columns = envColumns();
  }
  return {
    line: (text) => _writeAll(file, _encoder.encode(text + "\n")),
    bytes: (data) => _writeAll(file, data),
    color: wantColor(file),
    columns,
  };
}

/**
 * A {@link TextOut} that collects lines in memory (for tests and renderers).
 *
 * @example
 * ```ts
 * const out = memoryOut();
 * out.line("x");
 * out.lines; // ["x"]
 * ```
 */
export function memoryOut(columns?: number): TextOut & { lines: string[] } {
  const lines: string[] = [];
  const decoder = new TextDecoder();
  return {
    lines,
    line: (text) => void lines.push(text),
    bytes: (data) => void lines.push(decoder.decode(data)),
    color: false,
    columns,
  };
}
