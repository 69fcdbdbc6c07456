import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { libc } from "./libc.ts";
import { listProcDir, readProcFile, readProcLink } from "./proc_file.ts";
import { procState } from "./proc_state.ts";

const linux = Deno.build.os === "linux";
// Open libc before the tests: the sanitizer counts a library opened inside a test as a leak.
if (linux) libc();

Deno.test({
  name: "readProcFile reads /proc through libc; procState parses stat and wchan",
  ignore: !linux,
  fn() {
    const stat = readProcFile("/proc/self/stat");
    assert(stat, "/proc/self/stat readable");
    assertEqual(Number(stat.split(" ")[0]), Deno.pid);
    assertEqual(readProcFile("/proc/self/nonexistent-echolab"), undefined);
    const me = procState(Deno.pid);
    assert(me && /^[RS]$/.test(me.state), JSON.stringify(me));
    assertEqual(procState(-5), undefined);
  },
});

Deno.test({
  name: "listProcDir lists /proc/self/fd; readProcLink follows a descriptor",
  ignore: !linux,
  fn() {
    const fds = listProcDir("/proc/self/fd");
    assert(fds.includes("0") && !fds.includes("."), JSON.stringify(fds));
    assert(readProcLink("/proc/self/exe")?.startsWith("/"), "exe link");
    assertEqual(listProcDir("/proc/self/no-such-dir"), []);
  },
});
