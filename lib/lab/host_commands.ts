/**
 * The actions `echolab host` can ask of the demo lab's server host — and of
 * the router in front of it (unreachable, no-route, blackhole; restore undoes
 * them).
 *
 * @module
 */

/**
 * Every action, in help order.
 *
 * @example
 * ```ts
 * (HOST_COMMANDS as readonly string[]).includes("crash"); // true
 * ```
 */
export const HOST_COMMANDS = [
  "crash",
  "reboot",
  "shutdown",
  "cut",
  "unreachable",
  "no-route",
  "blackhole",
  "restore",
  "status",
] as const;

/** One of {@link HOST_COMMANDS}. */
export type HostCommand = typeof HOST_COMMANDS[number];
