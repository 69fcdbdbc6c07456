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
import { lastErrnoName, libc, libcSymbol } from "./libc.ts";
import { osConstants } from "./platform.ts";
import { sysFail, sysOk, type SysResult } from "./result.ts";

/** An installed handler: tells whether it ran, and puts everything back. */
export interface HandlerWitness {
  /** The signal caught. */
  signal: string;
  /** Whether SA_RESTART is set, as read back from the kernel after installing. */
  restart: boolean;
  /** The sa_flags read back with sigaction(sig, NULL, &old) after installing, by name. */
  flags: string[];
  /** How it was installed: sigaction (flags chosen) or glibc's signal() (flags glibc chose). */
  via: "sigaction" | "signal";
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
 * Catch `signal` with libc's `umask` as the handler and return a witness of
 * its runs. `via: "sigaction"` (the default) installs it with sigaction,
 * SA_RESTART set or not as `restart` says; `via: "signal"` calls libc's
 * signal() and lets it choose — glibc's signal() has BSD semantics and sets
 * SA_RESTART (signal(2), "Portability"). Either way the flags are read back
 * from the kernel afterwards. One at a time: the umask is per process.
 *
 * @example
 * ```ts
 * const w = catchSignal("SIGALRM", { restart: false });
 * if (w.ok) { … w.value.ran(); w.value.restore(); }
 * const g = catchSignal("SIGALRM", { via: "signal" });
 * if (g.ok) g.value.flags; // ["SA_RESTART"] with glibc
 * ```
 */
export function catchSignal(
  signal: string,
  opts: { restart?: boolean; via?: "sigaction" | "signal" },
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
  const umask = libcSymbol("umask");
  const via = opts.via ?? "sigaction";
  if (via === "signal") {
    const saved = check("sigaction", c.sigaction(signo, null, old));
    if (!saved.ok) return saved;
    // signal() returns the previous handler, or SIG_ERR ((void (*)(int)) -1).
    const prev = c.signal(signo, umask);
    if (Deno.UnsafePointer.value(prev) === 0xffff_ffff_ffff_ffffn) {
      return sysFail("signal", lastErrnoName());
    }
  } else {
    const handler = BigInt(Deno.UnsafePointer.value(umask));
    const r = _sigaction(signo, handler, opts.restart ? os.sa.RESTART : 0, old);
    if (!r.ok) return r;
  }
  const now = disposition(signal);
  const flags = now.ok ? now.value.flags : [];
  c.umask(armed);
  let restored = false;
  return sysOk({
    signal,
    restart: flags.includes("SA_RESTART"),
    flags,
    via,
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

/** SIGCHLD set so that the kernel reaps this process's children itself. */
export interface KernelReaping {
  /** SIG_IGN, or the current handler kept with SA_NOCLDWAIT added. */
  how: "SIG_IGN" | "SA_NOCLDWAIT";
  /** The disposition read back with sigaction(SIGCHLD, NULL, &old) after the change. */
  now: Disposition;
  /** Put the previous disposition back (safe to call twice). */
  restore(): void;
}

/**
 * Make the kernel reap children (POSIX; sigaction(2) SA_NOCLDWAIT, wait(2)
 * NOTES; kernel/signal.c do_notify_parent): `SIG_IGN` sets SIGCHLD's
 * disposition to ignore — no zombie and no SIGCHLD; `SA_NOCLDWAIT` keeps the
 * current handler (Deno's, when a SIGCHLD listener is installed) and adds
 * the flag — no zombie, and on Linux SIGCHLD is still sent. Either way
 * wait blocks until every child has ended, then fails with ECHILD. Only
 * while no child started by Deno.Command is running: the runtime's own
 * waitpid for it would find nothing.
 *
 * @example
 * ```ts
 * const r = reapByKernel("SIG_IGN");
 * if (r.ok) { … r.value.restore(); }
 * ```
 */
export function reapByKernel(how: "SIG_IGN" | "SA_NOCLDWAIT"): SysResult<KernelReaping> {
  const os = osConstants();
  const signo = os.signals.SIGCHLD;
  const c = libc();
  const old = new Uint8Array(os.layout.sigaction.size);
  const saved = check("sigaction", c.sigaction(signo, null, old));
  if (!saved.ok) return saved;
  let r: SysResult<number>;
  if (how === "SIG_IGN") {
    r = _sigaction(signo, 1n, 0); // SIG_IGN is (void (*)(int)) 1
  } else {
    const act = old.slice();
    const view = new DataView(act.buffer);
    const flags = view.getUint32(os.layout.sigaction.flags, true);
    view.setUint32(os.layout.sigaction.flags, flags | os.sa.NOCLDWAIT, true);
    r = check("sigaction", c.sigaction(signo, act, null));
  }
  if (!r.ok) return r;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    c.sigaction(signo, old, null);
  };
  const now = disposition("SIGCHLD");
  if (!now.ok) {
    restore();
    return now;
  }
  return sysOk({ how, now: now.value, restore });
}
