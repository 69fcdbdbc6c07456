/**
 * posix_spawn with file actions: the book engine's fork + exec. File actions
 * run in the child before exec, so `dup2(connfd, 0)`, `dup2(connfd, 1)` and
 * `close(listenfd)` there are exactly the descriptor inheritance of UNP
 * §4.7–4.8's fork, with the child's copy of the listening socket closed.
 *
 * @module
 */

import { cString, libc, libcSymbol } from "./libc.ts";
import { osConstants } from "./platform.ts";
import { sysFail, sysOk, type SysResult } from "./result.ts";

/** One step the child takes before exec. */
export type FileAction =
  | { dup2: [from: number, to: number] }
  | { close: number }
  | { open: [fd: number, path: string] };

/** Options for {@link posixSpawn}. */
export interface SpawnOptions {
  /** An absolute path, or a bare name looked up in PATH (posix_spawnp). */
  program: string;
  /** The argument vector, argv[0] included. */
  argv: string[];
  /** dup2/close/open steps in the child, in order. */
  fileActions?: FileAction[];
  /**
   * Signals reset to their default action in the child (POSIX_SPAWN_SETSIGDEF).
   * Without it the child inherits what this process ignores — Deno ignores
   * SIGPIPE, and an ignored signal stays ignored across exec.
   */
  defaultSignals?: string[];
  /** The child's environment as `NAME=value` strings; default: this process's. */
  env?: string[];
  /**
   * Start a process group of its own (POSIX_SPAWN_SETPGROUP, pgid = its pid),
   * so `kill(-pid, …)` reaches whatever it starts too (a shell's commands).
   */
  newProcessGroup?: boolean;
}

function _pointerArray(strings: Uint8Array<ArrayBuffer>[]): BigUint64Array<ArrayBuffer> {
  const ptrs = new BigUint64Array(strings.length + 1);
  strings.forEach((s, i) => ptrs[i] = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(s))));
  return ptrs;
}

function _environ(): Deno.PointerValue {
  return new Deno.UnsafePointerView(libcSymbol("environ")).getPointer(0);
}

function _errnoName(n: number): string {
  return osConstants().errnos[n] ?? `E${n}`;
}

/**
 * Spawn a child; resolves to its pid. The child's signal mask is empty, its
 * environment is this process's unless `env` is given (`[]`: an empty one).
 *
 * @example
 * ```ts
 * const r = posixSpawn({
 *   program: "cat",
 *   argv: ["cat"],
 *   fileActions: [{ dup2: [connFd, 0] }, { dup2: [connFd, 1] }, { close: listenFd }],
 *   defaultSignals: ["SIGPIPE"],
 * });
 * ```
 */
export function posixSpawn(opts: SpawnOptions): SysResult<number> {
  const os = osConstants();
  const c = libc();
  const fa = new Uint8Array(os.layout.spawnFileActions);
  const attr = new Uint8Array(os.layout.spawnAttr);
  const mask = new Uint8Array(os.layout.sigset);
  const defaults = new Uint8Array(os.layout.sigset);
  // C strings stay referenced here until posix_spawn returns.
  const keep: Uint8Array<ArrayBuffer>[] = [];
  let r = c.posix_spawn_file_actions_init(fa);
  if (r !== 0) return sysFail("posix_spawn_file_actions_init", _errnoName(r));
  r = c.posix_spawnattr_init(attr);
  if (r !== 0) {
    c.posix_spawn_file_actions_destroy(fa);
    return sysFail("posix_spawnattr_init", _errnoName(r));
  }
  try {
    for (const action of opts.fileActions ?? []) {
      if ("dup2" in action) {
        r = c.posix_spawn_file_actions_adddup2(fa, action.dup2[0], action.dup2[1]);
      } else if ("close" in action) {
        r = c.posix_spawn_file_actions_addclose(fa, action.close);
      } else {
        const path = cString(action.open[1]);
        keep.push(path);
        r = c.posix_spawn_file_actions_addopen(fa, action.open[0], path, os.fcntl.O_RDWR, 0);
      }
      if (r !== 0) return sysFail("posix_spawn_file_actions", _errnoName(r));
    }
    c.sigemptyset(mask);
    c.sigemptyset(defaults);
    let flags = os.spawn.SETSIGMASK;
    for (const name of opts.defaultSignals ?? []) {
      const n = os.signals[name];
      if (n === undefined) return sysFail("sigaddset", "EINVAL");
      c.sigaddset(defaults, n);
      flags |= os.spawn.SETSIGDEF;
    }
    if (opts.newProcessGroup) {
      flags |= os.spawn.SETPGROUP;
      c.posix_spawnattr_setpgroup(attr, 0);
    }
    c.posix_spawnattr_setsigmask(attr, mask);
    c.posix_spawnattr_setsigdefault(attr, defaults);
    r = c.posix_spawnattr_setflags(attr, flags);
    if (r !== 0) return sysFail("posix_spawnattr_setflags", _errnoName(r));

    const program = cString(opts.program);
    const args = opts.argv.map(cString);
    keep.push(program, ...args);
    const argv = _pointerArray(args);
    const pid = new Int32Array(1);
    const usePath = !opts.program.includes("/");
    const spawn = usePath ? c.posix_spawnp : c.posix_spawn;
    const vars = opts.env?.map(cString);
    if (vars) keep.push(...vars);
    // Referenced here until posix_spawn returns, like the strings in `keep`.
    const envArray = vars ? _pointerArray(vars) : undefined;
    const envp = envArray ? Deno.UnsafePointer.of(envArray) : _environ();
    r = spawn(pid, program, fa, attr, argv, envp);
    if (r !== 0) return sysFail(usePath ? "posix_spawnp" : "posix_spawn", _errnoName(r));
    return sysOk(pid[0]);
  } finally {
    c.posix_spawnattr_destroy(attr);
    c.posix_spawn_file_actions_destroy(fa);
    keep.length = 0;
  }
}
