/**
 * A free TCP port on 127.0.0.1 for the learner's server.
 *
 * @module
 */

/**
 * Ask the kernel for a free port (bind port 0), then release it.
 *
 * @example
 * ```ts
 * const port = freePort(); // e.g. 41893
 * ```
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}
