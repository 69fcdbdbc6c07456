/**
 * Reading and writing /proc through libc (open/read/write/readlink/opendir)
 * via Deno FFI. Deno (≥ 1.43) refuses every /proc path unless the program
 * runs with --allow-all; echolab runs with its own permission set (read,
 * write, net, env, run, ffi), and FFI calls are outside the file-system
 * permission checks — so the lab reads the kernel's state this way.
 *
 * Private to lib/lab: lib/sys (branch book) wraps libc for the book engine
 * and lib/proc (branch capture) parses /proc; unify when they are merged.
 *
 * @module
 */

const _SYMBOLS = {
  open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  read_async: {
    name: "read",
    parameters: ["i32", "buffer", "usize"],
    result: "isize",
    nonblocking: true,
  },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  close: { parameters: ["i32"], result: "i32" },
  readlink: { parameters: ["buffer", "buffer", "usize"], result: "isize" },
  opendir: { parameters: ["buffer"], result: "pointer" },
  readdir: { parameters: ["pointer"], result: "pointer" },
  closedir: { parameters: ["pointer"], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

const _O_RDONLY = 0;
const _O_WRONLY = 1;
const _O_CLOEXEC = 0o2000000;
/** Offset of d_name in glibc's struct dirent on 64-bit Linux (ino 8, off 8, reclen 2, type 1). */
const _D_NAME = 19;

let _libc: Deno.DynamicLibrary<typeof _SYMBOLS> | undefined;

function _lib(): Deno.DynamicLibrary<typeof _SYMBOLS>["symbols"] {
  _libc ??= Deno.dlopen("libc.so.6", _SYMBOLS);
  return _libc.symbols;
}

const _enc = new TextEncoder();
const _dec = new TextDecoder();

function _cstr(s: string): Uint8Array<ArrayBuffer> {
  return _enc.encode(s + "\0") as Uint8Array<ArrayBuffer>;
}

function _errno(): number {
  const p = _lib().__errno_location();
  return p ? new Deno.UnsafePointerView(p).getInt32(0) : 0;
}

/**
 * A /proc operation failed; `errno` is the C errno.
 *
 * @example
 * ```ts
 * try { readProc("/proc/nope"); } catch (e) { if (e instanceof ProcError) e.errno; } // 2
 * ```
 */
export class ProcError extends Error {
  /** The C errno (2 = ENOENT …). */
  readonly errno: number;

  /** `op path` failed with `errno`. */
  constructor(op: string, path: string, errno: number) {
    super(`${op} ${path}: errno ${errno}`);
    this.name = "ProcError";
    this.errno = errno;
  }
}

function _open(path: string, flags: number): number {
  const fd = _lib().open(_cstr(path), flags | _O_CLOEXEC, 0);
  if (fd < 0) throw new ProcError("open", path, _errno());
  return fd;
}

/**
 * Read a whole /proc (or any) file.
 *
 * @example
 * ```ts
 * readProc("/proc/sys/net/ipv4/tcp_retries2"); // "15\n"
 * ```
 */
export function readProc(path: string): string {
  const lib = _lib();
  const fd = _open(path, _O_RDONLY);
  try {
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(65536);
    for (;;) {
      const n = Number(lib.read(fd, buf, BigInt(buf.length)));
      if (n < 0) throw new ProcError("read", path, _errno());
      if (n === 0) break;
      chunks.push(buf.slice(0, n));
    }
    return _dec.decode(_join(chunks));
  } finally {
    lib.close(fd);
  }
}

/**
 * Read a whole file with the reads done off the main thread (for the big
 * /proc/net/tcp, which the kernel builds by walking its whole hash table).
 *
 * @example
 * ```ts
 * const text = await readProcAsync("/proc/net/tcp");
 * ```
 */
export async function readProcAsync(path: string): Promise<string> {
  const lib = _lib();
  const fd = _open(path, _O_RDONLY);
  try {
    const chunks: Uint8Array[] = [];
    for (;;) {
      const buf = new Uint8Array(65536);
      const n = Number(await lib.read_async(fd, buf, BigInt(buf.length)));
      if (n < 0) throw new ProcError("read", path, 0);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
    }
    return _dec.decode(_join(chunks));
  } finally {
    lib.close(fd);
  }
}

function _join(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/**
 * Write `text` to a /proc file (a sysctl).
 *
 * @example
 * ```ts
 * writeProc("/proc/sys/net/ipv4/tcp_retries2", "3\n");
 * ```
 */
export function writeProc(path: string, text: string): void {
  const lib = _lib();
  const fd = _open(path, _O_WRONLY);
  try {
    const data = _enc.encode(text);
    const n = Number(lib.write(fd, data, BigInt(data.length)));
    if (n < 0) throw new ProcError("write", path, _errno());
  } finally {
    lib.close(fd);
  }
}

/**
 * The target of a symbolic link, e.g. `/proc/self/ns/net` → `net:[4026531840]`.
 *
 * @example
 * ```ts
 * readProcLink("/proc/self/ns/net"); // "net:[4026531840]"
 * ```
 */
export function readProcLink(path: string): string {
  const buf = new Uint8Array(4096);
  const n = Number(_lib().readlink(_cstr(path), buf, BigInt(buf.length)));
  if (n < 0) throw new ProcError("readlink", path, _errno());
  return _dec.decode(buf.subarray(0, n));
}

/**
 * The entry names of a directory (without `.` and `..`).
 *
 * @example
 * ```ts
 * listProc("/proc").filter((n) => /^\d+$/.test(n)); // the pids
 * ```
 */
export function listProc(path: string): string[] {
  const lib = _lib();
  const dir = lib.opendir(_cstr(path));
  if (!dir) throw new ProcError("opendir", path, _errno());
  const names: string[] = [];
  try {
    for (;;) {
      const ent = lib.readdir(dir);
      if (!ent) break;
      const name = new Deno.UnsafePointerView(ent).getCString(_D_NAME);
      if (name !== "." && name !== "..") names.push(name);
    }
  } finally {
    lib.closedir(dir);
  }
  return names;
}
