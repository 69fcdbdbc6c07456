/**
 * Socket addresses as the book prints them: `127.0.0.1:9877`, `[::1]:9877`.
 *
 * @module
 */

/**
 * Format a Deno address as `host:port` (IPv6 in brackets).
 *
 * @example
 * ```ts
 * formatAddr({ transport: "tcp", hostname: "127.0.0.1", port: 9877 }); // "127.0.0.1:9877"
 * ```
 */
export function formatAddr(addr: Deno.Addr): string {
  if (addr.transport === "tcp" || addr.transport === "udp") {
    return addr.hostname.includes(":")
      ? `[${addr.hostname}]:${addr.port}`
      : `${addr.hostname}:${addr.port}`;
  }
  return "path" in addr ? String(addr.path) : String(addr.transport);
}

/**
 * True for the wildcard addresses that listen on every interface, however
 * spelled: `0.0.0.0`, `0`, `0x0`, `::`, `[::]`, `0::0`, `::0.0.0.0`, and the
 * IPv4-mapped `::ffff:0.0.0.0` (`::ffff:0:0`), which binds every IPv4
 * address (the URL parser writes each in one canonical form).
 *
 * @example
 * ```ts
 * isWildcard("::ffff:0.0.0.0"); // true
 * isWildcard("127.0.0.1"); // false
 * ```
 */
export function isWildcard(host: string): boolean {
  const h = host.trim();
  const bracketed = h.includes(":") && !h.startsWith("[") ? `[${h}]` : h;
  try {
    const canonical = new URL(`http://${bracketed}/`).hostname;
    return canonical === "0.0.0.0" || canonical === "[::]" || canonical === "[::ffff:0:0]";
  } catch {
    return false; // not an address
  }
}

/** True when `err` is a failed host name lookup (getaddrinfo), not a socket error. */
export function isLookupFailure(err: unknown): boolean {
  return err instanceof Error &&
    /failed to lookup address|Name or service not known|name resolution/i
      .test(err.message);
}
