import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { libc } from "./libc.ts";
import { procState } from "../proc/proc_state.ts";
import { posixSpawn } from "./spawn.ts";
import { socketTrio } from "../../tests/helpers/sockets.ts";
import { readSome, writeAll } from "./tcp.ts";
import { decodeWaitStatus, peekEnded, waitpid } from "./wait.ts";

const linux = Deno.build.os === "linux";
// Open libc before the tests: the sanitizer counts a library opened inside a test as a leak.
if (linux) libc();

async function _reap(pid: number, ms = 5000) {
  const end = performance.now() + ms;
  for (;;) {
    const r = waitpid(pid, { nohang: true });
    if (!r.ok || r.value || performance.now() > end) return r;
    await new Promise((res) => setTimeout(res, 10));
  }
}

Deno.test("decodeWaitStatus: exit codes and signals", () => {
  assertEqual(decodeWaitStatus(0), { code: 0 });
  assertEqual(decodeWaitStatus(3 << 8), { code: 3 });
  assertEqual(decodeWaitStatus(13), { signal: "SIGPIPE", core: false });
  assertEqual(decodeWaitStatus(0x80 | 11), { signal: "SIGSEGV", core: true });
  assertEqual(decodeWaitStatus(0x137f), undefined); // stopped by SIGSTOP
});

Deno.test({
  name: "posix_spawnp + waitpid: exit code; peekEnded leaves a real zombie",
  ignore: !linux,
  async fn() {
    const r = posixSpawn({ program: "sh", argv: ["sh", "-c", "exit 3"] });
    assert(r.ok, JSON.stringify(r));
    const pid = r.value;
    let peek;
    const end = performance.now() + 5000;
    do {
      peek = peekEnded(pid);
      if (peek.ok && peek.value) break;
      await new Promise((res) => setTimeout(res, 10));
    } while (performance.now() < end);
    assert(peek.ok && peek.value, "the child ended");
    assertEqual(peek.value.end, { code: 3 });
    assertEqual(procState(pid)?.state, "Z", "still a zombie after the peek");
    assertEqual(waitpid(pid), { ok: true, value: { pid, end: { code: 3 } } });
    assertEqual(procState(pid), undefined, "gone once reaped");
    assertEqual(waitpid(pid).ok ? "reaped twice" : "ECHILD", "ECHILD");
  },
});

Deno.test({
  name: "posix_spawn: a missing program is ENOENT",
  ignore: !linux,
  fn() {
    const r = posixSpawn({ program: "/nonexistent/echolab-x", argv: ["x"] });
    assertEqual(r, { ok: false, call: "posix_spawn", errno: "ENOENT" });
  },
});

Deno.test({
  name: "file actions: the connected socket becomes cat's stdin/stdout (str_echo)",
  ignore: !linux,
  async fn() {
    const t = await socketTrio();
    const r = posixSpawn({
      program: "cat",
      argv: ["cat"],
      fileActions: [
        { dup2: [t.server, 0] },
        { dup2: [t.server, 1] },
        { close: t.listenFd },
        { open: [2, "/dev/null"] },
      ],
      defaultSignals: ["SIGPIPE"],
    });
    t.close("server"); // the parent's copy: the child holds the connection now
    t.close("listener");
    assert(r.ok, JSON.stringify(r));
    try {
      assert((await writeAll(t.client, new TextEncoder().encode("echo me\n"))).ok);
      const got = await readSome(t.client, 64, { timeoutMs: 3000 });
      assert(got.ok);
      assertEqual(new TextDecoder().decode(got.value), "echo me\n");
    } finally {
      t.close(); // FIN: cat reads EOF and exits 0
      assertEqual(await _reap(r.value), { ok: true, value: { pid: r.value, end: { code: 0 } } });
    }
  },
});

Deno.test({
  name: "SIGPIPE: default disposition kills the writer; inherited (ignored) gives EPIPE",
  ignore: !linux,
  async fn() {
    for (const reset of [true, false]) {
      const t = await socketTrio();
      t.close("server"); // the server side closes: data that arrives is answered with an RST
      t.close("listener");
      const r = posixSpawn({
        program: "sh",
        argv: ["sh", "-c", "printf 'one\\n'; sleep 0.2; printf 'two\\n'; exit 7"],
        fileActions: [{ dup2: [t.client, 1] }, { open: [2, "/dev/null"] }],
        defaultSignals: reset ? ["SIGPIPE"] : [],
      });
      t.close();
      assert(r.ok);
      const w = await _reap(r.value);
      assert(w.ok && w.value);
      assertEqual(w.value.end, reset ? { signal: "SIGPIPE", core: false } : { code: 7 });
    }
  },
});
