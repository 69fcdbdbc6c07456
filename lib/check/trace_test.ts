import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import "../../tests/helpers/proc.ts"; // opens libc before the tests (lib/proc reads /proc through it)
import { procStat } from "../proc/process_tree.ts";
import { createTraceFile, formatTraceLine, parseTrace, readTrace } from "./trace.ts";

const SAMPLE =
  `5 100.000100 bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0
5 100.100000 accept(3, NULL, NULL)      = 6
5 100.200000 accept(3, NULL, NULL <unfinished ...>
7 100.300000 exit_group(0)             = ?
7 100.300100 +++ exited with 0 +++
5 100.300200 <... accept resumed>)      = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
5 100.300300 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=7, si_uid=0, si_status=0} ---
5 100.300400 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 7
5 100.300900 rt_sigreturn({mask=[]})   = -1 EINTR (Interrupted system call)
5 100.301200 kill(7, SIGTERM)       = 0
`;

Deno.test("parseTrace keeps chapter 5's story: bind, the exit, SIGCHLD, wait, EINTR; host pids; relative times", () => {
  const lines = parseTrace(SAMPLE, 100, (ns) => ns + 1000).map(formatTraceLine);
  assertEqual(lines, [
    '+0.000s pid 1005  bind(3, {sa_family=AF_INET, sin_port=htons(9877), sin_addr=inet_addr("0.0.0.0")}, 16) = 0',
    "+0.300s pid 1007  +++ exited with 0 +++",
    "+0.300s pid 1005  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1007, si_uid=0, si_status=0} ---",
    "+0.300s pid 1005  wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 1007",
    "+0.301s pid 1005  rt_sigreturn({mask=[]})   = -1 EINTR (Interrupted system call)",
    "+0.301s pid 1005  kill(1007, SIGTERM)       = 0",
  ]);
});

Deno.test({
  name:
    "createTraceFile: named after this run, sweeps a killed run's file, and reads on once the path is unlinked",
  ignore: Deno.build.os !== "linux",
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "echolab-trace-test-" });
    const before = Deno.env.get("TMPDIR");
    Deno.env.set("TMPDIR", dir);
    try {
      const me = procStat(Deno.pid)!.startTicks;
      // A run that ended (no such pid), and one that goes on (this one).
      Deno.writeTextFileSync(`${dir}/echolab-trace-999999999-1-old`, "x");
      Deno.writeTextFileSync(`${dir}/echolab-trace-${Deno.pid}-${me}-live`, "x");
      Deno.writeTextFileSync(`${dir}/unrelated`, "x");
      const { path, reader } = createTraceFile();
      const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assert(path.startsWith(`${dir}/echolab-trace-${Deno.pid}-${me}-`), path);
      assert(!names.includes("echolab-trace-999999999-1-old"), names.join(" "));
      assert(names.includes(`echolab-trace-${Deno.pid}-${me}-live`), names.join(" "));
      assert(names.includes("unrelated"), names.join(" "));
      // strace's side: it opens the path, then the path goes and strace writes on.
      const writer = Deno.openSync(path, { write: true, truncate: true });
      writer.writeSync(new TextEncoder().encode("1 accept(3, ...) = 4\n"));
      Deno.removeSync(path);
      writer.writeSync(new TextEncoder().encode("1 --- SIGCHLD ---\n"));
      writer.close();
      assertEqual(readTrace(reader), "1 accept(3, ...) = 4\n1 --- SIGCHLD ---\n");
      reader.close();
    } finally {
      if (before === undefined) Deno.env.delete("TMPDIR");
      else Deno.env.set("TMPDIR", before);
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
