/**
 * Per-namespace sysctls: the lab shortens TCP's timers inside its own network
 * namespace (tcp_retries2 and the keepalive and neighbour timers are per
 * namespace), and reports each beside the value the host really uses.
 *
 * @module
 */

import { readProc, writeProc } from "../proc/proc_file.ts";

/** A sysctl value set in the lab, with the host's real value beside it. */
export interface SysctlSetting {
  /** Dotted name, e.g. `net.ipv4.tcp_retries2`. */
  name: string;
  /** The value set inside the lab. */
  lab: number;
  /** The host's value (outside the lab), when it could be read. */
  host?: number;
}

/**
 * The /proc path (without the leading /proc/) of a dotted sysctl name.
 *
 * @example
 * ```ts
 * sysctlPath("net.ipv4.tcp_retries2"); // "sys/net/ipv4/tcp_retries2"
 * ```
 */
export function sysctlPath(name: string): string {
  return `sys/${name.replaceAll(".", "/")}`;
}

/**
 * The name whose host value a lab sysctl is compared with: a per-device
 * neighbour setting (`net.ipv4.neigh.veth-c.x`) is compared with the host's
 * default for new devices (`net.ipv4.neigh.default.x`).
 *
 * @example
 * ```ts
 * hostNameOf("net.ipv4.neigh.veth-c.ucast_solicit"); // "net.ipv4.neigh.default.ucast_solicit"
 * ```
 */
export function hostNameOf(name: string): string {
  return name.replace(/^net\.ipv4\.neigh\.[^.]+\./, "net.ipv4.neigh.default.");
}

/**
 * Read a numeric sysctl under `procRoot`, or undefined when it does not exist.
 *
 * @example
 * ```ts
 * readSysctl("net.ipv4.tcp_retries2"); // 15
 * ```
 */
export function readSysctl(name: string, procRoot = "/proc"): number | undefined {
  try {
    const n = Number(readProc(`${procRoot}/${sysctlPath(name)}`).trim());
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Write a sysctl of the caller's network namespace (needs root in the user
 * namespace that owns it — inside the lab, that is us).
 *
 * @example
 * ```ts
 * writeSysctl("net.ipv4.tcp_retries2", 3);
 * ```
 */
export function writeSysctl(name: string, value: number): void {
  writeProc(`/proc/${sysctlPath(name)}`, `${value}\n`);
}

/**
 * The host's values of every sysctl a lab may set, read outside the lab.
 *
 * @example
 * ```ts
 * hostSysctls(["net.ipv4.tcp_retries2"]); // { "net.ipv4.tcp_retries2": 15 }
 * ```
 */
export function hostSysctls(names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of names) {
    const host = hostNameOf(name);
    const v = readSysctl(host);
    if (v !== undefined) out[host] = v;
  }
  return out;
}
