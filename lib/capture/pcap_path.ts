/**
 * `--pcap FILE` checked before a run starts: a directory, a missing parent
 * directory, a place the permissions forbid (/proc, a read-only file), an
 * existing file that is not a capture (a typo must not overwrite it) is the
 * user's mistake, said in one line, not found after the scenario ran.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import { messageOf } from "../sys/errno.ts";

function _errno(err: unknown): string | undefined {
  return err instanceof Error ? (err as Error & { code?: string }).code : undefined;
}

/**
 * Throw a {@link UsageError} (one line, exit 2) when `path` cannot be
 * written as a pcap file. It is opened for writing and closed; a file that
 * did not exist is removed again, so a run that is then skipped leaves
 * nothing behind.
 *
 * @example
 * ```ts
 * checkPcapPath("/tmp/run.pcap"); // fine
 * checkPcapPath("/tmp"); // throws: --pcap /tmp: is a directory
 * ```
 */
export function checkPcapPath(path: string): void {
  let st: Deno.FileInfo | undefined;
  try {
    st = Deno.statSync(path);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) _cannot(path, err);
  }
  if (st?.isDirectory) {
    throw new UsageError({
      en: `--pcap ${path}: is a directory`,
      zh: `--pcap ${path}：这是一个目录`,
    }, "chaos");
  }
  if (st && !st.isFile) {
    throw new UsageError({
      en: `--pcap ${path}: not a regular file`,
      zh: `--pcap ${path}：不是普通文件`,
    }, "chaos");
  }
  // A typo must not cost a file: overwrite only an empty file or an earlier capture.
  if (st && st.size > 0 && !_isCapture(path)) {
    throw new UsageError({
      en: `--pcap ${path}: exists and is not a pcap file; remove it or choose another name`,
      zh: `--pcap ${path}：文件已存在且不是 pcap 文件；请删除它或换一个文件名`,
    }, "chaos");
  }
  try {
    Deno.openSync(path, { write: true, create: true }).close();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) || "/" : ".";
      throw new UsageError({
        en: `--pcap ${path}: no directory ${dir}`,
        zh: `--pcap ${path}：目录 ${dir} 不存在`,
      }, "chaos");
    }
    _cannot(path, err);
  }
  if (!st) {
    try {
      Deno.removeSync(path);
    } catch { /* leave it */ }
  }
}

/** The first 4 bytes of pcap (µs and ns, either byte order) and pcapng files. */
const _MAGICS = ["d4c3b2a1", "a1b2c3d4", "4d3cb2a1", "a1b23c4d", "0a0d0d0a"];

function _isCapture(path: string): boolean {
  try {
    const file = Deno.openSync(path, { read: true });
    try {
      const head = new Uint8Array(4);
      const n = file.readSync(head) ?? 0;
      const hex = [...head.subarray(0, n)].map((b) => b.toString(16).padStart(2, "0")).join("");
      return _MAGICS.includes(hex);
    } finally {
      file.close();
    }
  } catch {
    return false;
  }
}

function _cannot(path: string, err: unknown): never {
  if (err instanceof Deno.errors.PermissionDenied || _errno(err) === "EACCES") {
    throw new UsageError({
      en: `--pcap ${path}: permission denied`,
      zh: `--pcap ${path}：权限不足`,
    }, "chaos");
  }
  // Deno's own permission check (NotCapable) names a flag; the user needs the reason, not the flag.
  if (err instanceof Deno.errors.NotCapable) {
    throw new UsageError({
      en: `--pcap ${path}: not a place echolab writes`,
      zh: `--pcap ${path}：echolab 不在那里写文件`,
    }, "chaos");
  }
  throw new UsageError({
    en: `--pcap ${path}: cannot write it (${_errno(err) ?? messageOf(err)})`,
    zh: `--pcap ${path}：无法写入（${_errno(err) ?? messageOf(err)}）`,
  }, "chaos");
}
