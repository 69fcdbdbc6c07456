/**
 * Whether this process may open an AF_PACKET socket: CAP_NET_RAW (bit 13,
 * include/uapi/linux/capability.h) in its effective set, which
 * /proc/self/status prints as the hex mask `CapEff`. Root has it; a user
 * inside `unshare -rn` has it for the namespace it created; an ordinary
 * user on the host does not (packet(7), capabilities(7)).
 *
 * @module
 */

import { readProcFile } from "../proc/proc_file.ts";

/** CAP_NET_RAW's bit number (include/uapi/linux/capability.h). */
export const CAP_NET_RAW = 13;

/**
 * True when the `CapEff:` line of a /proc/PID/status text has CAP_NET_RAW
 * (pure; false when the line is missing).
 *
 * @example
 * ```ts
 * hasCapNetRaw("CapEff:\t000001ffffffffff\n"); // true
 * hasCapNetRaw("CapEff:\t0000000000000000\n"); // false
 * ```
 */
export function hasCapNetRaw(statusText: string): boolean {
  const m = /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(statusText);
  if (!m) return false;
  return ((BigInt(`0x${m[1]}`) >> BigInt(CAP_NET_RAW)) & 1n) === 1n;
}

/**
 * True when this process has CAP_NET_RAW now (read from /proc/self/status).
 *
 * @example
 * ```ts
 * if (!canCaptureHere()) console.log("no packets: no CAP_NET_RAW");
 * ```
 */
export function canCaptureHere(): boolean {
  return hasCapNetRaw(readProcFile("/proc/self/status") ?? "");
}
