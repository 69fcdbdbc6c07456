/**
 * Reading /proc under echolab's permission set. Deno 2.9 requires
 * --allow-all for any path under /proc (read: true is not enough), so these
 * go to libc through FFI instead: open/read/close, readlink,
 * opendir/readdir/closedir. Linux, glibc, 64-bit.
 *
 * @module
 */

const _SYMBOLS = {
  open: { parameters: ["buffer", "i32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  close: { parameters: ["i32"], result: "i32" },
  readlink: { parameters: ["buffer", "buffer", "usize"], result: "isize" },
  opendir: { parameters: ["buffer"], result: "pointer" },
  readdir: { parameters: ["pointer"], result: "pointer" },
  closedir: { parameters: ["pointer"], result: "i32" },
} as const;

const _O_RDONLY = 0;
const _O_CLOEXEC = 0o2000000;
const _DIRENT_NAME_OFFSET = 19; // d_ino 8, d_off 8, d_reclen 2, d_type 1

let _libc: Deno.DynamicLibrary<typeof _SYMBOLS> | undefined;
const _encoder = new TextEncoder();
const _decoder = new TextDecoder();
const _chunk = new Uint8Array(64 * 1024);

function _lib(): Deno.DynamicLibrary<typeof _SYMBOLS> {
  _libc ??= Deno.dlopen("libc.so.6", _SYMBOLS);
  return _libc;
}

function _cstring(path: string): Uint8Array<ArrayBuffer> {
  return _encoder.encode(path + "\0");
}

/**
 * The text of a /proc file, or undefined when it cannot be read (the
 * process is gone).
 *
 * @example
 * ```ts
 * readProcText(`/proc/${Deno.pid}/stat`); // "1234 (deno) R …"
 * ```
 */
export function readProcText(path: string): string | undefined {
  const lib = _lib();
  const fd = lib.symbols.open(_cstring(path), _O_RDONLY | _O_CLOEXEC);
  if (fd < 0) return undefined;
  try {
    const parts: Uint8Array[] = [];
    for (;;) {
      const n = Number(lib.symbols.read(fd, _chunk, BigInt(_chunk.length)));
      if (n < 0) return undefined;
      if (n === 0) break;
      parts.push(_chunk.slice(0, n));
    }
    const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let off = 0;
    for (const p of parts) {
      all.set(p, off);
      off += p.length;
    }
    return _decoder.decode(all);
  } finally {
    lib.symbols.close(fd);
  }
}

/**
 * The names in a /proc directory (without `.` and `..`), or [] when it cannot be read.
 *
 * @example
 * ```ts
 * listProcDir("/proc").filter((n) => /^\d+$/.test(n)); // pids
 * ```
 */
export function listProcDir(path: string): string[] {
  const lib = _lib();
  const dir = lib.symbols.opendir(_cstring(path));
  if (dir === null) return [];
  const names: string[] = [];
  try {
    for (;;) {
      const entry = lib.symbols.readdir(dir);
      if (entry === null) break;
      const name = new Deno.UnsafePointerView(entry).getCString(_DIRENT_NAME_OFFSET);
      if (name !== "." && name !== "..") names.push(name);
    }
  } finally {
    lib.symbols.closedir(dir);
  }
  return names;
}

/**
 * The target of a symbolic link under /proc (e.g. `socket:[12345]`), or undefined.
 *
 * @example
 * ```ts
 * readProcLink(`/proc/${Deno.pid}/fd/0`); // "/dev/pts/0"
 * ```
 */
export function readProcLink(path: string): string | undefined {
  const lib = _lib();
  const buf = new Uint8Array(4096);
  const n = Number(lib.symbols.readlink(_cstring(path), buf, BigInt(buf.length)));
  return n < 0 ? undefined : _decoder.decode(buf.subarray(0, n));
}
