/**
 * The actions `echolab host` can ask of the demo lab's server host.
 *
 * @module
 */

/** Every action, in help order. */
export const HOST_COMMANDS = ["crash", "reboot", "shutdown", "cut", "restore", "status"] as const;

/** One of {@link HOST_COMMANDS}. */
export type HostCommand = typeof HOST_COMMANDS[number];
