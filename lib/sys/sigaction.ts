/**
 * sigaction with and without SA_RESTART (UNP §5.8–5.9).
 *
 * A signal handler must be a C function, and Deno.UnsafeCallback can only
 * run on the JS thread — not inside a signal delivered to another thread.
 * The book engine therefore installs a *libc* function as the handler,
 * found with dlsym. It uses `umask`: it is async-signal-safe (POSIX), takes
 * one int — the kernel passes the signal number — and leaves a mark: after
 * the handler runs, the process umask equals the signal number. Reading the
 * umask back tells whether the handler really ran ({@link HandlerWitness}).
 *
 * @module
 */

import { check } from "./check.ts";
import { libc, libcSymbol } from "./libc.ts";
import { osConstants } from "./platform.ts";
import { sysFail, sysOk, type SysResult } from "./result.ts";

/** An installed handler: tells whether it ran, and puts everything back. */
export interface HandlerWitness {
  /** The signal caught. */
  signal: string;
  /** Whether SA_RESTART was set. */
  restart: boolean;
  /** True if the handler ran since installation or the last call (reads and re-arms the mark). */
  ran(): boolean;
  /** Restore the previous disposition and umask. */
  restore(): void;
}

function _sigaction(signo: number, handler: bigint, flags: number, old?: Uint8Array) {
  const { layout } = osConstants();
  const act = new Uint8Array(layout.sigaction.size);
  const view = new DataView(act.buffer);
  view.setBigUint64(layout.sigaction.handler, handler, true);
  libc().sigemptyset(act.subarray(layout.sigaction.mask));
  view.setInt32(layout.sigaction.flags, flags, true);
  return check("sigaction", libc().sigaction(signo, act, old ?? null));
}

/** A signal's current disposition, as sigaction(sig, NULL, &old) reports it. */
export interface Disposition {
  /** `default` (SIG_DFL), `ignore` (SIG_IGN) or `handler` (a function). */
  action: "default" | "ignore" | "handler";
  /** The sa_flags set, by name (SA_RESTART, SA_SIGINFO …). */
  flags: string[];
}

/**
 * Read how `signal` is handled right now, without changing it.
 *
 * @example
 * ```ts
 * disposition("SIGPIPE"); // { ok: true, value: { action: "ignore", flags: [] } } under Deno
 * ```
 */
export function disposition(signal: string): SysResult<Disposition> {
  const os = osConstants();
  const signo = os.signals[signal];
  if (signo === undefined) return sysFail("sigaction", "EINVAL");
  const old = new Uint8Array(os.layout.sigaction.size);
  const r = check("sigaction", libc().sigaction(signo, null, old));
  if (!r.ok) return r;
  const view = new DataView(old.buffer);
  const handler = view.getBigUint64(os.layout.sigaction.handler, true);
  const bits = view.getUint32(os.layout.sigaction.flags, true);
  const flags = Object.entries(os.sa)
    .filter(([, bit]) => (bits & bit) !== 0)
    .map(([name]) => `SA_${name}`);
  const action = handler === 0n ? "default" : handler === 1n ? "ignore" : "handler";
  return sysOk({ action, flags });
}

/**
 * Catch `signal` with libc's `umask` as the handler, with or without
 * SA_RESTART, and return a witness of its runs. One at a time: the umask is
 * per process.
 *
 * @example
 * ```ts
 * const w = catchSignal("SIGALRM", { restart: false });
 * if (w.ok) { … w.value.ran(); w.value.restore(); }
 * ```
 */
export function catchSignal(
  signal: string,
  opts: { restart: boolean },
): SysResult<HandlerWitness> {
  const os = osConstants();
  const signo = os.signals[signal];
  if (signo === undefined) return sysFail("sigaction", "EINVAL");
  const c = libc();
  const original = c.umask(0o022);
  c.umask(original);
  // The mark: while armed, the umask holds a value the handler cannot write.
  const armed = original === signo ? original ^ 0o100 : original;
  const old = new Uint8Array(os.layout.sigaction.size);
  const handler = BigInt(Deno.UnsafePointer.value(libcSymbol("umask")));
  const r = _sigaction(signo, handler, opts.restart ? os.sa.RESTART : 0, old);
  if (!r.ok) return r;
  c.umask(armed);
  let restored = false;
  return sysOk({
    signal,
    restart: opts.restart,
    ran() {
      const seen = c.umask(armed);
      return seen === signo;
    },
    restore() {
      if (restored) return;
      restored = true;
      c.sigaction(signo, old, null);
      c.umask(original);
    },
  });
}
