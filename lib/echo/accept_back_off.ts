/**
 * Accept errors after which a server must pause before accepting again:
 * the process (EMFILE) or the system (ENFILE) is out of descriptors, or the
 * kernel out of memory. Retrying at once would spin, and the connections
 * stay queued until a descriptor is free. (UNP §5.11: accept errors are not
 * fatal — but not every one is cured by trying again at once.)
 *
 * @module
 */

/**
 * errno names that call for a pause before the next accept.
 *
 * @example
 * ```ts
 * if (ACCEPT_BACK_OFF_ERRNOS.has("EMFILE")) await new Promise((r) => setTimeout(r, ACCEPT_BACK_OFF_MS));
 * ```
 */
export const ACCEPT_BACK_OFF_ERRNOS: ReadonlySet<string> = new Set([
  "EMFILE",
  "ENFILE",
  "ENOBUFS",
  "ENOMEM",
]);

/** How long to pause, in ms. */
export const ACCEPT_BACK_OFF_MS = 100;
