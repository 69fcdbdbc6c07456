/**
 * libc through Deno FFI: the one symbol table of the book engine, opened on
 * first use (so commands that never touch it need no FFI).
 *
 * Every call here is synchronous on the calling thread except `poll`
 * (`nonblocking: true`, run on Deno's blocking thread pool so waiting never
 * freezes the event loop). errno is per thread: wrappers read it with
 * {@link lastErrno} on the same thread, right after the call that failed.
 * A blocking call that must really block (to be interrupted by a signal)
 * runs on a dedicated worker thread (blocking_thread.ts), which reads its
 * own errno the same way.
 *
 * @module
 */

import { osConstants } from "./platform.ts";

function _symbols(errnoFunction: string) {
  return {
    errno_location: { name: errnoFunction, parameters: [], result: "pointer" },
    socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
    bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
    listen: { parameters: ["i32", "i32"], result: "i32" },
    accept4: { parameters: ["i32", "buffer", "buffer", "i32"], result: "i32" },
    connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
    setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
    getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
    getpeername: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
    getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
    read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
    // read on Deno's blocking thread pool: for big /proc files built while we wait (/proc/net/tcp).
    read_nonblocking: {
      name: "read",
      parameters: ["i32", "buffer", "usize"],
      result: "isize",
      nonblocking: true,
    },
    write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
    shutdown: { parameters: ["i32", "i32"], result: "i32" },
    close: { parameters: ["i32"], result: "i32" },
    // open is variadic; the mode argument is passed the same way on Linux x86_64/aarch64.
    open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
    // /proc listing and links (Deno's own fs API wants --allow-all under /proc).
    readlink: { parameters: ["buffer", "buffer", "usize"], result: "isize" },
    opendir: { parameters: ["buffer"], result: "pointer" },
    readdir: { parameters: ["pointer"], result: "pointer" },
    closedir: { parameters: ["pointer"], result: "i32" },
    // fcntl is variadic; one int argument is passed the same way on Linux x86_64/aarch64.
    fcntl: { parameters: ["i32", "i32", "i32"], result: "i32" },
    poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: true },
    eventfd: { parameters: ["u32", "i32"], result: "i32" },
    // The packet capture (lib/capture): AF_PACKET sockets, interfaces, kernel timestamps.
    recvmsg: { parameters: ["i32", "buffer", "i32"], result: "isize" },
    // ioctl is variadic; one pointer argument is passed the same way on Linux x86_64/aarch64.
    ioctl: { parameters: ["i32", "u64", "buffer"], result: "i32" },
    if_nametoindex: { parameters: ["buffer"], result: "u32" },
    clock_gettime: { parameters: ["i32", "buffer"], result: "i32" },
    // Memory for the clone worker (clone_worker.ts): its code page and the children's stacks.
    mmap: { parameters: ["pointer", "usize", "i32", "i32", "i32", "i64"], result: "pointer" },
    munmap: { parameters: ["pointer", "usize"], result: "i32" },
    mprotect: { parameters: ["pointer", "usize", "i32"], result: "i32" },
    memcpy: { parameters: ["pointer", "buffer", "usize"], result: "pointer" },
    // syscall(2) for calls glibc does not wrap (kcmp): six long arguments, passed as such.
    syscall: { parameters: ["i64", "i64", "i64", "i64", "i64", "i64"], result: "i64" },
    posix_spawn: {
      parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "pointer"],
      result: "i32",
    },
    posix_spawnp: {
      parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "pointer"],
      result: "i32",
    },
    posix_spawn_file_actions_init: { parameters: ["buffer"], result: "i32" },
    posix_spawn_file_actions_destroy: { parameters: ["buffer"], result: "i32" },
    posix_spawn_file_actions_adddup2: { parameters: ["buffer", "i32", "i32"], result: "i32" },
    posix_spawn_file_actions_addclose: { parameters: ["buffer", "i32"], result: "i32" },
    posix_spawn_file_actions_addopen: {
      parameters: ["buffer", "i32", "buffer", "i32", "u32"],
      result: "i32",
    },
    posix_spawnattr_init: { parameters: ["buffer"], result: "i32" },
    posix_spawnattr_destroy: { parameters: ["buffer"], result: "i32" },
    posix_spawnattr_setflags: { parameters: ["buffer", "i16"], result: "i32" },
    posix_spawnattr_setpgroup: { parameters: ["buffer", "i32"], result: "i32" },
    posix_spawnattr_setsigdefault: { parameters: ["buffer", "buffer"], result: "i32" },
    posix_spawnattr_setsigmask: { parameters: ["buffer", "buffer"], result: "i32" },
    sigemptyset: { parameters: ["buffer"], result: "i32" },
    sigaddset: { parameters: ["buffer", "i32"], result: "i32" },
    sigaction: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
    // glibc's signal(): BSD semantics (SA_RESTART), read back with sigaction (UNP §5.8–5.9).
    signal: { parameters: ["i32", "pointer"], result: "pointer" },
    waitpid: { parameters: ["i32", "buffer", "i32"], result: "i32" },
    waitid: { parameters: ["i32", "u32", "buffer", "i32"], result: "i32" },
    kill: { parameters: ["i32", "i32"], result: "i32" },
    tgkill: { parameters: ["i32", "i32", "i32"], result: "i32" },
    getpid: { parameters: [], result: "i32" },
    gettid: { parameters: [], result: "i32" },
    umask: { parameters: ["u32"], result: "u32" },
    dlsym: { parameters: ["pointer", "buffer"], result: "pointer" },
    timer_create: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
    timer_settime: { parameters: ["pointer", "i32", "buffer", "buffer"], result: "i32" },
    timer_delete: { parameters: ["pointer"], result: "i32" },
  } as const satisfies Deno.ForeignLibraryInterface;
}

/** The typed libc symbols. */
export type Libc = Deno.DynamicLibrary<ReturnType<typeof _symbols>>["symbols"];

let _lib: Deno.DynamicLibrary<ReturnType<typeof _symbols>> | undefined;
let _errnoView: Deno.UnsafePointerView | undefined;

/**
 * The libc symbols (opened once per thread, on first use).
 *
 * @example
 * ```ts
 * libc().getpid(); // this process's pid
 * ```
 */
export function libc(): Libc {
  if (!_lib) {
    const os = osConstants();
    _lib = Deno.dlopen(os.libcPath, _symbols(os.errnoFunction));
  }
  return _lib.symbols;
}

/**
 * errno of the calling thread, as a number. Call it right after the libc
 * call that returned -1, on the same thread (synchronous calls only).
 *
 * @example
 * ```ts
 * if (libc().close(-1) < 0) lastErrno(); // 9 (EBADF)
 * ```
 */
export function lastErrno(): number {
  if (!_errnoView) {
    const ptr = libc().errno_location();
    if (ptr === null) throw new Error("errno location is null");
    _errnoView = new Deno.UnsafePointerView(ptr);
  }
  return _errnoView.getInt32();
}

/**
 * errno of the calling thread as a name (`EINTR`), for the call just failed.
 *
 * @example
 * ```ts
 * if (libc().close(-1) < 0) lastErrnoName(); // "EBADF"
 * ```
 */
export function lastErrnoName(): string {
  const n = lastErrno();
  return osConstants().errnos[n] ?? `E${n}`;
}

/**
 * A NUL-terminated C string in a fresh buffer.
 *
 * @example
 * ```ts
 * cString("umask"); // Uint8Array [117, 109, 97, 115, 107, 0]
 * ```
 */
export function cString(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/**
 * The address of a libc symbol (dlsym with RTLD_DEFAULT): a function to use
 * as a signal handler, or a variable such as `environ`.
 *
 * @example
 * ```ts
 * const handler = libcSymbol("umask");
 * ```
 */
export function libcSymbol(name: string): Deno.PointerObject {
  const handle = Deno.UnsafePointer.create(BigInt(osConstants().rtldDefault));
  const ptr = libc().dlsym(handle, cString(name));
  if (ptr === null) throw new Error(`dlsym: no symbol '${name}' in libc`);
  return ptr;
}
