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

const _CHUNK = 4096;
const _MAX = 1 << 20;

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
    const buf = new Uint8Array(_CHUNK);
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
