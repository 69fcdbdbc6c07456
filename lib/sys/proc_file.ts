/**
 * Reading a /proc file through libc. Deno's permission system asks for
 * --allow-all before `Deno.readTextFile` may touch anything under /proc, and
 * echolab runs with a granular permission set (deno.json "echolab"); the
 * book engine already speaks to libc, so it opens and reads /proc itself.
 *
 * @module
 */

import { cString, libc } from "./libc.ts";
import { osConstants } from "./platform.ts";

// Large reads: /proc/net/tcp is a seq_file walked again on every read(2), so
// small chunks let sockets that come and go between reads be skipped or
// repeated; a busy host's table easily passes 1 MiB (TIME_WAIT by the thousand).
const _CHUNK = 1 << 20;
const _MAX = 64 << 20;
let _buffer: Uint8Array<ArrayBuffer> | undefined;

/**
 * The whole text of a small file such as /proc/PID/stat, or undefined when
 * it cannot be opened (the process is gone).
 *
 * @example
 * ```ts
 * readProcFile(`/proc/${pid}/stat`); // "1234 (cat) S 1200 …"
 * ```
 */
export function readProcFile(path: string): string | undefined {
  const { fcntl } = osConstants();
  const c = libc();
  const fd = c.open(cString(path), fcntl.O_RDONLY | fcntl.O_CLOEXEC, 0);
  if (fd < 0) return undefined;
  try {
    const parts: Uint8Array[] = [];
    let total = 0;
    const buf = _buffer ??= new Uint8Array(_CHUNK);
    while (total < _MAX) {
      const n = Number(c.read(fd, buf, BigInt(buf.length)));
      if (n < 0) return undefined;
      if (n === 0) break;
      parts.push(buf.slice(0, n));
      total += n;
    }
    const all = new Uint8Array(total);
    let off = 0;
    for (const p of parts) {
      all.set(p, off);
      off += p.length;
    }
    return new TextDecoder().decode(all);
  } finally {
    c.close(fd);
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
