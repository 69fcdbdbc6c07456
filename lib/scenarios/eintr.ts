/**
 * UNP §5.9, interrupted system calls. A thread of this process blocks in
 * accept — a slow system call — and a SIGALRM aimed at that thread (a
 * SIGEV_THREAD_ID timer, the book's alarm) interrupts it:
 *
 * 1. handler installed with sigaction without SA_RESTART → accept fails
 *    with EINTR;
 * 2. handler installed with glibc's signal(), the call tcpserv02 makes:
 *    the flags read back show SA_RESTART (BSD semantics), and the kernel
 *    restarts accept, which later returns a connection as if nothing
 *    happened;
 * 3. connect, blocked on a listener whose queue is full: interrupted
 *    without SA_RESTART, then called again — non-blocking → EALREADY,
 *    blocking → keeps waiting and succeeds (the book: "we cannot call it
 *    again"); under glibc's signal() the kernel restarts it and it
 *    completes;
 * 4. the deno engine: Deno's accept is not interrupted by a signal at all.
 *
 * @module
 */

import { countOf } from "../term/words.ts";
import type { EventBus } from "../events.ts";
import { type BlockingOutcome, BlockingThread } from "../sys/blocking_thread.ts";
import { bookEngineUnsupported } from "../sys/platform.ts";
import { procState } from "../proc/proc_state.ts";
import type { SysResult } from "../sys/result.ts";
import { catchSignal, disposition, type HandlerWitness } from "../sys/sigaction.ts";
import { close, connect, setNonblocking, shutdown, socket } from "../sys/socket.ts";
import { acceptNext, type Listener, tcpConnect, tcpListen } from "../sys/tcp.ts";
import { threadTimer } from "../sys/thread_timer.ts";
import { until } from "./book_fixture.ts";
import { closeLater } from "./deno_io.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

const _SIGNAL = "SIGALRM";
const _ALARM_MS = 100;

/** Texts of this scenario's verdict. */
const TEXT = {
  book: {
    en:
      "§5.9: a process blocked in a slow system call (accept) that catches a signal gets EINTR when the handler returns, unless the handler was installed with SA_RESTART, in which case the kernel restarts the call — but not every kernel restarts, so tcpserv02 must be prepared for EINTR. accept, read and write can simply be called again after EINTR; connect cannot: calling it again returns an immediate error, and one must wait for the connection with select (§16.3). §5.8: the historical signal function's semantics differ between implementations, so UNP's own signal calls sigaction and sets SA_RESTART for every signal but SIGALRM.",
    zh:
      "§5.9：阻塞于慢系统调用（accept）的进程捕获信号后，信号处理函数返回时该调用返回 EINTR；若处理函数以 SA_RESTART 安装，内核会自动重启该调用——但并非所有内核都会重启，所以 tcpserv02 必须准备好处理 EINTR。accept、read、write 在 EINTR 后可以直接再次调用；connect 不行：再次调用会立即返回错误，必须用 select 等待连接完成（§16.3）。§5.8：历史上的 signal 函数在不同实现中语义不同，因此 UNP 自己的 signal 调用 sigaction，并为除 SIGALRM 以外的所有信号设置 SA_RESTART。",
  },
  note: {
    en:
      'accept behaves as the book says, with and without SA_RESTART; connect differs on Linux. Under SA_RESTART the kernel restarts it like accept (signal(7) lists connect among the restarted calls), and calling it again by hand on a blocking socket does not fail — it waits for the handshake already under way and succeeds; only a non-blocking retry reports EALREADY ("operation already in progress"). glibc\'s signal() has BSD semantics: it installs the handler with SA_RESTART (read back above with sigaction; signal(2), "Portability"), so a tcpserv02 built with signal() never sees EINTR on Linux — only sigaction without SA_RESTART (or glibc\'s sysv_signal) shows it. The deno engine never sees EINTR: Deno\'s runtime waits in epoll, retries interrupted calls and installs its own handlers with SA_RESTART.',
    zh:
      "accept 的表现与书中一致（无论是否设置 SA_RESTART）；Linux 上的 connect 则与书中不同。设置 SA_RESTART 时内核会像 accept 一样自动重启它（signal(7) 把 connect 列为会被重启的调用之一）；在阻塞套接字上手动再次调用也不会失败，而是等待已在进行的握手并成功返回；只有非阻塞的重试才报告 EALREADY（“操作已在进行”）。glibc 的 signal() 采用 BSD 语义：它以 SA_RESTART 安装处理函数（上面用 sigaction 读回得到；见 signal(2) 的“Portability”一节），因此用 signal() 构建的 tcpserv02 在 Linux 上永远看不到 EINTR——只有不带 SA_RESTART 的 sigaction（或 glibc 的 sysv_signal）才会出现。deno 引擎永远看不到 EINTR：Deno 运行时在 epoll 中等待，自动重试被中断的调用，并以 SA_RESTART 安装自己的信号处理函数。",
  },
};

interface _Setup {
  bus: EventBus;
  signal: AbortSignal;
}

/** How the SIGALRM handler is installed. */
type _Via = "sigaction" | "signal";

/** A listener whose descriptor blocks (the thread's accept must really sleep). */
function _blockingListener(ctx: ScenarioContext, backlog: number): Listener {
  const l = tcpListen("127.0.0.1", 0, backlog);
  if (!l.ok) throw new Error(`${l.call}: ${l.errno}`);
  const fd = l.value.fd;
  ctx.defer(() => {
    shutdown(fd, "rdwr"); // wakes a thread still blocked in accept
    close(fd);
  });
  const nb = setNonblocking(fd, false);
  if (!nb.ok) throw new Error(`${nb.call}: ${nb.errno}`);
  return l.value;
}

/** Wait until `thread` sleeps in `wchan`; emit what /proc says. */
async function _blocked(
  s: _Setup,
  thread: BlockingThread,
  op: string,
  wchan: string,
): Promise<string> {
  let seen = "";
  await until(
    () => {
      const st = procState(Deno.pid, thread.tid);
      seen = st?.wchan ?? "";
      return st?.state === "S" && st.wchan === wchan;
    },
    3000,
    s.signal,
  );
  const st = procState(Deno.pid, thread.tid);
  s.bus.emit(op === "connect" ? "client" : "server", "thread-blocked", {
    op,
    tid: thread.tid,
    state: st?.state ?? "?",
    wchan: seen,
  });
  return seen;
}

/**
 * Install the SIGALRM handler: sigaction without SA_RESTART, or glibc's
 * signal() — whose flags are then read back from the kernel, not assumed.
 */
function _catch(ctx: ScenarioContext, via: _Via, actor: "server" | "client"): HandlerWitness {
  const w = catchSignal(_SIGNAL, via === "signal" ? { via } : { restart: false });
  if (!w.ok) throw new Error(`${w.call}: ${w.errno}`);
  ctx.defer(() => w.value.restore());
  if (via === "signal") {
    // UNP §5.8: the historical signal(); glibc's is BSD's (signal(2), "Portability").
    ctx.bus.emit(actor, "glibc-signal", {
      signal: _SIGNAL,
      handler: "umask",
      witness: true,
      flags: w.value.flags.join("|") || "0",
    });
  } else {
    // The handler is libc's umask(): async-signal-safe, and it leaves a mark (lib/sys/sigaction.ts).
    ctx.bus.emit(actor, "sigaction", {
      signal: _SIGNAL,
      flags: "0",
      handler: "umask",
      witness: true,
    });
  }
  return w.value;
}

/** Aim SIGALRM at the thread after _ALARM_MS; resolves after it fired (and the handler ran or not). */
async function _alarm(
  ctx: ScenarioContext,
  s: _Setup,
  thread: BlockingThread,
  witness: HandlerWitness,
  actor: "server" | "client",
): Promise<boolean> {
  const t = threadTimer(_SIGNAL, thread.tid, _ALARM_MS);
  if (!t.ok) throw new Error(`${t.call}: ${t.errno}`);
  ctx.defer(() => t.value.cancel());
  // The side whose thread blocks sets the alarm (the book's alarm(2)) and runs the handler.
  s.bus.emit(actor, "signal-sent", {
    signal: _SIGNAL,
    tid: thread.tid,
    via: "timer_create(SIGEV_THREAD_ID)",
    ms: _ALARM_MS,
  });
  const ran = await until(() => witness.ran(), 2000, s.signal);
  t.value.cancel();
  s.bus.emit(actor, "handler-ran", { signal: _SIGNAL, ran, witness: "umask" });
  return ran;
}

/**
 * After the handler ran under SA_RESTART: is the thread back asleep in the
 * same call? Emits `restarted` with what /proc shows.
 */
async function _restarted(
  s: _Setup,
  thread: BlockingThread,
  op: "accept" | "connect",
  wchan: string,
): Promise<boolean> {
  // Right after the handler the thread may still be on its way back into the call.
  const back = () => procState(Deno.pid, thread.tid)?.wchan === wchan;
  const blocked = await until(() => back() || !thread.busy, 1000, s.signal) &&
    thread.busy && back();
  const st = procState(Deno.pid, thread.tid);
  s.bus.emit("kernel", "restarted", {
    op,
    tid: thread.tid,
    wchan: st?.wchan ?? "?",
    blocked,
  });
  return blocked;
}

function _returned(
  bus: EventBus,
  op: "accept" | "connect",
  out: BlockingOutcome | SysResult<unknown>,
  topic?: string,
): string {
  const actor = op === "connect" ? "client" : "server";
  const result = "result" in out ? out.result : out;
  const ms = "ms" in out ? out.ms : undefined;
  if (result.ok) {
    bus.emit(actor, "returned", {
      op,
      value: result.value,
      ...(ms ? { ms } : {}),
      ...(topic ? { topic } : {}),
    });
    return "ok";
  }
  bus.emit(actor, "error", { op, errno: result.errno, ...(ms ? { ms } : {}) });
  return result.errno;
}

function _timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not return within ${ms} ms`)), ms);
    }),
  ]);
}

/** Part 1 and 2: accept interrupted, under sigaction without SA_RESTART and under glibc's signal(). */
async function _accept(ctx: ScenarioContext, s: _Setup, thread: BlockingThread, via: _Via) {
  const l = _blockingListener(ctx, 5);
  const witness = _catch(ctx, via, "server");
  const pending = thread.call({ op: "accept", fd: l.fd });
  const wchan = await _blocked(s, thread, "accept", "inet_csk_accept");
  const ran = await _alarm(ctx, s, thread, witness, "server");
  let outcome: string;
  let stillBlocked = false;
  if (!witness.restart) {
    outcome = _returned(s.bus, "accept", await _timeout(pending, 3000, "accept"));
  } else {
    stillBlocked = await _restarted(s, thread, "accept", "inet_csk_accept");
    const c = await tcpConnect("127.0.0.1", l.addr.port, { signal: s.signal, timeoutMs: 3000 });
    if (!c.ok) throw new Error(`${c.call}: ${c.errno}`);
    ctx.defer(() => void close(c.value));
    const out = await _timeout(pending, 3000, "accept");
    outcome = _returned(s.bus, "accept", out);
    if (out.result.ok) close(out.result.value);
  }
  witness.restore();
  return { wchan, ran, outcome, stillBlocked, flags: witness.flags.join("|") || "0" };
}

/** A socket whose connect will block: the listener's queue (listen(fd, 0)) is full. */
async function _fullQueue(ctx: ScenarioContext, s: _Setup) {
  // listen(fd, 0): one completed connection fills the queue; later SYNs are dropped.
  const l = _blockingListener(ctx, 0);
  const filler = await tcpConnect("127.0.0.1", l.addr.port, { signal: s.signal, timeoutMs: 3000 });
  if (!filler.ok) throw new Error(`${filler.call}: ${filler.errno}`);
  ctx.defer(() => void close(filler.value));
  s.bus.emit("kernel", "backlog-full", { port: l.addr.port, backlog: 0, queued: 1 });
  const sock = socket(4);
  if (!sock.ok) throw new Error(`${sock.call}: ${sock.errno}`);
  const fd = sock.value;
  ctx.defer(() => {
    shutdown(fd, "rdwr"); // wakes a thread still blocked in connect
    close(fd);
  });
  return { l, fd };
}

/** Accept the queued filler connection: room for the next SYN. */
async function _makeRoom(ctx: ScenarioContext, s: _Setup, l: Listener) {
  const room = await acceptNext(l.fd, { signal: s.signal, timeoutMs: 3000 });
  if (room.ok) {
    ctx.defer(() => void close(room.value.fd));
    s.bus.emit("server", "returned", { op: "accept", value: room.value.fd, topic: "backlog-full" });
  }
}

/**
 * Part 3: two connects, each blocked on a full queue. One is interrupted
 * under sigaction without SA_RESTART (EINTR), then called again; the other
 * under glibc's signal() (SA_RESTART), which the kernel restarts by itself.
 * Both wait for the same retransmitted SYN (about 1 s after the first), so
 * the second costs no extra second.
 */
async function _connect(ctx: ScenarioContext, s: _Setup, a: BlockingThread, b: BlockingThread) {
  const qa = await _fullQueue(ctx, s);
  const qb = await _fullQueue(ctx, s);
  const port = (q: { l: Listener }) => q.l.addr.port;

  // a: sigaction without SA_RESTART.
  const witness = _catch(ctx, "sigaction", "client");
  const first = a.call({ op: "connect", fd: qa.fd, host: "127.0.0.1", port: port(qa) });
  const restarting = b.call({ op: "connect", fd: qb.fd, host: "127.0.0.1", port: port(qb) });
  const wchan = await _blocked(s, a, "connect", "wait_woken");
  const ran = await _alarm(ctx, s, a, witness, "client");
  const interrupted = _returned(s.bus, "connect", await _timeout(first, 3000, "connect"));
  witness.restore();

  // Again, non-blocking: the handshake is still under way.
  setNonblocking(qa.fd, true);
  const nonblocking = _returned(s.bus, "connect", connect(qa.fd, "127.0.0.1", port(qa)));
  setNonblocking(qa.fd, false);

  // b: glibc's signal(), SA_RESTART read back; the same signal, the connect restarted.
  const glibc = _catch(ctx, "signal", "client");
  await _blocked(s, b, "connect", "wait_woken");
  const ranB = await _alarm(ctx, s, b, glibc, "client");
  const restarted = await _restarted(s, b, "connect", "wait_woken");

  // Make room in both queues, then call a's connect again on the blocking
  // socket: the retransmitted SYNs now get through.
  await _makeRoom(ctx, s, qa.l);
  await _makeRoom(ctx, s, qb.l);
  const again = await _timeout(
    a.call({ op: "connect", fd: qa.fd, host: "127.0.0.1", port: port(qa) }),
    5000,
    "connect",
  );
  const blocking = _returned(s.bus, "connect", again, "connect-retried");
  const completed = await _timeout(restarting, 5000, "connect");
  const restartedOutcome = _returned(s.bus, "connect", completed, "connect-restarted");
  glibc.restore();
  return {
    wchan,
    ran,
    interrupted,
    nonblocking,
    blocking,
    waitedMs: again.ms,
    glibcFlags: glibc.flags.join("|") || "0",
    ranB,
    restarted,
    restartedOutcome,
    restartedMs: completed.ms,
  };
}

/**
 * The signal sent to Deno's own accept. Not SIGUSR1: Deno, like Node, starts
 * its inspector on SIGUSR1 (a debugger port on 127.0.0.1:9229, seen here),
 * which a teaching run must not open.
 */
const _DENO_SIGNAL = "SIGUSR2";

/** Part 4: Deno's accept while a signal arrives. */
async function _deno(ctx: ScenarioContext, s: _Setup) {
  const listener = closeLater(ctx, Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  let delivered = 0;
  const onSignal = () => void delivered++;
  Deno.addSignalListener(_DENO_SIGNAL, onSignal);
  ctx.defer(() => Deno.removeSignalListener(_DENO_SIGNAL, onSignal));
  let settled: "pending" | "accepted" | string = "pending";
  const accepting = listener.accept().then(
    (conn) => {
      settled = "accepted";
      return conn;
    },
    (err) => {
      settled = String(err);
      return undefined;
    },
  );
  const how = disposition(_DENO_SIGNAL);
  Deno.kill(Deno.pid, _DENO_SIGNAL);
  await until(() => delivered > 0, 2000, s.signal);
  await new Promise((r) => setTimeout(r, 50));
  const pendingAfterSignal = settled === "pending";
  const saFlags = how.ok ? how.value.flags.join("|") || "0" : how.errno;
  s.bus.emit("server", "runtime-retried", {
    engine: "deno",
    signal: _DENO_SIGNAL,
    saFlags,
    delivered,
    op: "accept",
    pending: pendingAfterSignal,
  });
  const port = (listener.addr as Deno.NetAddr).port;
  closeLater(ctx, await Deno.connect({ hostname: "127.0.0.1", port }));
  const conn = await accepting;
  if (conn) {
    const peer = `${conn.remoteAddr.hostname}:${conn.remoteAddr.port}`;
    s.bus.emit("server", "returned", { op: "accept", engine: "deno", value: peer });
    conn.close();
  }
  return { delivered, saFlags, pendingAfterSignal, accepted: settled === "accepted" };
}

/**
 * The `eintr` scenario (`echolab chaos eintr`).
 *
 * @example
 * ```ts
 * const { verdict } = await runScenario(eintr, bus, "en", new AbortController().signal);
 * ```
 */
export const eintr: Scenario = {
  name: "eintr",
  emits: [
    "backlog-full",
    "error",
    "glibc-signal",
    "handler-ran",
    "restarted",
    "returned",
    "runtime-retried",
    "sigaction",
    "signal-sent",
    "thread-blocked",
  ],
  section: "5.9",
  title: {
    en: "a signal interrupts accept: EINTR, or restarted under glibc's signal(); connect too",
    zh: "信号中断 accept：EINTR，或在 glibc 的 signal() 下被自动重启；connect 亦然",
  },
  unsupported: () => bookEngineUnsupported(),
  async run(ctx) {
    const thread = await BlockingThread.start();
    ctx.defer(() => thread.stop());
    // The client's two threads (part 3's connects: each side's events name its own thread)
    // start while parts 1 and 2 wait for their timers, one at a time: started together,
    // they would compete for the CPU.
    const clientA = BlockingThread.start();
    ctx.defer(async () => (await clientA).stop());
    const s: _Setup = { bus: ctx.bus, signal: ctx.signal };
    const noRestart = await _accept(ctx, s, thread, "sigaction");
    const clientB = BlockingThread.start();
    ctx.defer(async () => (await clientB).stop());
    const glibc = await _accept(ctx, s, thread, "signal");
    const conn = await _connect(ctx, s, await clientA, await clientB);
    const deno = await _deno(ctx, s);

    const acceptAsBook = noRestart.ran && noRestart.outcome === "EINTR" && glibc.ran &&
      glibc.stillBlocked && glibc.outcome === "ok";
    const connectAsBook = conn.interrupted === "EINTR" && conn.blocking !== "ok" &&
      !(conn.restarted && conn.restartedOutcome === "ok");
    const ran = (yes: boolean) => ({
      en: yes ? "ran" : "did not run",
      zh: yes ? "已执行" : "未执行",
    });
    const observed = ctx.t({
      en: `accept blocked (wchan ${noRestart.wchan}). sigaction without SA_RESTART: handler ${
        ran(noRestart.ran).en
      }, accept returned ${noRestart.outcome}. glibc's signal(): sigaction read back sa_flags ${glibc.flags}; handler ${
        ran(glibc.ran).en
      }, accept ${
        glibc.stillBlocked ? "stayed blocked (restarted)" : "did not stay blocked"
      }, then returned ${
        glibc.outcome === "ok" ? "a connection" : glibc.outcome
      }. connect blocked on a full queue (wchan ${conn.wchan}): without SA_RESTART it returned ${conn.interrupted}; called again non-blocking: ${conn.nonblocking}; blocking: ${
        conn.blocking === "ok" ? `succeeded after ${conn.waitedMs} ms` : conn.blocking
      }. Under glibc's signal() (sa_flags ${conn.glibcFlags}) the handler ${
        ran(conn.ranB).en
      }, connect ${conn.restarted ? "was restarted (still blocked)" : "was not restarted"} and ${
        conn.restartedOutcome === "ok"
          ? `completed after ${conn.restartedMs} ms`
          : `returned ${conn.restartedOutcome}`
      }. Deno engine: its ${_DENO_SIGNAL} handler has sa_flags ${deno.saFlags}; ${_DENO_SIGNAL} delivered ${
        countOf(deno.delivered, "time")
      }, Deno's accept ${deno.pendingAfterSignal ? "stayed pending" : "returned"} and then ${
        deno.accepted ? "accepted the client" : "failed"
      }.`,
      zh: `accept 阻塞（wchan ${noRestart.wchan}）。不带 SA_RESTART 的 sigaction：处理函数${
        ran(noRestart.ran).zh
      }，accept 返回 ${noRestart.outcome}。glibc 的 signal()：用 sigaction 读回的 sa_flags 为 ${glibc.flags}；处理函数${
        ran(glibc.ran).zh
      }，accept ${glibc.stillBlocked ? "仍然阻塞（被自动重启）" : "没有保持阻塞"}，随后返回${
        glibc.outcome === "ok" ? "一个连接" : ` ${glibc.outcome}`
      }。阻塞于已满队列的 connect（wchan ${conn.wchan}）：不带 SA_RESTART 时返回 ${conn.interrupted}；以非阻塞方式再次调用：${conn.nonblocking}；以阻塞方式：${
        conn.blocking === "ok" ? `${conn.waitedMs} 毫秒后成功` : conn.blocking
      }。在 glibc 的 signal()（sa_flags ${conn.glibcFlags}）下，处理函数${
        ran(conn.ranB).zh
      }，connect ${conn.restarted ? "被自动重启（仍然阻塞）" : "没有被自动重启"}，${
        conn.restartedOutcome === "ok"
          ? `${conn.restartedMs} 毫秒后完成`
          : `返回 ${conn.restartedOutcome}`
      }。deno 引擎：它的 ${_DENO_SIGNAL} 处理函数的 sa_flags 为 ${deno.saFlags}；${_DENO_SIGNAL} 递交 ${deno.delivered} 次，Deno 的 accept ${
        deno.pendingAfterSignal ? "仍在等待" : "返回了"
      }，随后${deno.accepted ? "接受了客户连接" : "失败"}。`,
    });
    return {
      scenario: "eintr",
      status: acceptAsBook && connectAsBook ? "as-book" : "differs",
      book: ctx.t(TEXT.book),
      observed,
      note: ctx.t(TEXT.note),
    };
  },
};
