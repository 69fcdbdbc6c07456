import { assertEqual } from "../../tests/helpers/assert.ts";
import { formatTraceLine, parseTrace } from "./trace.ts";

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
