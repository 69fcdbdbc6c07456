/**
 * Whether two processes share one address space (kcmp(2), KCMP_VM): the
 * clone worker's children do (clone with CLONE_VM), forked ones do not —
 * they only start with a copy. /proc reports the whole address space's RSS
 * for every process that shares it, so a memory sum over a process tree
 * must count each address space once.
 *
 * @module
 */

import { libc } from "../sys/libc.ts";

/** kcmp's syscall number per architecture (Linux). */
const _SYS_KCMP: Record<string, number> = { x86_64: 312, aarch64: 272 };
const _KCMP_VM = 1;

/**
 * True when `a` and `b` share their memory, false when not, undefined when
 * kcmp cannot tell (not Linux, no permission, kernel without kcmp).
 *
 * @example
 * ```ts
 * sharesMemory(Deno.pid, Deno.pid); // true
 * ```
 */
export function sharesMemory(a: number, b: number): boolean | undefined {
  const nr = Deno.build.os === "linux" ? _SYS_KCMP[Deno.build.arch] : undefined;
  if (nr === undefined) return undefined;
  const r = libc().syscall(BigInt(nr), BigInt(a), BigInt(b), BigInt(_KCMP_VM), 0n, 0n);
  return r < 0n ? undefined : r === 0n;
}
