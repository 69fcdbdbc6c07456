import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { lastErrnoName, libc } from "./libc.ts";
import { pollFd } from "./poll.ts";
import { formatSockAddr } from "./sockaddr.ts";
import { close, getpeername, getsockname, read, write } from "./socket.ts";
import { getIntOption, setKeepalive, setLinger } from "./sockopt.ts";
import { osConstants } from "./platform.ts";
import { socketTrio } from "../../tests/helpers/sockets.ts";
import { acceptNext, readSome, tcpConnect, tcpListen, writeAll } from "./tcp.ts";

const linux = Deno.build.os === "linux";
// Open libc before the tests: the sanitizer counts a library opened inside a test as a leak.
if (linux) libc();
const enc = new TextEncoder();

Deno.test({
  name: "errno is read as a name on the calling thread",
  ignore: !linux,
  fn() {
    assertEqual(libc().close(-1), -1);
    assertEqual(lastErrnoName(), "EBADF");
    assertEqual(close(-1), { ok: false, call: "close", errno: "EBADF" });
  },
});

Deno.test({
  name: "listen, connect, accept, echo a line, EOF after close",
  ignore: !linux,
  async fn() {
    const t = await socketTrio();
    try {
      assert(t.port > 0);
      const local = getsockname(t.client);
      assert(local.ok);
      // accept's cliaddr is the client's own address
      assertEqual(t.peer && formatSockAddr(t.peer), formatSockAddr(local.value));
      assertEqual(getpeername(t.server).ok, true);
      assert((await writeAll(t.client, enc.encode("hello\n"))).ok);
      const got = await readSome(t.server, 64, { timeoutMs: 2000 });
      assert(got.ok);
      assertEqual(new TextDecoder().decode(got.value), "hello\n");
      t.close("client");
      const eof = await readSome(t.server, 64, { timeoutMs: 2000 });
      assertEqual(eof.ok && eof.value.length, 0);
    } finally {
      t.close();
    }
  },
});

Deno.test({
  name: "bind to a port in use fails with EADDRINUSE; connect to a closed port with ECONNREFUSED",
  ignore: !linux,
  async fn() {
    const l = tcpListen("127.0.0.1", 0, 5);
    assert(l.ok);
    try {
      const again = tcpListen("127.0.0.1", l.value.addr.port, 5);
      assertEqual(again.ok ? "bound" : again.errno, "EADDRINUSE");
    } finally {
      close(l.value.fd);
    }
    const refused = await tcpConnect("127.0.0.1", l.value.addr.port, { timeoutMs: 2000 });
    assertEqual(refused.ok ? "connected" : refused.errno, "ECONNREFUSED");
  },
});

Deno.test({
  name: "SO_LINGER{1,0} before accept: accept succeeds, getpeername ENOTCONN, read ECONNRESET",
  ignore: !linux,
  async fn() {
    const l = tcpListen("127.0.0.1", 0, 5);
    assert(l.ok);
    try {
      const c = await tcpConnect("127.0.0.1", l.value.addr.port, { timeoutMs: 2000 });
      assert(c.ok);
      assert(setLinger(c.value, { on: true, seconds: 0 }).ok);
      close(c.value); // RST while the connection waits in the accept queue
      const a = await acceptNext(l.value.fd, { timeoutMs: 2000 });
      assert(a.ok, "Linux's accept returns the reset connection");
      assertEqual(getpeername(a.value.fd), {
        ok: false,
        call: "getpeername",
        errno: "ENOTCONN",
      });
      const first = read(a.value.fd, new Uint8Array(16));
      assertEqual(first.ok ? first.value : first.errno, "ECONNRESET");
      const second = read(a.value.fd, new Uint8Array(16));
      assertEqual(second.ok ? second.value : second.errno, 0);
      close(a.value.fd);
    } finally {
      close(l.value.fd);
    }
  },
});

Deno.test({
  name: "SO_KEEPALIVE and its timing are set on the socket",
  ignore: !linux,
  async fn() {
    const t = await socketTrio();
    try {
      const { sol } = osConstants();
      const fd = t.client;
      assert(setKeepalive(fd, true, { idle: 7, interval: 2, count: 3 }).ok);
      assertEqual(getIntOption(fd, sol.SOCKET, sol.SO_KEEPALIVE), { ok: true, value: 1 });
      assertEqual(getIntOption(fd, sol.IPPROTO_TCP, sol.TCP_KEEPIDLE), { ok: true, value: 7 });
      assertEqual(getIntOption(fd, sol.IPPROTO_TCP, sol.TCP_KEEPINTVL), { ok: true, value: 2 });
      assertEqual(getIntOption(fd, sol.IPPROTO_TCP, sol.TCP_KEEPCNT), { ok: true, value: 3 });
    } finally {
      t.close();
    }
  },
});

Deno.test({
  name: "pollFd: a timeout gives 0, an abort gives ECANCELED at once",
  ignore: !linux,
  async fn() {
    const l = tcpListen("127.0.0.1", 0, 5);
    assert(l.ok);
    try {
      const t0 = performance.now();
      assertEqual(await pollFd(l.value.fd, "in", { timeoutMs: 50 }), { ok: true, value: 0 });
      assert(performance.now() - t0 >= 45);
      const stop = new AbortController();
      const waiting = pollFd(l.value.fd, "in", { signal: stop.signal });
      setTimeout(() => stop.abort(), 20);
      assertEqual(await waiting, { ok: false, call: "poll", errno: "ECANCELED" });
      // a write on a full pipe-free socket is immediately possible: POLLOUT
      const c = await tcpConnect("127.0.0.1", l.value.addr.port);
      assert(c.ok);
      const out = await pollFd(c.value, "out", { timeoutMs: 1000 });
      assert(out.ok && (out.value & osConstants().poll.OUT) !== 0);
      assertEqual(write(c.value, enc.encode("x")), { ok: true, value: 1 });
      close(c.value);
    } finally {
      close(l.value.fd);
    }
  },
});
