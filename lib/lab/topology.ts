/**
 * The lab's fixed topology: three hosts on two veth links — the client, an
 * intermediate router (UNP §5.14's "intermediate router"), the server —
 * addressed from 198.18.0.0/15 (RFC 2544's benchmarking range, never routed
 * on the Internet), the echo server on the book's port. Only the router
 * forwards (net.ipv4.ip_forward = 1 in its namespace alone).
 *
 * ```
 *  client host (the lab's first ns)   router (nested ns)                  server host (nested ns)
 *  veth-c 198.18.0.1/24 ◄─ link 1 ─► veth-rc 198.18.0.254/24
 *  default via 198.18.0.254           veth-rs 198.18.1.254/24 ◄─ link 2 ─► veth-s 198.18.1.2/24
 *                                     ip_forward = 1                        default via 198.18.1.254
 *                                                                           echolab serve :9877
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
  serverAddr: "198.18.1.2",
  /** Prefix length of both links. */
  prefix: 24,
  /** The server's network (link 2), as the router's routes name it. */
  serverNet: "198.18.1.0/24",
  /** The router's address on the client's link (the client's default gateway). */
  routerClientAddr: "198.18.0.254",
  /** The router's address on the server's link (the server's default gateway). */
  routerServerAddr: "198.18.1.254",
  /** The client host's end of link 1. */
  clientDev: "veth-c",
  /** The router's end of link 1. */
  routerClientDev: "veth-rc",
  /** The router's end of link 2. */
  routerServerDev: "veth-rs",
  /** The server host's end of link 2. */
  serverDev: "veth-s",
  /**
   * The server's link-layer address, fixed so the router can hold a static
   * ARP entry for it (locally administered: 02:…, then 198.18.1.2 in hex).
   */
  serverMac: "02:00:c6:12:01:02",
  /** The echo server's port (the book's SERV_PORT). */
  port: 9877,
} as const;
