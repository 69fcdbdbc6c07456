/**
 * The namespaces a lab lives in, as `unshare` options — shared by the lab
 * itself and by the probe that tells whether this machine can build one.
 *
 * @module
 */

/**
 * `unshare` options for a lab: user (root inside), network, PID with its own
 * /proc, mount; the namespaces end with their first process.
 *
 * @example
 * ```ts
 * new Deno.Command("unshare", { args: [...LAB_UNSHARE_ARGS, "true"] });
 * ```
 */
export const LAB_UNSHARE_ARGS: readonly string[] = [
  "--map-root-user",
  "--net",
  "--pid",
  "--fork",
  "--mount-proc",
  "--kill-child",
];
