/**
 * Small helpers for the scenarios that use Deno's own sockets (the deno
 * engine's view): write everything, write and report the errno, and close
 * in the teardown whatever is still open.
 *
 * @module
 */

import { errnoOf } from "../sys/errno.ts";
import type { ScenarioContext } from "./scenario.ts";

/**
 * Register a teardown step that closes `resource` (a Deno.Conn, Listener …)
 * unless it is closed already.
 *
 * @example
 * ```ts
 * const listener = closeLater(ctx, Deno.listen({ hostname: "127.0.0.1", port: 0 }));
 * ```
 */
export function closeLater<T extends { close(): void }>(ctx: ScenarioContext, resource: T): T {
  ctx.defer(() => {
    try {
      resource.close();
    } catch { /* already closed */ }
  });
  return resource;
}

/**
 * Write all of `data` (Writen); throws what Deno throws.
 *
 * @example
 * ```ts
 * await writeAll(conn, new TextEncoder().encode("hello\n"));
 * ```
 */
export async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) off += await conn.write(data.subarray(off));
}

/**
 * Write all of `data`; resolves to undefined, or the errno name of the failure (EPIPE …).
 *
 * @example
 * ```ts
 * await tryWrite(conn, line); // "EPIPE" after an RST
 * ```
 */
export async function tryWrite(conn: Deno.Conn, data: Uint8Array): Promise<string | undefined> {
  try {
    await writeAll(conn, data);
    return undefined;
  } catch (err) {
    return errnoOf(err) ?? "EUNKNOWN";
  }
}
