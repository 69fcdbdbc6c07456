/**
 * The lab's fixed topology: two hosts on one veth pair, addressed from
 * 198.18.0.0/15 (RFC 2544's benchmarking range, never routed on the
 * Internet), the echo server on the book's port.
 *
 * ```
 *   client host (the lab's first namespace)        server host (nested namespace)
 *   veth-c 198.18.0.1/24  ◄──── veth pair ────►  veth-s 198.18.0.2/24
 *                                                 echolab serve :9877
 * ```
 *
 * @module
 */

/**
 * Names and addresses of the lab network.
 *
 * @example
 * ```ts
 * await Deno.connect({ hostname: TOPOLOGY.serverAddr, port: TOPOLOGY.port });
 * ```
 */
export const TOPOLOGY = {
  /** The client host's address. */
  clientAddr: "198.18.0.1",
  /** The server host's address. */
  serverAddr: "198.18.0.2",
  /** Prefix length of the shared link. */
  prefix: 24,
  /** The client host's end of the veth pair. */
  clientDev: "veth-c",
  /** The server host's end of the veth pair. */
  serverDev: "veth-s",
  /** The echo server's port (the book's SERV_PORT). */
  port: 9877,
} as const;
