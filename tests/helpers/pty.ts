/**
 * Run echolab on a real pseudo-terminal of a given size (python3's pty
 * module sets the window size with TIOCSWINSZ before exec), and count the
 * rows its output takes there — what a learner sees on a 100×40 terminal.
 *
 * @module
 */

import { selfCommand } from "../../lib/sys/self_command.ts";
import { displayWidth } from "../../lib/term/text_width.ts";
import { onPath } from "./commands.ts";

/** Why a pty cannot be used here (python3 missing), or undefined. */
export const PTY_UNAVAILABLE: string | undefined = onPath("python3")
  ? undefined
  : "python3 is not installed (its pty module gives the test a real terminal)";

/** What a run on a pty printed. */
export interface PtyRun {
  /** The output, colour codes and carriage returns removed. */
  text: string;
  /** Rows it takes on a terminal `cols` wide (long lines wrap). */
  rows: number;
  /** Exit code. */
  code: number;
}

/**
 * Run `echolab …args` on a `rows`×`cols` pty.
 *
 * @example
 * ```ts
 * const run = await runOnPty(["chaos", "server-killed"], 40, 100);
 * run.rows; // e.g. 33
 * ```
 */
export async function runOnPty(
  args: string[],
  rows = 40,
  cols = 100,
  env: Record<string, string> = {},
): Promise<PtyRun> {
  const { code, text } = await (await spawnOnPty(args, rows, cols, env)).done();
  return { text, rows: countRows(text, cols), code };
}

/**
 * Rows `text` takes on a terminal `cols` wide: each line at least one, a
 * longer one wraps. A final newline does not start a row.
 *
 * @example
 * ```ts
 * countRows("ab\ncd\n", 100); // 2
 * ```
 */
export function countRows(text: string, cols: number): number {
  const lines = text.replace(/\n$/, "").split("\n");
  return lines.reduce((n, l) => n + Math.max(1, Math.ceil(displayWidth(l) / cols)), 0);
}

/**
 * python3: fork the program on a pty of the given size, forward what this
 * script reads on stdin as typing, and copy the terminal's output to stdout
 * as it comes; the child's pid goes first to stderr.
 */
const _SCRIPT = `
import fcntl, os, pty, select, struct, sys, termios
rows, cols = int(sys.argv[1]), int(sys.argv[2])
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
pid = os.fork()
if pid == 0:
    os.close(master)
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for n in (0, 1, 2):
        os.dup2(slave, n)
    os.execvp(sys.argv[3], sys.argv[3:])
os.close(slave)
sys.stderr.write("pid %d\\n" % pid)
sys.stderr.flush()
inputs = [master, 0]
while True:
    ready, _, _ = select.select(inputs, [], [])
    if 0 in ready:
        typed = os.read(0, 65536)
        if typed:
            os.write(master, typed)
        else:
            inputs.remove(0)
    if master in ready:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) & 0xff)
`;

/** echolab running on a pty, its output read as it comes. */
export interface PtySession {
  /** Host pid of echolab on the pty (a signal goes to it, as Ctrl-C's would). */
  pid: number;
  /** The output so far, colour codes and carriage returns removed. */
  text(): string;
  /** Type `text` at the terminal (its line discipline echoes it, as for a learner). */
  type(text: string): Promise<void>;
  /** Resolve once the output so far matches `re` (its match), or throw after `ms`. */
  waitFor(re: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** Wait for the exit: the code and the whole output. */
  done(): Promise<{ code: number; text: string }>;
}

/**
 * Start `echolab …args` on a `rows`×`cols` pty and read its output live
 * (the two-terminal story: a test plays the other terminal meanwhile).
 */
export async function spawnOnPty(
  args: string[],
  rows = 16,
  cols = 100,
  env: Record<string, string> = {},
): Promise<PtySession> {
  const self = selfCommand(args);
  const child = new Deno.Command("python3", {
    args: ["-c", _SCRIPT, String(rows), String(cols), self.cmd, ...self.args],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { LANG: "C.UTF-8", COLUMNS: String(cols), LINES: String(rows), ...env },
  }).spawn();
  let raw = "";
  const decoder = new TextDecoder();
  const reading = (async () => {
    for await (const chunk of child.stdout) raw += decoder.decode(chunk, { stream: true });
  })();
  const errReader = child.stderr.getReader();
  let err = "";
  let pid = 0;
  while (!pid) {
    const { value, done } = await errReader.read();
    if (done) throw new Error(`python3 pty: no pid (${err})`);
    err += decoder.decode(value);
    pid = Number(/pid (\d+)\n/.exec(err)?.[1] ?? 0);
  }
  const draining = (async () => {
    for (;;) if ((await errReader.read()).done) return;
  })();
  // deno-lint-ignore no-control-regex
  const clean = () => raw.replace(/\x1b\[[0-9;]*m/g, "").replace(/\r/g, "");
  const keys = child.stdin.getWriter();
  return {
    pid,
    text: clean,
    type: (text: string) => keys.write(new TextEncoder().encode(text)),
    async waitFor(re: RegExp, ms = 15000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = re.exec(clean());
        if (m) return m;
        if (Date.now() > deadline) throw new Error(`no ${re} within ${ms} ms:\n${clean()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async done() {
      await keys.close().catch(() => {});
      const status = await child.status;
      await reading;
      await draining;
      return { code: status.code, text: clean() };
    },
  };
}
