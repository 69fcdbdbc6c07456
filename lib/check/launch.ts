/**
 * How `echolab check` starts the learner's server so that nothing it starts
 * can outlive echolab — the lab's own mechanism (lib/lab/launch.ts), without
 * a network namespace so the server stays reachable on the host's loopback:
 *
 * ```
 * [setpriv --pdeathsig KILL]   dies when echolab dies, even by SIGKILL
 *   unshare --user --map-current-user --pid --fork --kill-child
 *     sh (PID 1 of the server's PID namespace; exits when its stdin, a pipe from echolab, ends)
 *       sh (waits for the server, reports its exit status)
 *         [strace -f …]  CMD ARGS…      the learner's server and everything it forks
 * ```
 *
 * When the namespace's PID 1 dies the kernel kills every process in the
 * namespace (pid_namespaces(7)): a forked child, a daemon that called setsid,
 * a process that ignores SIGTERM. PID 1 dies when unshare dies
 * (--kill-child), unshare dies when echolab dies (setpriv's parent-death
 * signal), and PID 1 also exits when its stdin reaches EOF — which happens
 * however echolab ends. The server is not PID 1 itself: PID 1 ignores every
 * signal it has no handler for (SIGTERM included), and adopts orphans.
 *
 * Without unshare or user namespaces the server runs as before, as the
 * leader of a session of its own; then a daemon that leaves the session can
 * outlive a SIGKILLed echolab ({@link isolation} says why).
 *
 * /proc is read from outside: every pid echolab reports is a host pid.
 *
 * @module
 */

import { type Bilingual, envGetter } from "../lang.ts";
import { messageOf } from "../sys/errno.ts";
import { readProcFile } from "../proc/proc_file.ts";
import { signalName } from "../sys/signals.ts";
import { whichTool } from "../sys/which_tool.ts";

/** Whether servers run in a PID namespace of their own, and if not, why. */
export type Isolation =
  | { kind: "namespace"; prefix: string[] }
  | { kind: "session"; reason: Bilingual };

let _isolation: Isolation | undefined;

/**
 * PID 1 of the namespace: start the waiting shell, then hold the namespace
 * until stdin ends. The server's stdout and stderr go to fd 1; the waiting
 * shell reports on fd 2 ("started PID", "exit STATUS"), where unshare's own
 * messages also go; the shells' own complaints go nowhere.
 */
const _INIT = "{ exec 3>&1 4>&2 2>/dev/null; " +
  '"$@" </dev/null >&3 2>&3 3>&- 4>&- & echo "started $!" >&4; ' +
  'wait $!; echo "exit $?" >&4; } & ' +
  "while read -r _; do :; done; exit 0";

function _tryUnshare(flags: string[]): { ok: boolean; said: string } {
  try {
    const out = new Deno.Command("unshare", {
      args: [...flags, "true"],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).outputSync();
    return { ok: out.success, said: new TextDecoder().decode(out.stderr).trim() };
  } catch (err) {
    return { ok: false, said: messageOf(err) };
  }
}

/**
 * Can the server get a PID namespace of its own here? Asked once per run.
 * `ECHOLAB_CHECK_ISOLATION=session` forces the fallback (tests).
 *
 * @example
 * ```ts
 * const iso = isolation();
 * if (iso.kind === "session") console.error(iso.reason.en);
 * ```
 */
export function isolation(): Isolation {
  if (_isolation) return _isolation;
  if (envGetter("ECHOLAB_CHECK_ISOLATION") === "session") {
    return _isolation = {
      kind: "session",
      reason: {
        en: "ECHOLAB_CHECK_ISOLATION=session",
        zh: "ECHOLAB_CHECK_ISOLATION=session",
      },
    };
  }
  if (!whichTool("unshare")) {
    return _isolation = {
      kind: "session",
      reason: { en: "unshare (util-linux) is not installed", zh: "没有安装 unshare（util-linux）" },
    };
  }
  const base = ["--user", "--pid", "--fork", "--kill-child"];
  let said = "";
  // Same uid inside (util-linux ≥ 2.38); older unshare: root inside, our uid outside.
  for (const map of ["--map-current-user", "--map-root-user"]) {
    const tried = _tryUnshare([map, ...base]);
    if (tried.ok) {
      const unshare = ["unshare", map, ...base];
      const prefix = whichTool("setpriv")
        ? ["setpriv", "--pdeathsig", "KILL", ...unshare]
        : unshare;
      return _isolation = { kind: "namespace", prefix };
    }
    said ||= tried.said;
  }
  return _isolation = {
    kind: "session",
    reason: {
      en: `unshare --user --pid failed here (${said || "no reason given"})`,
      zh: `这里无法执行 unshare --user --pid（${said || "没有给出原因"}）`,
    },
  };
}

/** The server's exit status, as echolab learns it. */
export interface ServerStatus {
  /** Exit code (128 + n for death by signal n, as a shell reports it). */
  code: number;
  /** The signal that killed it, if any. */
  signal: string | null;
}

/** A started server, whichever way it was started. */
export interface Launched {
  /** The process echolab spawned (setpriv/unshare, or the command itself). */
  process: Deno.ChildProcess;
  /** Isolation used. */
  kind: Isolation["kind"];
  /** The namespace pid `$!` of the command's first process (or of strace), namespace mode. */
  started: Promise<number | undefined>;
  /** Resolves with the command's exit status, or undefined if it was never reported. */
  status: Promise<ServerStatus | undefined>;
  /** Streams carrying what the server writes (stdout and stderr). */
  output: ReadableStream<Uint8Array>[];
  /** What unshare or setpriv said (namespace mode): why a launch failed. */
  diagnostics(): string;
  /** Close echolab's end of PID 1's stdin (PID 1 then exits, and the namespace with it). */
  release(): Promise<void>;
}

/**
 * Spawn `argv` (the command, possibly behind strace) the way {@link isolation} allows.
 *
 * @example
 * ```ts
 * const l = launch(["./tcpserv04"], { ECHOLAB_PORT: "40001" });
 * ```
 */
export function launch(argv: string[], env: Record<string, string>): Launched {
  const iso = isolation();
  if (iso.kind === "session") {
    const process = new Deno.Command(argv[0], {
      args: argv.slice(1),
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      detached: true, // setsid: its own session and process group
    }).spawn();
    return {
      process,
      kind: "session",
      started: Promise.resolve(undefined),
      status: process.status.then((s) => ({ code: s.code, signal: s.signal })),
      output: [process.stdout, process.stderr],
      diagnostics: () => "",
      release: () => Promise.resolve(),
    };
  }
  const [cmd, ...args] = [...iso.prefix, "sh", "-c", _INIT, "echolab-init", ...argv];
  const process = new Deno.Command(cmd, {
    args,
    env,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    detached: true, // a terminal's Ctrl-C goes to echolab, which stops the server itself
  }).spawn();
  const writer = process.stdin.getWriter();
  let started!: (pid: number | undefined) => void;
  const startedP = new Promise<number | undefined>((r) => started = r);
  let said = "";
  let exited!: (status: ServerStatus | undefined) => void;
  const status = new Promise<ServerStatus | undefined>((r) => exited = r);
  (async () => {
    const decoder = new TextDecoder();
    let pending = "";
    try {
      for await (const chunk of process.stderr) {
        pending += decoder.decode(chunk, { stream: true });
        let nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          const m = /^(started|exit) (\d+)$/.exec(line);
          if (m?.[1] === "started") started(Number(m[2]));
          else if (m?.[1] === "exit") {
            const code = Number(m[2]);
            exited({ code, signal: code > 128 ? signalName(code - 128) : null });
          } else if (!m && said.length < 4096) said += `${line}\n`;
        }
      }
    } catch {
      /* cancelled */
    } finally {
      started(undefined);
      exited(undefined); // never reported: ended before the command did
    }
  })();
  let released: Promise<void> | undefined;
  return {
    process,
    kind: "namespace",
    started: startedP,
    status,
    output: [process.stdout],
    diagnostics: () => said.trim(),
    release() {
      released ??= writer.close().catch(() => {});
      return released;
    },
  };
}

/**
 * The pids a process has in each PID namespace, outermost first (the NSpid
 * line of /proc/PID/status); undefined when it is gone.
 *
 * @example
 * ```ts
 * nsPids(hostPid); // [123456, 3]
 * ```
 */
export function nsPids(pid: number): number[] | undefined {
  const text = readProcFile(`/proc/${pid}/status`);
  const m = text ? /^NSpid:\s+([\d\s]+)$/m.exec(text) : null;
  return m ? m[1].trim().split(/\s+/).map(Number) : undefined;
}
