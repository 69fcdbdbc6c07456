/**
 * Test helper: whether this machine lets an unprivileged process make its own
 * user and network namespaces (`unshare -rn`), which packet capture and the
 * lab need.
 *
 * @module
 */

let _can: boolean | undefined;

/**
 * True when `unshare -rn true` succeeds here (it does on this project's CI);
 * asked once per test process.
 *
 * @example
 * ```ts
 * Deno.test({ name: "captures on lo", ignore: !canUnshare(), fn() {} });
 * ```
 */
export function canUnshare(): boolean {
  if (_can === undefined) {
    try {
      _can = new Deno.Command("unshare", { args: ["-rn", "true"], stderr: "null" }).outputSync()
        .success;
    } catch {
      _can = false;
    }
  }
  return _can;
}
