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
import { readProc } from "../proc/proc_file.ts";

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
  try {
    return /^Uid:\s+\d+\s+(\d+)/m.exec(readProc("/proc/self/status"))?.[1] ?? "user";
  } catch {
    return "user";
  }
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
  Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
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
    return typeof rt.pid === "number" && _alive(rt.pid, rt.tag) ? rt : undefined;
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
