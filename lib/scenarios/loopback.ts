/**
 * Which scenarios talk only over loopback in the namespace echolab runs in
 * (so a private `unshare -rn` namespace can hold them and a capture on `lo`
 * sees all their traffic), as opposed to lab scenarios with their own hosts.
 *
 * @module
 */

const _LOOPBACK = new Set([
  "zombies",
  "eintr",
  "signals-not-queued",
  "abort-before-accept",
  "server-killed",
  "sigpipe",
  "data-format",
]);

/**
 * True when scenario `name` runs on loopback in echolab's own namespace.
 *
 * @example
 * ```ts
 * isLoopbackScenario("server-killed"); // true
 * isLoopbackScenario("host-crash"); // false (lab hosts)
 * ```
 */
export function isLoopbackScenario(name: string): boolean {
  return _LOOPBACK.has(name);
}
