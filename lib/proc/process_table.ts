/**
 * Read processes from /proc like `ps -o pid,ppid,stat,wchan,args`: a list of
 * pids, or a root pid and all its descendants.
 *
 * @module
 */

import { listProcDir, readProcFile } from "./proc_file.ts";
import { parseStat, type ProcStat, psStat } from "./parse_stat.ts";

/** One process as ps shows it. */
export interface ProcessRow {
  /** Process id. */
  pid: number;
  /** Parent process id. */
  ppid: number;
  /** ps STAT: state letter plus modifiers (`Z` for a zombie, `S` sleeping …). */
  stat: string;
  /** The bare state letter (first character of `stat`). */
  state: string;
  /** Kernel function the process sleeps in (`inet_csk_accept`, `wait_woken` …), `-` when none. */
  wchan: string;
  /** Command line; `[comm]` when empty, `[comm] <defunct>` for a zombie, as ps prints it. */
  args: string;
  /** Command name from /proc/PID/stat. */
  comm: string;
  /** The process that read the table (echolab itself: running, so no wait channel). */
  self?: boolean;
}

/**
 * Build a row from the texts of /proc/PID/{stat,wchan,cmdline} (pure).
 *
 * @example
 * ```ts
 * processRow("9 (sleep) Z 8 8 8 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0", "0", "").args;
 * // "[sleep] <defunct>"
 * ```
 */
export function processRow(statText: string, wchanText: string, cmdline: string): ProcessRow {
  const stat: ProcStat = parseStat(statText);
  // Arguments are NUL-separated with a trailing NUL; ps joins them with spaces.
  let args = cmdline.replace(/\0+$/, "").replaceAll("\0", " ").trim();
  if (!args) args = `[${stat.comm}]`;
  if (stat.state === "Z") args = `[${stat.comm}] <defunct>`;
  const wchan = wchanText.trim();
  return {
    pid: stat.pid,
    ppid: stat.ppid,
    stat: psStat(stat),
    state: stat.state,
    wchan: wchan === "" || wchan === "0" ? "-" : wchan,
    args,
    comm: stat.comm,
  };
}

function _read(path: string): string | undefined {
  // Through libc (Deno wants --allow-all for /proc); undefined: the process is gone.
  return readProcFile(path);
}

function _readRow(root: string, pid: number): ProcessRow | undefined {
  const stat = _read(`${root}/${pid}/stat`);
  if (stat === undefined) return undefined;
  const cmdline = _read(`${root}/${pid}/cmdline`) ?? "";
  const row = processRow(stat, _read(`${root}/${pid}/wchan`) ?? "", cmdline);
  // A child made by clone(CLONE_VM) without exec (serve's clone worker) shares
  // its parent's memory, arguments included, and names itself with prctl:
  // show that name, as ps -o comm would, instead of the parent's command line.
  const argv0 = (cmdline.split("\0")[0] ?? "").split("/").at(-1)!.slice(0, 15);
  if (row.state !== "Z" && cmdline && argv0 !== row.comm) {
    // A fork keeps its parent's name; only a renamed child (prctl) is shown so.
    const parent = _read(`${root}/${row.ppid}/cmdline`);
    const parentComm = _read(`${root}/${row.ppid}/comm`)?.trim();
    if (parent === cmdline && parentComm !== undefined && parentComm !== row.comm) {
      row.args = `[${row.comm}] (clone of ${row.ppid})`;
    }
  }
  return row;
}

/** Options for {@link processTable}. */
export interface ProcessTableOptions {
  /** These processes (those that no longer exist are left out). */
  pids?: number[];
  /** This process and all its descendants, parents before children. */
  root?: number;
  /** Where /proc is mounted (tests point this at fixture files). */
  procRoot?: string;
}

/**
 * Read the processes named by `pids` and/or `root` + its descendants.
 *
 * @example
 * ```ts
 * const rows = processTable({ root: Deno.pid });
 * rows[0].pid === Deno.pid; // true
 * ```
 */
export function processTable(opts: ProcessTableOptions): ProcessRow[] {
  const root = opts.procRoot ?? "/proc";
  const pids: number[] = [...(opts.pids ?? [])];
  if (opts.root !== undefined) {
    const children = new Map<number, number[]>();
    for (const name of listProcDir(root)) {
      if (!/^\d+$/.test(name)) continue;
      const stat = _read(`${root}/${name}/stat`);
      if (stat === undefined) continue;
      const { pid, ppid } = parseStat(stat);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    }
    const queue = [opts.root];
    while (queue.length) {
      const pid = queue.shift()!;
      if (!pids.includes(pid)) pids.push(pid);
      queue.push(...(children.get(pid) ?? []).sort((a, b) => a - b));
    }
  }
  const rows: ProcessRow[] = [];
  for (const pid of pids) {
    const row = _readRow(root, pid);
    if (row) rows.push(row);
  }
  return rows;
}
