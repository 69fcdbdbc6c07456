/**
 * A fair classroom server (beyond the book): one client address may hold at
 * most `--per-address` children, so that one machine that opens connections
 * and sends nothing cannot take every slot (UNP §5.2's tcpserv01 has no limit).
 *
 * @module
 */

/** The default per-address limit when the server listens beyond loopback. */
export const PER_ADDRESS_DEFAULT = 16;

/** True for loopback binds (127.0.0.0/8, ::1, localhost): every client is this machine's user. */
function _loopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) ||
    /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * The per-address limit for a server bound to `host`: `explicit` when given,
 * {@link PER_ADDRESS_DEFAULT} beyond loopback, none (undefined) on loopback,
 * where every client shares one address.
 *
 * @example
 * ```ts
 * perAddressLimit("0.0.0.0"); // 16
 * perAddressLimit("127.0.0.1"); // undefined
 * perAddressLimit("127.0.0.1", 4); // 4
 * ```
 */
export function perAddressLimit(host: string, explicit?: number): number | undefined {
  if (explicit !== undefined) return explicit;
  return _loopback(host) ? undefined : PER_ADDRESS_DEFAULT;
}

/**
 * The client's address without its port, IPv4-mapped IPv6 folded to IPv4 so
 * that one machine counts once whatever family the listener has.
 *
 * @example
 * ```ts
 * clientAddress("::ffff:192.0.2.7"); // "192.0.2.7"
 * ```
 */
export function clientAddress(host: string): string {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped ? mapped[1] : h;
}
