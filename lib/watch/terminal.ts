/**
 * The terminal side of `echolab watch`'s full-screen view: the alternate
 * screen, a hidden cursor, raw keyboard input (`q` or Ctrl-C quits), the
 * size read again on every frame and on SIGWINCH, and everything restored on
 * the way out. Frames are painted over the previous one (cursor home, each
 * line followed by erase-to-end-of-line, then erase below), never cleared
 * first, and only when they differ: no flicker.
 *
 * @module
 */

const _enc = new TextEncoder();

const _ENTER = "\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J";
const _LEAVE = "\x1b[?25h\x1b[?1049l";

function _write(text: string): void {
  const data = _enc.encode(text);
  let off = 0;
  while (off < data.length) off += Deno.stdout.writeSync(data.subarray(off));
}

/**
 * The size of the terminal on stdout (80×24 when it cannot be read).
 *
 * @example
 * ```ts
 * const { columns, rows } = terminalSize();
 * ```
 */
export function terminalSize(): { columns: number; rows: number } {
  try {
    const { columns, rows } = Deno.consoleSize();
    if (columns > 0 && rows > 0) return { columns, rows };
  } catch { /* not a terminal after all */ }
  return { columns: 80, rows: 24 };
}

/** A full-screen session on stdin/stdout. */
export class FullScreen {
  #last = "";
  #active = false;
  #quit: () => void;
  #reading: Promise<void> | undefined;
  #redraw: () => void;
  #onResize = () => {
    this.#last = "";
    this.#redraw();
  };

  /**
   * `onQuit` runs when the user types `q` or Ctrl-C (or the terminal closes);
   * `redraw` when the terminal's size changed (SIGWINCH), to paint at once.
   */
  constructor(onQuit: () => void, redraw: () => void = () => {}) {
    this.#quit = onQuit;
    this.#redraw = redraw;
  }

  /**
   * Enter the alternate screen and start reading keys.
   *
   * @example
   * ```ts
   * const screen = new FullScreen(() => controller.abort(), () => redraw());
   * screen.start();
   * ```
   */
  start(): void {
    Deno.stdin.setRaw(true);
    this.#active = true;
    _write(_ENTER);
    Deno.addSignalListener("SIGWINCH", this.#onResize);
    this.#reading = this.#readKeys();
  }

  async #readKeys(): Promise<void> {
    const buf = new Uint8Array(64);
    while (this.#active) {
      let n: number | null;
      try {
        n = await Deno.stdin.read(buf);
      } catch {
        n = null;
      }
      if (!this.#active) return;
      if (n === null) return this.#quit(); // the terminal went away
      // q, Q, Ctrl-C (raw mode delivers it as a byte, not SIGINT), Ctrl-D.
      if (buf.subarray(0, n).some((b) => b === 0x71 || b === 0x51 || b === 0x03 || b === 0x04)) {
        return this.#quit();
      }
    }
  }

  /**
   * Paint `lines` (exactly the screen's height) if they differ from the last frame.
   *
   * @example
   * ```ts
   * screen.draw(composeScreen(state, { ...terminalSize(), color: true }));
   * ```
   */
  draw(lines: string[]): void {
    if (!this.#active) return;
    const frame = lines.join("\n");
    if (frame === this.#last) return;
    this.#last = frame;
    _write("\x1b[H" + lines.map((l) => l + "\x1b[K").join("\r\n") + "\x1b[J");
  }

  /**
   * Leave the alternate screen, show the cursor, give the terminal back its mode.
   *
   * @example
   * ```ts
   * screen.stop();
   * ```
   */
  stop(): void {
    if (!this.#active) return;
    this.#active = false;
    Deno.removeSignalListener("SIGWINCH", this.#onResize);
    _write(_LEAVE);
    try {
      Deno.stdin.setRaw(false);
    } catch { /* the terminal is gone */ }
  }
}
