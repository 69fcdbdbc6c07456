/**
 * UNP §5.9, interrupted system calls. A thread of this process blocks in
 * accept — a slow system call — and a SIGALRM aimed at that thread (a
 * SIGEV_THREAD_ID timer, the book's alarm) interrupts it:
 *
 * 1. handler installed without SA_RESTART → accept fails with EINTR;
 * 2. with SA_RESTART → the kernel restarts accept, which later returns a
 *    connection as if nothing happened;
 * 3. connect, blocked on a listener whose queue is full, interrupted, then
 *    called again: non-blocking → EALREADY; blocking → keeps waiting and
 *    succeeds (the book: "we cannot call it again");
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
      "§5.9: a process blocked in a slow system call (accept) that catches a signal gets EINTR when the handler returns, unless the handler was installed with SA_RESTART, in which case the kernel restarts the call. accept, read and write can simply be called again after EINTR; connect cannot: calling it again returns an immediate error, and one must wait for the connection with select (§16.3).",
    zh:
      "§5.9：阻塞于慢系统调用（accept）的进程捕获信号后，信号处理函数返回时该调用返回 EINTR；若处理函数以 SA_RESTART 安装，内核会自动重启该调用。accept、read、write 在 EINTR 后可以直接再次调用；connect 不行：再次调用会立即返回错误，必须用 select 等待连接完成（§16.3）。",
  },
  note: {
    en:
      'accept behaves exactly as the book says, with and without SA_RESTART. connect differs on Linux: calling it again on a blocking socket does not fail — it waits for the handshake already under way and succeeds; only a non-blocking retry reports EALREADY ("operation already in progress"). The deno engine never sees EINTR: Deno\'s runtime waits in epoll, retries interrupted calls and installs its own handlers with SA_RESTART.',
    zh:
      "accept 的表现与书中完全一致（无论是否设置 SA_RESTART）。Linux 上的 connect 不同：在阻塞套接字上再次调用并不会失败，而是等待已在进行的握手并成功返回；只有非阻塞的重试才报告 EALREADY（“操作已在进行”）。deno 引擎永远看不到 EINTR：Deno 运行时在 epoll 中等待，自动重试被中断的调用，并以 SA_RESTART 安装自己的信号处理函数。",
  },
};

interface _Setup {
  thread: BlockingThread;
  bus: EventBus;
  signal: AbortSignal;
}

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

/** Wait until the thread sleeps in `wchan`; emit what /proc says. */
async function _blocked(s: _Setup, op: string, wchan: string): Promise<string> {
  let seen = "";
  await until(
    () => {
      const st = procState(Deno.pid, s.thread.tid);
      seen = st?.wchan ?? "";
      return st?.state === "S" && st.wchan === wchan;
    },
    3000,
    s.signal,
  );
  const st = procState(Deno.pid, s.thread.tid);
  s.bus.emit(op === "connect" ? "client" : "server", "thread-blocked", {
    op,
    tid: s.thread.tid,
    state: st?.state ?? "?",
    wchan: seen,
  });
  return seen;
}

function _catch(ctx: ScenarioContext, restart: boolean): HandlerWitness {
  const w = catchSignal(_SIGNAL, { restart });
  if (!w.ok) throw new Error(`${w.call}: ${w.errno}`);
  ctx.defer(() => w.value.restore());
  ctx.bus.emit("server", "sigaction", {
    signal: _SIGNAL,
    flags: restart ? "SA_RESTART" : "0",
    handler: "umask",
  });
  return w.value;
}

/** Aim SIGALRM at the thread after _ALARM_MS; resolves after it fired (and the handler ran or not). */
async function _alarm(ctx: ScenarioContext, s: _Setup, witness: HandlerWitness): Promise<boolean> {
  const t = threadTimer(_SIGNAL, s.thread.tid, _ALARM_MS);
  if (!t.ok) throw new Error(`${t.call}: ${t.errno}`);
  ctx.defer(() => t.value.cancel());
  s.bus.emit("server", "signal-sent", {
    signal: _SIGNAL,
    tid: s.thread.tid,
    via: "timer_create(SIGEV_THREAD_ID)",
    ms: _ALARM_MS,
  });
  const ran = await until(() => witness.ran(), 2000, s.signal);
  t.value.cancel();
  s.bus.emit("server", "handler-ran", { signal: _SIGNAL, ran, witness: "umask" });
  return ran;
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

/** Part 1 and 2: accept interrupted, without and with SA_RESTART. */
async function _accept(ctx: ScenarioContext, s: _Setup, restart: boolean) {
  const l = _blockingListener(ctx, 5);
  const witness = _catch(ctx, restart);
  const pending = s.thread.call({ op: "accept", fd: l.fd });
  const wchan = await _blocked(s, "accept", "inet_csk_accept");
  const ran = await _alarm(ctx, s, witness);
  let outcome: string;
  let stillBlocked = false;
  if (!restart) {
    outcome = _returned(s.bus, "accept", await _timeout(pending, 3000, "accept"));
  } else {
    // Right after the handler the thread may still be on its way back into accept.
    const back = () => procState(Deno.pid, s.thread.tid)?.wchan === "inet_csk_accept";
    stillBlocked = await until(() => back() || !s.thread.busy, 1000, s.signal) &&
      s.thread.busy && back();
    const st = procState(Deno.pid, s.thread.tid);
    s.bus.emit("kernel", "restarted", {
      op: "accept",
      tid: s.thread.tid,
      wchan: st?.wchan ?? "?",
      blocked: stillBlocked,
    });
    const c = await tcpConnect("127.0.0.1", l.addr.port, { signal: s.signal, timeoutMs: 3000 });
    if (!c.ok) throw new Error(`${c.call}: ${c.errno}`);
    ctx.defer(() => void close(c.value));
    const out = await _timeout(pending, 3000, "accept");
    outcome = _returned(s.bus, "accept", out);
    if (out.result.ok) close(out.result.value);
  }
  witness.restore();
  return { wchan, ran, outcome, stillBlocked };
}

/** Part 3: connect blocked on a full queue, interrupted, then called again. */
async function _connect(ctx: ScenarioContext, s: _Setup) {
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
  const witness = _catch(ctx, false);
  const first = s.thread.call({ op: "connect", fd, host: "127.0.0.1", port: l.addr.port });
  const wchan = await _blocked(s, "connect", "wait_woken");
  const ran = await _alarm(ctx, s, witness);
  const interrupted = _returned(s.bus, "connect", await _timeout(first, 3000, "connect"));
  witness.restore();

  // Again, non-blocking: the handshake is still under way.
  setNonblocking(fd, true);
  const nonblocking = _returned(s.bus, "connect", connect(fd, "127.0.0.1", l.addr.port));
  setNonblocking(fd, false);

  // Make room in the queue, then call connect again on the blocking socket:
  // the retransmitted SYN (about 1 s after the first) now gets through.
  const room = await acceptNext(l.fd, { signal: s.signal, timeoutMs: 3000 });
  if (room.ok) {
    ctx.defer(() => void close(room.value.fd));
    s.bus.emit("server", "returned", { op: "accept", value: room.value.fd, topic: "backlog-full" });
  }
  const again = await _timeout(
    s.thread.call({ op: "connect", fd, host: "127.0.0.1", port: l.addr.port }),
    5000,
    "connect",
  );
  const blocking = _returned(s.bus, "connect", again, "connect-retried");
  return { wchan, ran, interrupted, nonblocking, blocking, waitedMs: again.ms };
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
    en: "a signal interrupts a blocked accept (EINTR) — or not, with SA_RESTART; connect retried",
    zh: "信号中断阻塞的 accept（EINTR）——设置 SA_RESTART 则不会；重试 connect",
  },
  unsupported: () => bookEngineUnsupported(),
  async run(ctx) {
    const thread = await BlockingThread.start();
    ctx.defer(() => thread.stop());
    const s: _Setup = { thread, bus: ctx.bus, signal: ctx.signal };
    const noRestart = await _accept(ctx, s, false);
    const withRestart = await _accept(ctx, s, true);
    const conn = await _connect(ctx, s);
    const deno = await _deno(ctx, s);

    const acceptAsBook = noRestart.ran && noRestart.outcome === "EINTR" && withRestart.ran &&
      withRestart.stillBlocked && withRestart.outcome === "ok";
    const connectAsBook = conn.interrupted === "EINTR" && conn.blocking !== "ok";
    const observed = ctx.t({
      en: `accept blocked (wchan ${noRestart.wchan}); SIGALRM without SA_RESTART: handler ${
        noRestart.ran ? "ran" : "did not run"
      }, accept returned ${noRestart.outcome}. With SA_RESTART: handler ${
        withRestart.ran ? "ran" : "did not run"
      }, accept ${
        withRestart.stillBlocked ? "stayed blocked (restarted)" : "did not stay blocked"
      } and then returned ${
        withRestart.outcome === "ok" ? "a connection" : withRestart.outcome
      }. connect blocked on a full queue (wchan ${conn.wchan}) returned ${conn.interrupted}; called again non-blocking: ${conn.nonblocking}; blocking: ${
        conn.blocking === "ok" ? `succeeded after ${conn.waitedMs} ms` : conn.blocking
      }. Deno engine: its ${_DENO_SIGNAL} handler has sa_flags ${deno.saFlags}; ${_DENO_SIGNAL} delivered ${
        countOf(deno.delivered, "time")
      }, Deno's accept ${deno.pendingAfterSignal ? "stayed pending" : "returned"} and then ${
        deno.accepted ? "accepted the client" : "failed"
      }.`,
      zh: `accept 阻塞（wchan ${noRestart.wchan}）；不带 SA_RESTART 的 SIGALRM：处理函数${
        noRestart.ran ? "已执行" : "未执行"
      }，accept 返回 ${noRestart.outcome}。带 SA_RESTART：处理函数${
        withRestart.ran ? "已执行" : "未执行"
      }，accept ${withRestart.stillBlocked ? "仍然阻塞（被自动重启）" : "没有保持阻塞"}，随后返回${
        withRestart.outcome === "ok" ? "一个连接" : ` ${withRestart.outcome}`
      }。阻塞于已满队列的 connect（wchan ${conn.wchan}）返回 ${conn.interrupted}；以非阻塞方式再次调用：${conn.nonblocking}；以阻塞方式：${
        conn.blocking === "ok" ? `${conn.waitedMs} 毫秒后成功` : conn.blocking
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
