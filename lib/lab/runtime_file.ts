/**
 * Where a running `echolab serve --lab` says how to find it: a directory in
 * $XDG_RUNTIME_DIR (or /tmp/echolab-UID), holding `lab.json` (the pid whose
 * namespaces `connect --lab` joins) and `lab.sock` (the control socket
 * `echolab host …` talks to). `ECHOLAB_RUNTIME_DIR` overrides the directory
 * (tests use it so they never meet a user's demo).
 *
 * @module
 */

import { envGetter } from "../lang.ts";
import { UsageError } from "../errors.ts";
import { parseStat } from "../proc/parse_stat.ts";
import { effectiveUid } from "../proc/effective_uid.ts";
import { readProc } from "../proc/proc_file.ts";
import { messageOf } from "../sys/errno.ts";

/** What `lab.json` holds. */
export interface LabRuntime {
  /** Pid of the lab's outer process (in the lab's user and client network namespace). */
  pid: number;
  /** Path of the control socket. */
  socket: string;
  /** The lab's tag (`ECHOLAB_LAB=<tag>` in every lab process). */
  tag: string;
  /** The server's address and port inside the lab. */
  server: string;
  /**
   * The lab's clock: wall time (ms since the epoch, fractional) of `t = 0`
   * in `serve --lab`'s pane; `connect --lab` and `host` count from it too,
   * so the panes' lines can be compared.
   */
  epochMs?: number;
  /** Pid of the `echolab serve --lab` that owns the lab. */
  owner?: number;
  /** The owner's start time (/proc/PID/stat field 22): a reused pid is not the owner. */
  ownerStart?: number;
}

/** Environment variable that hands the lab's clock to `connect --lab`'s client inside the lab. */
export const LAB_EPOCH_ENV = "ECHOLAB_LAB_EPOCH_MS";

/**
 * This process's `performance.now()` value at the lab clock's zero, from
 * `rt.epochMs` or {@link LAB_EPOCH_ENV}; undefined without either (the
 * process's own clock then starts at 0).
 *
 * @example
 * ```ts
 * const { bus } = reportingBus({ …, start: labClockStart(readRuntime()) });
 * ```
 */
export function labClockStart(rt?: LabRuntime): number | undefined {
  const raw = rt?.epochMs ?? Number(envGetter(LAB_EPOCH_ENV) ?? NaN);
  return Number.isFinite(raw) ? raw - performance.timeOrigin : undefined;
}

/**
 * The lab clock's zero for a pane starting now at `start` (its
 * `performance.now()` origin), as wall time for {@link LabRuntime.epochMs}.
 *
 * @example
 * ```ts
 * writeRuntime({ ...rt, epochMs: labEpochOf(start) });
 * ```
 */
export function labEpochOf(start: number): number {
  return performance.timeOrigin + start;
}

function _uid(): string {
  return String(effectiveUid() ?? "user");
}

/**
 * The runtime directory (created, mode 0700, if missing).
 *
 * @example
 * ```ts
 * runtimeDir(); // "/run/user/1000/echolab"
 * ```
 */
export function runtimeDir(): string {
  const override = envGetter("ECHOLAB_RUNTIME_DIR");
  const xdg = envGetter("XDG_RUNTIME_DIR");
  const dir = override || (xdg ? `${xdg}/echolab` : `/tmp/echolab-${_uid()}`);
  try {
    Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!Deno.statSync(dir).isDirectory) throw new Deno.errors.AlreadyExists("not a directory");
  } catch (err) {
    const from = override ? "ECHOLAB_RUNTIME_DIR" : xdg ? "XDG_RUNTIME_DIR" : "";
    // Deno's own permission refusal names a flag; the user needs the place, not the flag.
    const why = err instanceof Deno.errors.AlreadyExists
      ? { en: "not a directory", zh: "不是目录" }
      : err instanceof Deno.errors.NotCapable
      ? { en: "not a place echolab writes", zh: "echolab 不在那里写文件" }
      : { en: messageOf(err), zh: `系统消息：${messageOf(err)}` };
    throw new UsageError({
      en: `cannot use ${dir} as the runtime directory${from ? ` (from ${from})` : ""}: ${why.en}`,
      zh: `无法把 ${dir} 用作运行时目录${from ? `（来自 ${from}）` : ""}：${why.zh}`,
    }, "serve");
  }
  return dir;
}

/**
 * Path of `lab.json`.
 *
 * @example
 * ```ts
 * runtimeFilePath(); // "/run/user/1000/echolab/lab.json"
 * ```
 */
export function runtimeFilePath(): string {
  return `${runtimeDir()}/lab.json`;
}

/** True while `pid` is alive and still the lab tagged `tag` (pids are reused). */
function _alive(pid: number, tag: string): boolean {
  try {
    return readProc(`/proc/${pid}/environ`).includes(`ECHOLAB_LAB=${tag}\0`);
  } catch {
    return false;
  }
}

/**
 * The start time of `pid` (clock ticks since boot), or undefined when it is
 * gone: with the pid, it names one process, never a later one that reused it.
 *
 * @example
 * ```ts
 * startTicksOf(Deno.pid); // 123456
 * ```
 */
export function startTicksOf(pid: number): number | undefined {
  try {
    return parseStat(readProc(`/proc/${pid}/stat`)).startTicks;
  } catch {
    return undefined;
  }
}

/** True while the record's owner (pid and start time) is alive, or when it names none. */
function _ownerAlive(rt: LabRuntime): boolean {
  if (typeof rt.owner !== "number") return true;
  return startTicksOf(rt.owner) === rt.ownerStart;
}

/**
 * The running lab's runtime record, or undefined when none runs (a stale
 * file left by a killed `serve --lab` is ignored).
 *
 * @example
 * ```ts
 * const lab = readRuntime();
 * if (lab) console.log(lab.pid);
 * ```
 */
export function readRuntime(): LabRuntime | undefined {
  try {
    const rt = JSON.parse(Deno.readTextFileSync(runtimeFilePath())) as LabRuntime;
    return typeof rt.pid === "number" && _alive(rt.pid, rt.tag) && _ownerAlive(rt) ? rt : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Write the runtime record (mode 0600).
 *
 * @example
 * ```ts
 * writeRuntime({ pid, socket, tag, server: "198.18.1.2:9877" });
 * ```
 */
export function writeRuntime(rt: LabRuntime): void {
  Deno.writeTextFileSync(runtimeFilePath(), JSON.stringify(rt) + "\n", { mode: 0o600 });
}

/**
 * Remove the runtime record and the socket (ignores what is already gone).
 *
 * @example
 * ```ts
 * removeRuntime(readRuntime());
 * ```
 */
export function removeRuntime(rt?: LabRuntime): void {
  for (const path of [runtimeFilePath(), rt?.socket]) {
    if (!path) continue;
    try {
      Deno.removeSync(path);
    } catch { /* already gone */ }
  }
}

/** The claim on the runtime directory held by the one running `serve --lab`. */
export interface LabClaim {
  /** Give the claim up (the kernel also does when the process dies, SIGKILL included). */
  release(): void;
}

/**
 * Claim the runtime directory for one `serve --lab`: an exclusive flock(2)
 * on the directory, which the kernel drops when its holder dies however it
 * dies, so a lab killed by SIGHUP or SIGKILL never blocks the next one.
 * Undefined when another `serve --lab` holds it.
 *
 * @example
 * ```ts
 * const claim = claimLab();
 * if (!claim) throw new Error("a lab is running");
 * ```
 */
export function claimLab(): LabClaim | undefined {
  const dir = Deno.openSync(runtimeDir(), { read: true });
  if (!dir.tryLockSync(true)) {
    dir.close();
    return undefined;
  }
  return { release: () => dir.close() };
}

/**
 * What `lab.json` says, alive or not (for the message naming a running lab).
 *
 * @example
 * ```ts
 * recordedRuntime()?.owner; // 4242
 * ```
 */
export function recordedRuntime(): LabRuntime | undefined {
  try {
    return JSON.parse(Deno.readTextFileSync(runtimeFilePath())) as LabRuntime;
  } catch {
    return undefined;
  }
}
