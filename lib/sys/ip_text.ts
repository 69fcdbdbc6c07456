/**
 * Addresses as text, the way ss and tcpdump print them: dotted IPv4,
 * RFC 5952 IPv6 (longest zero run as `::`, IPv4-mapped as `::ffff:a.b.c.d`),
 * and endpoints as `ip:port` with IPv6 in brackets.
 *
 * @module
 */

/**
 * Format 4 bytes as dotted IPv4.
 *
 * @example
 * ```ts
 * formatIpv4(new Uint8Array([127, 0, 0, 1])); // "127.0.0.1"
 * ```
 */
export function formatIpv4(bytes: Uint8Array): string {
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/**
 * Format 16 bytes as IPv6 text (RFC 5952).
 *
 * @example
 * ```ts
 * formatIpv6(new Uint8Array([...new Array(15).fill(0), 1])); // "::1"
 * ```
 */
export function formatIpv6(bytes: Uint8Array): string {
  const isMapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff &&
    bytes[11] === 0xff;
  if (isMapped) return `::ffff:${formatIpv4(bytes.subarray(12, 16))}`;
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[i] << 8) | bytes[i + 1]);
  // Longest run of two or more zero words becomes "::" (the first on a tie).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(":");
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLen))}`;
}

/**
 * Format an address and port as an endpoint: `1.2.3.4:80`, `[::1]:80`.
 *
 * @example
 * ```ts
 * formatEndpoint("::1", 9877); // "[::1]:9877"
 * ```
 */
export function formatEndpoint(address: string, port: number): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}
