/**
 * The actions `echolab host` can ask of the demo lab's server host.
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
export const HOST_COMMANDS = ["crash", "reboot", "shutdown", "cut", "restore", "status"] as const;

/** One of {@link HOST_COMMANDS}. */
export type HostCommand = typeof HOST_COMMANDS[number];
