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

/** True for the wildcard addresses that listen on every interface. */
export function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]";
}

/** True when `err` is a failed host name lookup (getaddrinfo), not a socket error. */
export function isLookupFailure(err: unknown): boolean {
  return err instanceof Error &&
    /failed to lookup address|Name or service not known|name resolution/i
      .test(err.message);
}
