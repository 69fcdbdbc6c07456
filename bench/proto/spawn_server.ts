/**
 * PROTOTYPE (bench only, not part of echolab): the per-connection worker
 * design proposed for the book engine, measured next to the real thing.
 *
 * The parent does what UNP's tcpserv04 does, through libc (Deno.dlopen):
 * socket/bind/listen, accept4, then posix_spawn with file actions that dup2
 * the connected socket onto the child's stdin and stdout — fork's descriptor
 * inheritance (UNP §4.7) — and close()s its own copy. The child works on the
 * socket directly; the parent never touches the data. SIGCHLD is answered
 * with a waitpid(-1, WNOHANG) loop (UNP §5.10).
 *
 * Workers compared:
 *   cat   /bin/cat — str_echo (UNP §5.3) is exactly cat with stdin = stdout =
 *         the socket; what `socat EXEC:cat` and `ncat --exec /bin/cat` run.
 *   deno  `echolab __str-echo` (a deno process) on the inherited socket.
 *
 * Usage: deno run -A bench/proto/spawn_server.ts --worker cat|deno
 * Prints {"kind":"listening","port":N}; SIGINT/SIGTERM end and reap every child.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { selfCommand } from "../../lib/sys/self_command.ts";

const AF_INET = 2, SOCK_STREAM = 1, SOCK_CLOEXEC = 0o2000000, SOL_SOCKET = 1, SO_REUSEADDR = 2;
const SHUT_RDWR = 2, WNOHANG = 1, SIGTERM = 15, SOCK_NONBLOCK = 0o4000, POLLIN = 1;

const libc = Deno.dlopen("libc.so.6", {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  listen: { parameters: ["i32", "i32"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  accept4: { parameters: ["i32", "pointer", "pointer", "i32"], result: "i32" },
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: true },
  shutdown: { parameters: ["i32", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  posix_spawn_file_actions_init: { parameters: ["buffer"], result: "i32" },
  posix_spawn_file_actions_adddup2: { parameters: ["buffer", "i32", "i32"], result: "i32" },
  posix_spawn_file_actions_destroy: { parameters: ["buffer"], result: "i32" },
  posix_spawn: {
    parameters: ["buffer", "buffer", "buffer", "pointer", "buffer", "buffer"],
    result: "i32",
  },
  waitpid: { parameters: ["i32", "buffer", "i32"], result: "i32" },
  kill: { parameters: ["i32", "i32"], result: "i32" },
  __errno_location: { parameters: [], result: "pointer" },
}).symbols;

const _enc = new TextEncoder();
const cstr = (s: string) => _enc.encode(s + "\0");

/** A NULL-terminated char*[] over `strings`; keep the returned holder alive while it is used. */
function cArray(strings: string[]): { array: BigUint64Array; keep: Uint8Array[] } {
  const keep = strings.map(cstr);
  const array = new BigUint64Array(keep.length + 1);
  keep.forEach((b, i) => (array[i] = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(b)))));
  return { array, keep };
}

function errno(): number {
  return new Deno.UnsafePointerView(libc.__errno_location()!).getInt32();
}

const { values } = parseArgs({
  args: Deno.args,
  options: { worker: { type: "string", default: "cat" }, port: { type: "string", default: "0" } },
});
const worker = values.worker === "deno"
  ? (() => {
    const s = selfCommand(["__str-echo"]);
    return [s.cmd, ...s.args];
  })()
  : ["/bin/cat"];
const path = cstr(worker[0]);
const argv = cArray(worker);
// cat needs no environment (and skips locale loading without one); deno gets ours.
const envp = cArray(
  values.worker === "deno"
    ? Object.entries(Deno.env.toObject()).map(([k, v]) => `${k}=${v}`)
    : ["PATH=/usr/bin:/bin"],
);

// socket, bind 127.0.0.1, listen (UNP §4.2–4.5)
// Non-blocking: the loop drains the completed-connection queue with plain accept4
// calls and waits in poll() (on a libc thread) only when the queue is empty.
const lfd = libc.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
libc.setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, new Int32Array([1]), 4);
const sa = new Uint8Array(16);
new DataView(sa.buffer).setUint16(0, AF_INET, true);
new DataView(sa.buffer).setUint16(2, Number(values.port), false);
sa.set([127, 0, 0, 1], 4);
if (libc.bind(lfd, sa, 16) !== 0 || libc.listen(lfd, 1024) !== 0) {
  console.error(`bind/listen failed: errno ${errno()}`);
  Deno.exit(1);
}
const len = new Uint32Array([16]);
libc.getsockname(lfd, sa, len);
console.log(
  JSON.stringify({ kind: "listening", port: new DataView(sa.buffer).getUint16(2, false) }),
);

const live = new Set<number>();
const status = new Int32Array(1);
const reap = () => {
  for (;;) {
    const pid = libc.waitpid(-1, status, WNOHANG);
    if (pid <= 0) return;
    live.delete(pid);
  }
};
Deno.addSignalListener("SIGCHLD", reap);

let stopping: number | undefined;
const stop = (sig: number) => () => {
  stopping ??= sig;
  libc.shutdown(lfd, SHUT_RDWR); // wakes the poll() waiting on its thread
};
Deno.addSignalListener("SIGINT", stop(2));
Deno.addSignalListener("SIGTERM", stop(15));

const fa = new Uint8Array(128); // posix_spawn_file_actions_t (80 bytes on glibc)
const pidOut = new Int32Array(1);
const pfd = new Uint8Array(8); // struct pollfd { int fd; short events; short revents; }
new DataView(pfd.buffer).setInt32(0, lfd, true);
new DataView(pfd.buffer).setInt16(4, POLLIN, true);
let burst = 0;
while (stopping === undefined) {
  if (++burst % 32 === 0) await new Promise((r) => setTimeout(r, 0)); // let SIGCHLD reaping run
  const cfd = libc.accept4(lfd, null, null, SOCK_CLOEXEC);
  if (cfd < 0) {
    // EAGAIN: queue empty, wait (100 ms at most, so signals are seen); EINTR,
    // ECONNABORTED and friends: not fatal (UNP §5.11), try again.
    await libc.poll(pfd, 1n, 100);
    continue;
  }
  libc.posix_spawn_file_actions_init(fa);
  libc.posix_spawn_file_actions_adddup2(fa, cfd, 0); // the socket becomes stdin …
  libc.posix_spawn_file_actions_adddup2(fa, cfd, 1); // … and stdout; CLOEXEC closes cfd itself
  const rc = libc.posix_spawn(
    pidOut,
    path,
    fa,
    null,
    new Uint8Array(argv.array.buffer),
    new Uint8Array(envp.array.buffer),
  );
  libc.posix_spawn_file_actions_destroy(fa);
  if (rc === 0) live.add(pidOut[0]);
  libc.close(cfd); // the parent's copy: the child holds the connection now
}
libc.close(lfd);

// Shutdown: SIGTERM every child, reap them all (bounded), exit 128 + signal.
for (const pid of live) libc.kill(pid, SIGTERM);
const end = Date.now() + 3000;
while (live.size && Date.now() < end) {
  reap();
  if (live.size) await new Promise((r) => setTimeout(r, 2));
}
Deno.removeSignalListener("SIGCHLD", reap);
Deno.exit(128 + (stopping ?? SIGTERM));
