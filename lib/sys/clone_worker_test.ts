import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { sharesMemory } from "../proc/shared_memory.ts";
import { CloneWorker, cloneWorkerUnsupported } from "./clone_worker.ts";
import { libc } from "./libc.ts";
import { listProcDir, readProcFile } from "../proc/proc_file.ts";
import { close } from "./socket.ts";
import { setLinger } from "./sockopt.ts";
import { acceptNext, readSome, tcpConnect, tcpListen, writeAll } from "./tcp.ts";
import { waitpid } from "./wait.ts";

const ignore = cloneWorkerUnsupported() !== undefined;
// Open libc before the tests: the sanitizer counts a library opened inside a test as a leak.
if (!ignore) libc();

/** A connected pair: the client's fd and a clone child serving the other end. */
async function _served(worker: CloneWorker): Promise<{ client: number; pid: number }> {
  const l = tcpListen("127.0.0.1", 0, 4);
  assert(l.ok);
  try {
    const c = await tcpConnect("127.0.0.1", l.value.addr.port, { timeoutMs: 3000 });
    assert(c.ok);
    const a = await acceptNext(l.value.fd, { timeoutMs: 3000 });
    assert(a.ok);
    const pid = worker.spawn(a.value.fd);
    close(a.value.fd); // the child has its own copy, as after fork
    assert(pid.ok, JSON.stringify(pid));
    return { client: c.value, pid: pid.value };
  } finally {
    close(l.value.fd);
  }
}

Deno.test({
  name:
    "clone worker: a real child (own pid, named str_echo, shares our memory, holds only the socket) echoes bytes and exits 0 at EOF",
  ignore,
  async fn() {
    const w = CloneWorker.open();
    assert(w.ok, JSON.stringify(w));
    const { client, pid } = await _served(w.value);
    try {
      assert(pid !== Deno.pid);
      // The child names itself, resets its signals and closes descriptors first: let it.
      let status = "";
      for (let i = 0; i < 100; i++) {
        status = readProcFile(`/proc/${pid}/status`) ?? "";
        if (/^Name:\s+str_echo$/m.test(status) && listProcDir(`/proc/${pid}/fd`).length === 1) {
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      status = readProcFile(`/proc/${pid}/status`) ?? "";
      assert(/^Name:\s+str_echo$/m.test(status), status);
      assert(new RegExp(`^PPid:\\s+${Deno.pid}$`, "m").test(status), "our child");
      assertEqual(sharesMemory(pid, Deno.pid), true, "clone(CLONE_VM): one address space");
      assertEqual(listProcDir(`/proc/${pid}/fd`).length, 1, "only the connected socket is open");
      // SIGPIPE and every other standard signal at their defaults (the runtime's handlers reset).
      const caught = BigInt("0x" + (/^SigCgt:\s+(\w+)$/m.exec(status)?.[1] ?? "0"));
      assertEqual(caught & 0xffffffffn, 0n, "no handler for signals 1–31");
      const payload = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff); // NULs included
      const back: number[] = [];
      const reading = (async () => {
        while (back.length < payload.length) {
          const r = await readSome(client, 65536, { timeoutMs: 5000 });
          assert(r.ok && r.value.length > 0, "echo came back");
          back.push(...r.value);
        }
      })();
      assert((await writeAll(client, payload, { timeoutMs: 5000 })).ok);
      await reading;
      assertEqual(Uint8Array.from(back), payload, "byte for byte");
    } finally {
      close(client); // EOF for the child
    }
    const end = waitpid(pid);
    assertEqual(end.ok && end.value?.end, { code: 0 }, "str_echo returns at EOF: exit 0");
    w.value.ended(pid);
    w.value.close();
  },
});

Deno.test({
  name: "clone worker: a forked copy is not the same memory; a reset peer ends the child (not us)",
  ignore,
  async fn() {
    const w = CloneWorker.open();
    assert(w.ok);
    const { client, pid } = await _served(w.value);
    const sleeper = new Deno.Command("sleep", { args: ["5"] }).spawn();
    try {
      assertEqual(sharesMemory(sleeper.pid, Deno.pid), false);
    } finally {
      sleeper.kill("SIGKILL");
      await sleeper.status;
    }
    assert((await writeAll(client, new Uint8Array(100_000).fill(1))).ok);
    assert(setLinger(client, { on: true, seconds: 0 }).ok);
    close(client); // RST: the child's next read fails or its write raises SIGPIPE
    const end = waitpid(pid);
    assert(end.ok && end.value, "reaped");
    const how = end.value.end;
    assert(how.code === 1 || how.signal === "SIGPIPE", JSON.stringify(how));
    w.value.ended(pid);
    w.value.close();
  },
});
