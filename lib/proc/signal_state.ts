/**
 * A process's signals as /proc/PID/status shows them: which are pending,
 * which are caught or ignored. Used by `echolab check` (is SIGCHLD caught,
 * has the listener taken it yet) and by serve (was SIGHUP ignored, nohup).
 *
 * @module
 */

import { readProcFile } from "./proc_file.ts";

/** One signal mask field (SigPnd, ShdPnd, SigCgt …) of /proc/PID/status text as a bit set. */
function _mask(status: string, field: string): bigint {
  const m = new RegExp(`^${field}:\\s*([0-9a-f]+)$`, "m").exec(status);
  return m ? BigInt(`0x${m[1]}`) : 0n;
}

/**
 * Whether signal `signo` is pending for `pid`, to the thread or to the whole
 * process (SigPnd / ShdPnd in /proc/PID/status): generated, not yet
 * delivered. False once the process is gone.
 *
 * @example
 * ```ts
 * signalPending(serverPid, 17); // true until its SIGCHLD handler has run
 * ```
 */
export function signalPending(pid: number, signo: number): boolean {
  const text = readProcFile(`/proc/${pid}/status`);
  if (text === undefined) return false;
  const bit = 1n << BigInt(signo - 1);
  return ((_mask(text, "SigPnd") | _mask(text, "ShdPnd")) & bit) !== 0n;
}

/** How a process disposes of a signal, from /proc/PID/status. */
export type Disposition = "caught" | "ignored" | "default";

/**
 * Whether `pid` catches, ignores or leaves at default signal number `signo`
 * (SigCgt / SigIgn in /proc/PID/status). Undefined when the process is gone.
 *
 * @example
 * ```ts
 * signalDisposition(serverPid, 17); // "caught" when a SIGCHLD handler is installed
 * ```
 */
export function signalDisposition(pid: number, signo: number): Disposition | undefined {
  const text = readProcFile(`/proc/${pid}/status`);
  if (text === undefined) return undefined;
  const bit = 1n << BigInt(signo - 1);
  if (_mask(text, "SigCgt") & bit) return "caught";
  if (_mask(text, "SigIgn") & bit) return "ignored";
  return "default";
}
