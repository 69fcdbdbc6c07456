/**
 * `deno task start …` runs echolab from the directory of deno.json, not from
 * where the user typed it, so `echolab check -- ./myserver` or `--pcap
 * run.pcap` would look in (or write into) the repository. deno task keeps
 * the user's directory in INIT_CWD; go back there.
 *
 * @module
 */

import { parseStat } from "../proc/parse_stat.ts";
import { readProcFile } from "../proc/proc_file.ts";
import { configPath } from "../sys/self_command.ts";

/** True when the parent process is `deno task …` (its /proc cmdline). */
function _startedByDenoTask(): boolean {
  const stat = readProcFile(`/proc/${Deno.pid}/stat`);
  if (stat === undefined) return false;
  const args = (readProcFile(`/proc/${parseStat(stat).ppid}/cmdline`) ?? "").split("\0");
  return args.includes("task");
}

/**
 * Change to the user's directory when echolab runs from source under
 * `deno task` (cwd is deno.json's directory and INIT_CWD names another one).
 * The compiled binary runs where it is started, so it is left alone, as is
 * any other INIT_CWD (npm sets one too). Returns the directory changed to.
 *
 * @example
 * ```ts
 * returnToTaskCwd(); // "/home/student/ch5" after `deno task --cwd … start`
 * ```
 */
export function returnToTaskCwd(
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): string | undefined {
  if (Deno.build.standalone) return undefined;
  const initial = env("INIT_CWD");
  const taskDir = configPath().replace(/\/deno\.json$/, "");
  if (!initial || initial === taskDir || Deno.cwd() !== taskDir) return undefined;
  // Only when deno task started us: a shell opened from npm or an IDE task
  // can carry an INIT_CWD of its own into a plain `deno run`.
  if (!_startedByDenoTask()) return undefined;
  try {
    Deno.chdir(initial);
    return initial;
  } catch {
    return undefined; // gone or not readable: stay where deno task put us
  }
}
