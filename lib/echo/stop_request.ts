/**
 * What ends a server: SIGINT or SIGTERM (when it handles signals, as the
 * `serve` command does) or an AbortSignal (in-process use, counted as
 * SIGTERM). Shared by both engines.
 *
 * @module
 */

/** Options both servers take. */
export interface StopOptions {
  /** Stop serving when this aborts (as SIGTERM would). */
  stop?: AbortSignal;
  /** Install SIGINT/SIGTERM handlers; default true. */
  handleSignals?: boolean;
}

/** A server's stop request, once made. */
export interface StopRequest {
  /** The signal that asked the server to stop, or undefined while it serves. */
  readonly signal: "SIGINT" | "SIGTERM" | undefined;
  /** Remove the signal and abort listeners. */
  dispose(): void;
}

/**
 * Call `onStop` once, on the first SIGINT/SIGTERM or abort of `opts.stop`
 * (at once if it is already aborted).
 *
 * @example
 * ```ts
 * const stop = listenForStop(opts, () => listener.close());
 * // … serve until stop.signal is set …
 * stop.dispose();
 * ```
 */
export function listenForStop(opts: StopOptions, onStop: () => void): StopRequest {
  let signal: "SIGINT" | "SIGTERM" | undefined;
  const on = (s: "SIGINT" | "SIGTERM") => () => {
    if (signal) return;
    signal = s;
    onStop();
  };
  const onInt = on("SIGINT");
  const onTerm = on("SIGTERM");
  const handleSignals = opts.handleSignals ?? true;
  if (handleSignals) {
    Deno.addSignalListener("SIGINT", onInt);
    Deno.addSignalListener("SIGTERM", onTerm);
  }
  if (opts.stop?.aborted) onTerm();
  opts.stop?.addEventListener("abort", onTerm, { once: true });
  return {
    get signal() {
      return signal;
    },
    dispose() {
      if (handleSignals) {
        Deno.removeSignalListener("SIGINT", onInt);
        Deno.removeSignalListener("SIGTERM", onTerm);
      }
      opts.stop?.removeEventListener("abort", onTerm);
    },
  };
}
