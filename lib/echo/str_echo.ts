/**
 * str_echo (UNP §5.3): read from the connection, write it back, until EOF.
 * In the deno engine the connection arrives as this process's stdin/stdout.
 *
 * @module
 */

/**
 * Copy `input` to `output` until EOF; resolves to the number of bytes echoed.
 *
 * @example
 * ```ts
 * await strEcho(Deno.stdin, Deno.stdout);
 * ```
 */
export async function strEcho(
  input: { read(p: Uint8Array): Promise<number | null> },
  output: { write(p: Uint8Array): Promise<number> },
): Promise<number> {
  const buf = new Uint8Array(64 * 1024);
  let total = 0;
  for (;;) {
    const n = await input.read(buf);
    if (n === null) return total; // EOF: the client closed (UNP §5.4)
    let off = 0;
    while (off < n) off += await output.write(buf.subarray(off, n));
    total += n;
  }
}
