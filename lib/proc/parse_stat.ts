/**
 * Parse /proc/PID/stat (pure) and derive the STAT letters `ps` prints.
 *
 * @module
 */

/** The fields of /proc/PID/stat that echolab uses (proc(5) numbering in comments). */
export interface ProcStat {
  /** (1) process id. */
  pid: number;
  /** (2) command name, without the parentheses (may hold spaces). */
  comm: string;
  /** (3) state letter: R running, S sleeping, D disk sleep, Z zombie, T stopped, t traced, I idle, X dead. */
  state: string;
  /** (4) parent pid. */
  ppid: number;
  /** (5) process group. */
  pgrp: number;
  /** (6) session id. */
  session: number;
  /** (7) controlling terminal (0: none). */
  ttyNr: number;
  /** (8) foreground process group of the terminal (-1: none). */
  tpgid: number;
  /** (19) nice value. */
  nice: number;
  /** (20) number of threads. */
  threads: number;
  /** (22) start time in clock ticks since boot. */
  startTicks: number;
}

/**
 * Parse one /proc/PID/stat line. The command name sits in parentheses and
 * may itself contain spaces and `)`, so the last `)` ends it.
 *
 * @example
 * ```ts
 * parseStat("42 (my prog) Z 1 42 42 0 -1 4 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0").state; // "Z"
 * ```
 */
export function parseStat(text: string): ProcStat {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) throw new Error(`not a /proc/PID/stat line: ${text.slice(0, 40)}`);
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field (3); field (n) is rest[n - 3].
  const num = (n: number) => Number(rest[n - 3]);
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: rest[0],
    ppid: num(4),
    pgrp: num(5),
    session: num(6),
    ttyNr: num(7),
    tpgid: num(8),
    nice: num(19),
    threads: num(20),
    startTicks: num(22),
  };
}

/**
 * The STAT column of `ps`: the state letter plus BSD modifiers
 * (`<` high priority, `N` low priority, `s` session leader, `l`
 * multi-threaded, `+` in the terminal's foreground group). `L` (locked
 * pages) needs /proc/PID/status and is left out.
 *
 * @example
 * ```ts
 * psStat(parseStat("7 (deno) S 1 7 7 34816 7 0 0 0 0 0 0 0 0 0 20 0 6 0 5 0 0")); // "Ssl+"
 * ```
 */
export function psStat(stat: ProcStat): string {
  let s = stat.state;
  if (stat.nice < 0) s += "<";
  else if (stat.nice > 0) s += "N";
  if (stat.session === stat.pid) s += "s";
  if (stat.threads > 1) s += "l";
  if (stat.ttyNr !== 0 && stat.tpgid === stat.pgrp) s += "+";
  return s;
}
