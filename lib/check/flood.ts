/**
 * The client that `echolab check client-killed` kills: it connects, says
 * which local port it got, then writes lines and never reads, so the echo
 * piles up unread — until it is killed (or gives up after 64 MiB or 10 s).
 * Runs as `echolab __check-flood PORT`.
 *
 * @module
 */

const _MAX_BYTES = 64 * 1024 * 1024;
const _MAX_MS = 10_000;

/**
 * Flood 127.0.0.1:`port`; resolves to an exit code.
 *
 * @example
 * ```ts
 * await floodClient(9877); // prints {"local":NNNNN} first
 * ```
 */
export async function floodClient(port: number): Promise<number> {
  let conn: Deno.TcpConn;
  try {
    conn = await Deno.connect({ hostname: "127.0.0.1", port });
  } catch {
    return 1;
  }
  const local = (conn.localAddr as Deno.NetAddr).port;
  await Deno.stdout.write(new TextEncoder().encode(JSON.stringify({ local }) + "\n"));
  const line = new TextEncoder().encode("x".repeat(63) + "\n");
  const chunk = new Uint8Array(line.length * 1024);
  for (let i = 0; i < 1024; i++) chunk.set(line, i * line.length);
  const deadline = Date.now() + _MAX_MS;
  let sent = 0;
  try {
    while (sent < _MAX_BYTES && Date.now() < deadline) sent += await conn.write(chunk);
  } catch {
    // the server went away
  }
  conn.close();
  return 0;
}
