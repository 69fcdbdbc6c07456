/**
 * What ends a server: SIGINT, SIGTERM or SIGHUP (when it handles signals, as
 * the `serve` command does — SIGHUP is the terminal closing) or an
 * AbortSignal (in-process use, counted as SIGTERM; aborted with the reason
 * "SIGPIPE" when the reader of its output went away). Shared by both engines.
 *
 * @module
 */

import { signalDisposition } from "../proc/signal_state.ts";
import { SIGNAL_NUMBERS } from "../sys/signals.ts";

/**
 * Whether SIGHUP was inherited as ignored (nohup). Asked once, at the first
 * signal listener: Deno's first listener (for any signal) resets an inherited
 * "ignore" of SIGHUP (seen with 2.9.6 under nohup), so it cannot be asked
 * later. Both engines call listenForStop before adding any other listener.
 */
let _hupIgnoredAtStart: boolean | undefined;

/** The signal a stop is counted as: it sets the exit status (128 + its number). */
export type StopSignal = "SIGINT" | "SIGTERM" | "SIGHUP" | "SIGPIPE";

/** Options both servers take. */
export interface StopOptions {
  /** Stop serving when this aborts (as SIGTERM would). */
  stop?: AbortSignal;
  /** Install SIGINT/SIGTERM/SIGHUP handlers; default true. */
  handleSignals?: boolean;
}

/** A server's stop request, once made. */
export interface StopRequest {
  /** The signal that asked the server to stop, or undefined while it serves. */
  readonly signal: StopSignal | undefined;
  /** Remove the signal and abort listeners. */
  dispose(): void;
}

/**
 * Call `onStop` once, on the first SIGINT/SIGTERM/SIGHUP or abort of
 * `opts.stop` (at once if it is already aborted).
 *
 * @example
 * ```ts
 * const stop = listenForStop(opts, () => listener.close());
 * // … serve until stop.signal is set …
 * stop.dispose();
 * ```
 */
export function listenForStop(opts: StopOptions, onStop: () => void): StopRequest {
  let signal: StopSignal | undefined;
  const on = (s: StopSignal) => () => {
    if (signal) return;
    signal = s;
    onStop();
  };
  const onInt = on("SIGINT");
  const onTerm = on("SIGTERM");
  const onHup = on("SIGHUP");
  const onAbort = () => {
    const reason = opts.stop?.reason;
    on(reason === "SIGPIPE" || reason === "SIGHUP" ? reason : "SIGTERM")();
  };
  const handleSignals = opts.handleSignals ?? true;
  // nohup (or a parent's trap '' HUP) set SIGHUP to be ignored. Deno's
  // first signal listener puts SIGHUP back to its default action (killing
  // the process), so "ignored" is kept with a listener that does nothing.
  if (handleSignals) {
    _hupIgnoredAtStart ??= signalDisposition(Deno.pid, SIGNAL_NUMBERS.SIGHUP) === "ignored";
  }
  const onHangup = _hupIgnoredAtStart ? () => {} : onHup;
  if (handleSignals) {
    Deno.addSignalListener("SIGINT", onInt);
    Deno.addSignalListener("SIGTERM", onTerm);
    Deno.addSignalListener("SIGHUP", onHangup);
  }
  if (opts.stop?.aborted) onAbort();
  opts.stop?.addEventListener("abort", onAbort, { once: true });
  return {
    get signal() {
      return signal;
    },
    dispose() {
      if (handleSignals) {
        Deno.removeSignalListener("SIGINT", onInt);
        Deno.removeSignalListener("SIGTERM", onTerm);
        Deno.removeSignalListener("SIGHUP", onHangup);
      }
      opts.stop?.removeEventListener("abort", onAbort);
    },
  };
}
