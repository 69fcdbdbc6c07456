import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { BlockingThread } from "./blocking_thread.ts";
import { gettid, kill, tgkill } from "./kill.ts";
import { libc } from "./libc.ts";
import { procState } from "../proc/proc_state.ts";
import { catchSignal, disposition, reapByKernel } from "./sigaction.ts";
import { posixSpawn } from "./spawn.ts";
import { peekEnded, waitpid } from "./wait.ts";
import { close, shutdown } from "./socket.ts";
import { setNonblocking } from "./socket.ts";
import { tcpConnect, tcpListen } from "./tcp.ts";
import { threadTimer } from "./thread_timer.ts";

const linux = Deno.build.os === "linux";
// Open libc before the tests: the sanitizer counts a library opened inside a test as a leak.
if (linux) libc();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function _blockedIn(tid: number, wchan: string, ms = 3000): Promise<boolean> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const s = procState(Deno.pid, tid);
    if (s?.state === "S" && s.wchan === wchan) return true;
    await sleep(10);
  }
  return false;
}

Deno.test({
  name: "kill(pid, 0) and gettid",
  ignore: !linux,
  fn() {
    assertEqual(kill(Deno.pid, 0), { ok: true, value: undefined });
    const tid = gettid();
    assert(procState(Deno.pid, tid), "gettid names a thread of this process");
    assertEqual(kill(Deno.pid, "SIGNOPE"), { ok: false, call: "kill", errno: "EINVAL" });
  },
});

for (const restart of [false, true]) {
  Deno.test({
    name: `a thread blocked in accept, SIGALRM ${
      restart ? "with" : "without"
    } SA_RESTART from a thread timer`,
    ignore: !linux,
    async fn() {
      const l = tcpListen("127.0.0.1", 0, 5);
      assert(l.ok);
      // the blocking thread needs a blocking descriptor
      assert(setNonblocking(l.value.fd, false).ok);
      const thread = await BlockingThread.start();
      const caught = catchSignal("SIGALRM", { restart });
      assert(caught.ok);
      const witness = caught.value;
      let client = -1;
      try {
        assert(thread.tid !== Deno.pid);
        const pending = thread.call({ op: "accept", fd: l.value.fd });
        assert(await _blockedIn(thread.tid, "inet_csk_accept"), "blocked in accept");
        const timer = threadTimer("SIGALRM", thread.tid, 30);
        assert(timer.ok);
        await sleep(150);
        timer.value.cancel();
        assert(witness.ran(), "the handler ran");
        if (!restart) {
          const out = await pending;
          assertEqual(out.result, { ok: false, call: "accept", errno: "EINTR" });
        } else {
          assertEqual(thread.busy, true, "accept was restarted, still blocked");
          const c = await tcpConnect("127.0.0.1", l.value.addr.port);
          assert(c.ok);
          client = c.value;
          const out = await pending;
          assert(out.result.ok, JSON.stringify(out));
          close(out.result.value);
        }
        assert(tgkill(Deno.pid, thread.tid, 0).ok, "tgkill finds the thread");
      } finally {
        witness.restore();
        if (client >= 0) close(client);
        shutdown(l.value.fd, "rdwr");
        thread.stop();
        close(l.value.fd);
      }
    },
  });
}

Deno.test({
  name: "disposition: Deno ignores SIGPIPE and installs its handlers with SA_RESTART",
  ignore: !linux,
  fn() {
    const pipe = disposition("SIGPIPE");
    assertEqual(pipe.ok && pipe.value.action, "ignore");
    const noop = () => {};
    Deno.addSignalListener("SIGUSR2", noop);
    try {
      const usr2 = disposition("SIGUSR2");
      assert(usr2.ok && usr2.value.action === "handler");
      assert(usr2.value.flags.includes("SA_RESTART"), JSON.stringify(usr2.value));
    } finally {
      Deno.removeSignalListener("SIGUSR2", noop);
    }
    const caught = catchSignal("SIGALRM", { restart: false });
    assert(caught.ok);
    try {
      const alrm = disposition("SIGALRM");
      assert(
        alrm.ok && alrm.value.action === "handler" && !alrm.value.flags.includes("SA_RESTART"),
      );
    } finally {
      caught.value.restore();
    }
    const restored = disposition("SIGALRM");
    assertEqual(restored.ok && restored.value.action, "default", "restore() put SIG_DFL back");
  },
});

Deno.test({
  name: "glibc's signal() installs the handler with SA_RESTART (read back), and it catches",
  ignore: !linux,
  fn() {
    const caught = catchSignal("SIGALRM", { via: "signal" });
    assert(caught.ok, JSON.stringify(caught));
    try {
      assertEqual(caught.value.via, "signal");
      assert(caught.value.flags.includes("SA_RESTART"), caught.value.flags.join("|"));
      assertEqual(caught.value.restart, true);
      const now = disposition("SIGALRM");
      assertEqual(now.ok && now.value.action, "handler");
      assert(tgkill(Deno.pid, gettid(), "SIGALRM").ok);
      assert(caught.value.ran(), "the handler ran");
    } finally {
      caught.value.restore();
    }
    const restored = disposition("SIGALRM");
    assertEqual(restored.ok && restored.value.action, "default", "restore() put SIG_DFL back");
  },
});

for (const how of ["SIG_IGN", "SA_NOCLDWAIT"] as const) {
  Deno.test({
    name: `SIGCHLD ${how}: the kernel reaps the child, no zombie, waitpid ECHILD`,
    ignore: !linux,
    async fn() {
      const before = disposition("SIGCHLD");
      assert(before.ok);
      const set = reapByKernel(how);
      assert(set.ok, JSON.stringify(set));
      try {
        if (how === "SIG_IGN") assertEqual(set.value.now.action, "ignore");
        else assert(set.value.now.flags.includes("SA_NOCLDWAIT"), set.value.now.flags.join("|"));
        const child = posixSpawn({ program: "true", argv: ["true"] });
        assert(child.ok);
        const pid = child.value;
        const end = performance.now() + 3000;
        let zombie = false;
        while (procState(pid) !== undefined && performance.now() < end) {
          if (procState(pid)?.state === "Z") zombie = true;
          await sleep(1);
        }
        assertEqual(procState(pid), undefined, "gone from /proc");
        assertEqual(zombie, false, "never a zombie");
        assertEqual(peekEnded(pid), { ok: false, call: "waitid", errno: "ECHILD" });
        assertEqual(waitpid(-1, { nohang: true }), { ok: false, call: "waitpid", errno: "ECHILD" });
      } finally {
        set.value.restore();
      }
      const after = disposition("SIGCHLD");
      assertEqual(after, before, "restore() put the previous disposition back");
    },
  });
}
