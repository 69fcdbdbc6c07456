/**
 * Build the bench's C programs (bench/c/*.c) into bench/bin/ with gcc, only
 * when the source is newer than the binary.
 *
 * @module
 */

/** Paths of the built programs. */
export interface BenchBinaries {
  /** The C fork-per-connection echo server (UNP tcpserv04). */
  forkEcho: string;
  /** The client driver (churn, bulk, hold, spawn). */
  echoLoad: string;
}

const _DIR = new URL("..", import.meta.url).pathname;

function _mtime(path: string): number {
  try {
    return Deno.statSync(path).mtime?.getTime() ?? 0;
  } catch {
    return 0;
  }
}

async function _gcc(source: string, output: string, extra: string[]): Promise<void> {
  if (_mtime(output) > _mtime(source)) return;
  const out = await new Deno.Command("gcc", {
    args: ["-O2", "-Wall", "-Wextra", "-o", output, source, ...extra],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`gcc ${source} failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
}

/**
 * Compile the C peer and the driver (gcc must be on PATH); returns their paths.
 *
 * @example
 * ```ts
 * const { forkEcho, echoLoad } = await buildBench();
 * ```
 */
export async function buildBench(): Promise<BenchBinaries> {
  const bin = `${_DIR}bin`;
  await Deno.mkdir(bin, { recursive: true });
  const forkEcho = `${bin}/fork_echo`;
  const echoLoad = `${bin}/echo_load`;
  await _gcc(`${_DIR}c/fork_echo.c`, forkEcho, []);
  await _gcc(`${_DIR}c/echo_load.c`, echoLoad, ["-pthread"]);
  return { forkEcho, echoLoad };
}
