/**
 * Terminal colours through node:util styleText, applied only when the
 * stream wants colour (decided by the caller, never by node).
 *
 * @module
 */

import { styleText } from "node:util";

/** The styles echolab uses. */
export type Style = "dim" | "bold" | "red" | "green" | "yellow" | "blue" | "magenta" | "cyan";

/**
 * Style `text` if `color` is true; otherwise return it unchanged.
 *
 * @example
 * ```ts
 * paint(false, "red", "EPIPE"); // "EPIPE"
 * ```
 */
export function paint(color: boolean, style: Style | Style[], text: string): string {
  if (!color) return text;
  return styleText(style, text, { validateStream: false });
}

/**
 * The colour of each actor's name in an event line (server, client, kernel …).
 *
 * @example
 * ```ts
 * paint(true, ACTOR_STYLE.server ?? "bold", "server");
 * ```
 */
export const ACTOR_STYLE: Readonly<Record<string, Style>> = {
  server: "cyan",
  child: "blue",
  client: "green",
  kernel: "magenta",
  lab: "yellow",
  scenario: "bold",
  check: "bold",
};
