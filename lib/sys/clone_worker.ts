/**
 * The clone worker: fork's child without exec (UNP §5.2–5.3). A few hundred
 * bytes of machine code (lib/sys/asm/str_echo_x86_64.S) placed in executable
 * memory and called through FFI: clone(CLONE_VM | SIGCHLD) starts a real
 * child process — its own pid, its own copy of the descriptor table, SIGCHLD
 * and a zombie when it ends, reaped by waitpid — that shares this process's
 * memory instead of copying it (a Deno process cannot fork: a forked copy of
 * the runtime crashes as soon as it runs JavaScript). The child never runs
 * JavaScript: on a stack of its own it resets its signals, closes every
 * descriptor but the connected socket, and echoes (str_echo) until EOF.
 *
 * Linux x86_64 only; elsewhere {@link cloneWorkerUnsupported} says why.
 *
 * @module
 */

import { check } from "./check.ts";
import { libc } from "./libc.ts";
import { osConstants } from "./platform.ts";
import { sysFail, sysOk, type SysResult } from "./result.ts";
import { STR_ECHO_X86_64 } from "./str_echo_code.ts";

const _PROT_READ = 1, _PROT_WRITE = 2, _PROT_EXEC = 4;
const _MAP_PRIVATE = 0x02, _MAP_ANONYMOUS = 0x20, _MAP_STACK = 0x20000;
/** The child's stack: its 64 KiB read buffer and a few frames. */
const _STACK_BYTES = 128 * 1024;
const _PAGE = 4096;
/** `long spawn_str_echo(int connfd, void *stack_top)`. */
const _SPAWN = { parameters: ["i32", "pointer"], result: "i64" } as const;

/**
 * Why this machine cannot run the clone worker, or undefined when it can.
 *
 * @example
 * ```ts
 * cloneWorkerUnsupported(); // undefined on Linux x86_64
 * ```
 */
export function cloneWorkerUnsupported(): string | undefined {
  if (Deno.build.os !== "linux") return `the clone worker is Linux-only (this is ${Deno.build.os})`;
  if (Deno.build.arch !== "x86_64") {
    return `the clone worker's machine code is x86_64-only (this is ${Deno.build.arch})`;
  }
  return undefined;
}

function _mapFailed(p: Deno.PointerValue): boolean {
  return p === null || Deno.UnsafePointer.value(p) === 0xffffffffffffffffn;
}

function _map(bytes: number): SysResult<Deno.PointerObject> {
  const p = libc().mmap(
    null,
    BigInt(bytes),
    _PROT_READ | _PROT_WRITE,
    _MAP_PRIVATE | _MAP_ANONYMOUS | _MAP_STACK,
    -1,
    0n,
  );
  if (_mapFailed(p)) {
    const r = check("mmap", -1);
    return r.ok ? sysFail("mmap", "ENOMEM") : r;
  }
  return sysOk(p as Deno.PointerObject);
}

/** Starts str_echo children with clone; one per server. */
export class CloneWorker {
  #code: Deno.PointerObject;
  #codeBytes: number;
  #spawn: Deno.UnsafeFnPointer<typeof _SPAWN>;
  /** Stacks of children not known to have ended, by pid. */
  #stacks = new Map<number, Deno.PointerObject>();

  private constructor(code: Deno.PointerObject, codeBytes: number) {
    this.#code = code;
    this.#codeBytes = codeBytes;
    this.#spawn = new Deno.UnsafeFnPointer(
      code as Deno.PointerObject<typeof _SPAWN>,
      _SPAWN,
    );
  }

  /**
   * Map the machine code (read + execute, never writable and executable at once).
   *
   * @example
   * ```ts
   * const w = CloneWorker.open();
   * if (w.ok) w.value.spawn(connfd);
   * ```
   */
  static open(): SysResult<CloneWorker> {
    const why = cloneWorkerUnsupported();
    if (why) return sysFail("clone", "ENOSYS");
    const bytes = Math.ceil(STR_ECHO_X86_64.length / _PAGE) * _PAGE;
    const page = _map(bytes);
    if (!page.ok) return page;
    libc().memcpy(
      page.value,
      STR_ECHO_X86_64 as Uint8Array<ArrayBuffer>,
      BigInt(STR_ECHO_X86_64.length),
    );
    const r = check(
      "mprotect",
      libc().mprotect(page.value, BigInt(bytes), _PROT_READ | _PROT_EXEC),
    );
    if (!r.ok) {
      libc().munmap(page.value, BigInt(bytes));
      return r;
    }
    return sysOk(new CloneWorker(page.value, bytes));
  }

  /**
   * Start a child that echoes on `connfd` (its own copy; close yours after).
   * Resolves to the child's pid.
   */
  spawn(connfd: number): SysResult<number> {
    const stack = _map(_STACK_BYTES);
    if (!stack.ok) return stack;
    const top = Deno.UnsafePointer.offset(stack.value, _STACK_BYTES);
    const r = Number(this.#spawn.call(connfd, top));
    if (r < 0) {
      libc().munmap(stack.value, BigInt(_STACK_BYTES));
      return sysFail("clone", osConstants().errnos[-r] ?? `E${-r}`);
    }
    this.#stacks.set(r, stack.value);
    return sysOk(r);
  }

  /** The child `pid` has ended (zombie or reaped): it no longer runs, free its stack. */
  ended(pid: number): void {
    const stack = this.#stacks.get(pid);
    if (!stack) return;
    this.#stacks.delete(pid);
    libc().munmap(stack, BigInt(_STACK_BYTES));
  }

  /** How many children may still be running on their stacks. */
  get running(): number {
    return this.#stacks.size;
  }

  /**
   * Release the code page — unless a child may still run it (then it stays
   * mapped until this process exits: unmapping it would crash that child).
   */
  close(): void {
    if (this.#stacks.size > 0) return;
    libc().munmap(this.#code, BigInt(this.#codeBytes));
  }
}
