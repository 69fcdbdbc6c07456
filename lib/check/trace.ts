/**
 * The learner's own system calls: when strace is installed, `echolab check`
 * runs the server under `strace -f`, and a failed check shows the lines
 * that tell its story (UNP §5.8–5.10): the accept interrupted by a signal
 * (after the handler, `rt_sigreturn … = -1 EINTR` is what accept returns),
 * each SIGCHLD delivered, each wait/waitpid and what it returned, kill, and
 * how each process ended.
 *
 * @module
 */

import { type Bilingual, envGetter } from "../lang.ts";
import { whichTool } from "../sys/which_tool.ts";
import { procStat } from "../proc/process_tree.ts";

/**
 * The system calls traced (strace(1) -e trace=).
 *
 * @example
 * ```ts
 * TRACE_CALLS.split(",").includes("wait4"); // true
 * ```
 */
export const TRACE_CALLS =
  "accept,accept4,bind,listen,wait4,waitid,kill,tgkill,exit_group,rt_sigreturn";
const _SIGNALS = "SIGCHLD,SIGTERM,SIGPIPE,SIGINT,SIGHUP,SIGKILL";

let _usable: boolean | undefined;

/**
 * True when strace is installed and may trace a child here (some containers
 * forbid ptrace). Asked once per run; `ECHOLAB_CHECK_TRACE=off` says no.
 *
 * @example
 * ```ts
 * if (!canTrace()) console.log(NO_TRACE.en);
 * ```
 */
export function canTrace(): boolean {
  if (_usable !== undefined) return _usable;
  if (envGetter("ECHOLAB_CHECK_TRACE") === "off" || !whichTool("strace")) return _usable = false;
  try {
    _usable = new Deno.Command("strace", {
      args: ["-f", "-o", "/dev/null", "true"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).outputSync().success;
  } catch {
    _usable = false;
  }
  return _usable;
}

/**
 * What a run without strace misses, and how to get it: said once.
 *
 * @example
 * ```ts
 * if (!canTrace()) out.line(NO_TRACE[lang]);
 * ```
 */
export const NO_TRACE: Bilingual = {
  en:
    "strace is not installed: with it, a failed check also shows your server's own system calls (the accept that returned EINTR, each SIGCHLD, each waitpid and its result, the exit). Install it (e.g. apt-get install strace) and run check again.",
  zh:
    "没有安装 strace：装上后，未通过的检查还会显示你的服务器自己的系统调用（返回 EINTR 的 accept、每次 SIGCHLD、每次 waitpid 及其结果、进程退出）。安装它（例如 apt-get install strace）后再运行一次 check。",
};

/**
 * The strace command line put in front of the learner's command, writing to `file`.
 *
 * @example
 * ```ts
 * [...straceArgs("/tmp/t"), "./tcpserv02"];
 * ```
 */
export function straceArgs(file: string): string[] {
  return [
    "strace",
    "-f",
    "-ttt",
    "-o",
    file,
    "-e",
    `trace=${TRACE_CALLS}`,
    "-e",
    `signal=${_SIGNALS}`,
    "--",
  ];
}

/** One line of the trace, as shown. */
export interface TraceLine {
  /** Seconds since the server was started. */
  t: number;
  /** The process (host pid when echolab could map it). */
  pid: number;
  /** What strace printed. */
  text: string;
}

/** Does this line tell part of chapter 5's story? */
function _matters(text: string): boolean {
  if (/^(---|\+\+\+) /.test(text)) return true; // a signal delivered; how a process ended
  if (/<unfinished \.\.\.>$/.test(text)) return false; // its result comes in a "resumed" line
  const call = /^(?:<\.\.\. )?(\w+)/.exec(text)?.[1] ?? "";
  if (/^(wait4|waitid|kill|tgkill|bind)$/.test(call)) return true; // the exit: its +++ line
  // accept: only when it failed. An interrupted one shows "= ? ERESTARTSYS" under strace
  // even when no handler runs (a traced task stops for every signal); what the
  // program sees is rt_sigreturn's result after its handler: "= -1 EINTR".
  if (/^(accept4?|listen|rt_sigreturn)$/.test(call)) return /= -1 /.test(text);
  return false;
}

/** The pids inside a line (si_pid=, kill's target, wait's result) as host pids. */
function _hostPids(text: string, hostPid: (nsPid: number) => number): string {
  return text
    .replace(/\bsi_pid=(\d+)/, (_, n) => `si_pid=${hostPid(Number(n))}`)
    .replace(/^((?:<\.\.\. )?(?:t?g?kill)\()(\d+)/, (_, head, n) => `${head}${hostPid(Number(n))}`)
    .replace(
      /^((?:<\.\.\. )?wait(?:4|id)\b.*= )(\d+)$/,
      (_, head, n) => `${head}${hostPid(Number(n))}`,
    );
}

/**
 * The lines that matter from strace's output `text`, times relative to
 * `t0` (epoch seconds), pids translated with `hostPid`.
 *
 * @example
 * ```ts
 * parseTrace("7 1796604084.99 --- SIGCHLD {…} ---\n", 1796604084.5, (p) => p);
 * ```
 */
export function parseTrace(
  text: string,
  t0: number,
  hostPid: (nsPid: number) => number,
): TraceLine[] {
  const out: TraceLine[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\d+)\s+(\d+\.\d+)\s+(.*)$/.exec(line);
    if (!m || !_matters(m[3])) continue;
    out.push({ t: Number(m[2]) - t0, pid: hostPid(Number(m[1])), text: _hostPids(m[3], hostPid) });
  }
  return out;
}

/**
 * One trace line as shown: `+0.532s pid 1234  rt_sigreturn(…) = -1 EINTR …`.
 *
 * @example
 * ```ts
 * formatTraceLine({ t: 0.5, pid: 7, text: "exit_group(1) = ?" }); // "+0.500s pid 7  exit_group(1) = ?"
 * ```
 */
export function formatTraceLine(line: TraceLine): string {
  return `+${line.t.toFixed(3)}s pid ${line.pid}  ${line.text}`;
}

/**
 * Read strace's output (bounded; undefined when it cannot be read) through a
 * descriptor opened on its file, which still reads it after the path is
 * unlinked.
 *
 * @example
 * ```ts
 * readTrace(createTraceFile().reader);
 * ```
 */
export function readTrace(file: Deno.FsFile): string | undefined {
  try {
    const size = file.statSync().size;
    const buf = new Uint8Array(size);
    file.seekSync(0, Deno.SeekMode.Start);
    let got = 0;
    while (got < size) {
      const n = file.readSync(buf.subarray(got));
      if (n === null || n === 0) break;
      got += n;
    }
    const text = new TextDecoder().decode(buf.subarray(0, got));
    return text.length > 4_000_000 ? text.slice(-4_000_000) : text;
  } catch {
    return undefined;
  }
}

/** `echolab-trace-PID-START-…`: the run that made the file, by pid and start time. */
const _TRACE_NAME = /^echolab-trace-(\d+)-(\d+)-/;

/**
 * A new file for strace's output, open for reading; its name carries this
 * run's pid and start time. Files left in the same directory by a run that
 * has ended (killed between creating its file and strace opening it, the
 * one moment the path must exist) are removed first, once per run.
 *
 * @example
 * ```ts
 * const { path, reader } = createTraceFile();
 * ```
 */
export function createTraceFile(): { path: string; reader: Deno.FsFile } {
  const self = procStat(Deno.pid)?.startTicks ?? 0;
  const path = Deno.makeTempFileSync({ prefix: `echolab-trace-${Deno.pid}-${self}-` });
  // Once per run: a check starts its server several times, in the same directory.
  if (!_swept) _sweep(path.slice(0, path.lastIndexOf("/")) || "/");
  _swept = true;
  return { path, reader: Deno.openSync(path, { read: true }) };
}

let _swept = false;

/** Remove trace files whose run (pid and start time) no longer exists. */
function _sweep(dir: string): void {
  try {
    for (const entry of Deno.readDirSync(dir)) {
      const m = _TRACE_NAME.exec(entry.name);
      if (!m || !entry.isFile) continue;
      if (procStat(Number(m[1]))?.startTicks === Number(m[2])) continue; // its run goes on
      try {
        Deno.removeSync(`${dir}/${entry.name}`);
      } catch { /* another user's, or gone */ }
    }
  } catch { /* the directory cannot be read: nothing to sweep */ }
}
