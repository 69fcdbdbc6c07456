/**
 * Reading a /proc file through libc. Deno's permission system asks for
 * --allow-all before `Deno.readTextFile` may touch anything under /proc, and
 * echolab runs with a granular permission set (deno.json "echolab"); FFI
 * calls are outside those checks, so every /proc read, write, listing and
 * link of echolab goes through libc here: the tolerant readers
 * (readProcFile, listProcDir, readProcLink → undefined / []) and the
 * errno-carrying ones (readProc, readProcAsync, writeProc → ProcError).
 *
 * @module
 */

import { cString, lastErrno, libc } from "../sys/libc.ts";
import { osConstants } from "../sys/platform.ts";

// Large reads: /proc/net/tcp is a seq_file walked again on every read(2), so
// small chunks let sockets that come and go between reads be skipped or
// repeated; a busy host's table easily passes 1 MiB (TIME_WAIT by the thousand).
const _CHUNK = 1 << 20;
const _MAX = 64 << 20;
let _buffer: Uint8Array<ArrayBuffer> | undefined;

/**
 * A /proc operation failed; `errno` is the C errno (2 = ENOENT, 13 = EACCES …).
 *
 * @example
 * ```ts
 * try { readProc("/proc/nope"); } catch (e) { if (e instanceof ProcError) e.errno; } // 2
 * ```
 */
export class ProcError extends Error {
  /** The C errno (0 when it could not be read: a read on another thread). */
  readonly errno: number;

  /** `op path` failed with `errno`. */
  constructor(op: string, path: string, errno: number) {
    super(`${op} ${path}: errno ${errno}`);
    this.name = "ProcError";
    this.errno = errno;
  }
}

function _open(path: string, flags: number): number {
  const fd = libc().open(cString(path), flags | osConstants().fcntl.O_CLOEXEC, 0);
  if (fd < 0) throw new ProcError("open", path, lastErrno());
  return fd;
}

function _join(parts: Uint8Array[], total: number): string {
  const all = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  return new TextDecoder().decode(all);
}

/** Read `fd` to its end (or `max` bytes) with `readChunk`; throws ProcError on a failed read. */
async function _readAllAsync(
  path: string,
  max: number,
  readChunk: (buf: Uint8Array<ArrayBuffer>) => Promise<number>,
): Promise<string> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const buf = new Uint8Array(_CHUNK); // one per call: calls may overlap
  while (total < max) {
    const n = await readChunk(buf);
    if (n < 0) throw new ProcError("read", path, 0);
    if (n === 0) break;
    parts.push(buf.slice(0, n));
    total += n;
  }
  return _join(parts, total);
}

function _readAll(fd: number, path: string, max: number): string {
  const c = libc();
  const parts: Uint8Array[] = [];
  let total = 0;
  const buf = _buffer ??= new Uint8Array(_CHUNK); // synchronous: one scratch buffer serves all
  while (total < max) {
    const n = Number(c.read(fd, buf, BigInt(buf.length)));
    if (n < 0) throw new ProcError("read", path, lastErrno());
    if (n === 0) break;
    parts.push(buf.slice(0, n));
    total += n;
  }
  return _join(parts, total);
}

/**
 * The whole text of a /proc (or any) file; throws {@link ProcError} with
 * the errno when it cannot be opened or read.
 *
 * @example
 * ```ts
 * readProc("/proc/sys/net/ipv4/tcp_retries2"); // "15\n"
 * ```
 */
export function readProc(path: string): string {
  const fd = _open(path, osConstants().fcntl.O_RDONLY);
  try {
    return _readAll(fd, path, _MAX);
  } finally {
    libc().close(fd);
  }
}

/**
 * Like {@link readProc}, with the reads done off the main thread (for the
 * big /proc/net/tcp, which the kernel builds by walking its hash table).
 * A failed read carries errno 0: errno belongs to the pool thread.
 *
 * @example
 * ```ts
 * const text = await readProcAsync("/proc/net/tcp");
 * ```
 */
export async function readProcAsync(path: string): Promise<string> {
  const fd = _open(path, osConstants().fcntl.O_RDONLY);
  try {
    return await _readAllAsync(
      path,
      _MAX,
      async (buf) => Number(await libc().read_nonblocking(fd, buf, BigInt(buf.length))),
    );
  } finally {
    libc().close(fd);
  }
}

/**
 * Write `text` to a /proc file (a sysctl); throws {@link ProcError} with the errno.
 *
 * @example
 * ```ts
 * writeProc("/proc/sys/net/ipv4/tcp_retries2", "3\n");
 * ```
 */
export function writeProc(path: string, text: string): void {
  const fd = _open(path, osConstants().fcntl.O_WRONLY);
  try {
    const data = new TextEncoder().encode(text);
    const n = Number(libc().write(fd, data, BigInt(data.length)));
    if (n < 0) throw new ProcError("write", path, lastErrno());
  } finally {
    libc().close(fd);
  }
}

/**
 * The whole text of a file such as /proc/PID/stat or /proc/net/tcp (at most 64 MiB), or
 * undefined when it cannot be opened or read (the process is gone).
 *
 * @example
 * ```ts
 * readProcFile(`/proc/${pid}/stat`); // "1234 (cat) S 1200 …"
 * ```
 */
export function readProcFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = _open(path, osConstants().fcntl.O_RDONLY);
  } catch {
    return undefined;
  }
  try {
    return _readAll(fd, path, _MAX);
  } catch {
    return undefined;
  } finally {
    libc().close(fd);
  }
}

/** Offset of d_name in glibc's struct dirent on 64-bit Linux (d_ino 8, d_off 8, d_reclen 2, d_type 1). */
const _DIRENT_NAME_OFFSET = 19;

/**
 * The names in a /proc directory (without `.` and `..`), or [] when it cannot be read.
 *
 * @example
 * ```ts
 * listProcDir("/proc").filter((n) => /^\d+$/.test(n)); // pids
 * ```
 */
export function listProcDir(path: string): string[] {
  const c = libc();
  const dir = c.opendir(cString(path));
  if (dir === null) return [];
  const names: string[] = [];
  try {
    for (;;) {
      const entry = c.readdir(dir);
      if (entry === null) break;
      const name = new Deno.UnsafePointerView(entry).getCString(_DIRENT_NAME_OFFSET);
      if (name !== "." && name !== "..") names.push(name);
    }
  } finally {
    c.closedir(dir);
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
  const buf = new Uint8Array(4096);
  const n = Number(libc().readlink(cString(path), buf, BigInt(buf.length)));
  return n < 0 ? undefined : new TextDecoder().decode(buf.subarray(0, n));
}
