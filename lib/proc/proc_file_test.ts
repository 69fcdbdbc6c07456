import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { libc } from "../sys/libc.ts";
import {
  listProcDir,
  ProcError,
  readProc,
  readProcAsync,
  readProcFile,
  readProcLink,
  writeProc,
} from "./proc_file.ts";
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

Deno.test({
  name: "readProc and readProcAsync read /proc; failures throw ProcError with the errno",
  ignore: !linux,
  async fn() {
    assertEqual(Number(readProc("/proc/self/stat").split(" ")[0]), Deno.pid);
    const tcp = await readProcAsync("/proc/net/tcp");
    assert(tcp.startsWith("  sl"), tcp.slice(0, 40));
    const errnoOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof ProcError ? e.errno : -1;
      }
      return undefined;
    };
    assertEqual(errnoOf(() => readProc("/proc/self/nonexistent-echolab")), 2); // ENOENT
    let asyncErr: unknown;
    await readProcAsync("/proc/self/nonexistent-echolab").catch((e) => asyncErr = e);
    assertEqual(asyncErr instanceof ProcError && asyncErr.errno, 2);
    assertEqual(errnoOf(() => writeProc("/proc/self/nonexistent-echolab", "x")), 2);
    // A read-only /proc file: EACCES at open for a user, EINVAL/EIO at write for root.
    const denied = errnoOf(() => writeProc("/proc/self/stat", "x"));
    assert(typeof denied === "number" && denied > 0, `errno ${denied}`);
  },
});

Deno.test({
  name: "writeProc writes a sysctl of a private network namespace",
  ignore: !linux,
  async fn() {
    // unshare -rn: a namespace of our own, so the host's value is never touched.
    const script = [
      "import { readProc, writeProc } from './lib/proc/proc_file.ts';",
      "const p = '/proc/sys/net/ipv4/tcp_retries2';",
      "writeProc(p, '4\\n');",
      "console.log(readProc(p).trim());",
    ].join(" ");
    const out = await new Deno.Command("unshare", {
      args: ["-rn", Deno.execPath(), "eval", "--allow-ffi", "--allow-read", script],
      cwd: new URL("../..", import.meta.url).pathname,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(out.stderr);
    assertEqual(new TextDecoder().decode(out.stdout).trim(), "4", err);
  },
});
