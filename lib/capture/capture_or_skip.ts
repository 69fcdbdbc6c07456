/**
 * Start a capture when this process may (CAP_NET_RAW in its network
 * namespace), or say plainly why not: a scenario keeps running without
 * packets and reports `capture-skipped` with the errno and the reason.
 *
 * @module
 */

import { SysError } from "../errors.ts";
import { type Capture, type CaptureOptions, startCapture } from "./start_capture.ts";

/** A capture that runs, or the reason it could not start. */
export type CaptureAttempt = { capture: Capture; skipped?: undefined } | {
  capture?: undefined;
  skipped: string;
};

/**
 * Like {@link startCapture}, but a failure to open the packet socket becomes
 * a `capture-skipped` event (and a `skipped` reason) instead of an exception.
 *
 * @example
 * ```ts
 * const { capture } = captureOrSkip({ bus, ports: [port] });
 * // … scenario …
 * const stats = await capture?.stop();
 * ```
 */
export function captureOrSkip(opts: CaptureOptions): CaptureAttempt {
  try {
    return { capture: startCapture(opts) };
  } catch (err) {
    if (!(err instanceof SysError)) throw err;
    const reason = err.errno === "EPERM"
      ? "no CAP_NET_RAW in this network namespace: run inside `unshare -rn` (or as root)"
      : `${err.op}: ${err.errno}`;
    opts.bus.emit(opts.actor ?? "kernel", "capture-skipped", {
      errno: err.errno,
      topic: "capture-skipped",
      reason,
    });
    return { skipped: reason };
  }
}
