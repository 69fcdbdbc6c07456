/**
 * UNP §5.7–5.9, zombies: a server that never waits (tcpserv01). Three
 * clients come and go; their children end, SIGCHLD arrives, and the kernel
 * keeps each child as a zombie — state Z in /proc, `<defunct>` in ps —
 * until the server finally calls waitpid. Beyond the book, the same server
 * with SIGCHLD set to SIG_IGN, then with SA_NOCLDWAIT: the kernel reaps each
 * child itself — no state Z ever in /proc, waitpid(-1, WNOHANG) gives 0
 * while a child runs, and wait blocks until the last child has ended, then
 * fails with ECHILD. Beside it, the deno engine: the runtime reaps its child
 * without being asked.
 *
 * @module
 */

import { countOf } from "../term/words.ts";
import { BlockingThread } from "../sys/blocking_thread.ts";
import { kill } from "../sys/kill.ts";
import { procState } from "../proc/proc_state.ts";
import { bookEngineUnsupported } from "../sys/platform.ts";
import { reapByKernel } from "../sys/sigaction.ts";
import { formatSockAddr } from "../sys/sockaddr.ts";
import { close } from "../sys/socket.ts";
import { posixSpawn } from "../sys/spawn.ts";
import {
  acceptNext,
  type Listener,
  readExactly,
  tcpConnect,
  tcpListen,
  writeAll,
} from "../sys/tcp.ts";
import { peekEnded, waitpid } from "../sys/wait.ts";
import { CAT_STR_ECHO, connectChildren, startBookServer, until } from "./book_fixture.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

const _CLIENTS = 3;
/** How long the server goes on without waiting before the second look at /proc. */
const _HOLD_MS = 400;
const _enc = new TextEncoder();

/** Texts of this scenario's verdict. */
const TEXT = {
  book: {
    en:
      "§5.7–5.9: a terminated child stays a zombie (its pid and termination status kept) until its parent calls wait or waitpid; tcpserv01 never waits, so ps shows <defunct>.",
    zh:
      "§5.7–5.9：终止的子进程成为僵尸进程（保留其 pid 和终止状态），直到父进程调用 wait 或 waitpid；tcpserv01 从不等待，因此 ps 显示其子进程为 <defunct>（状态 Z）。",
  },
  note: {
    en:
      "Linux behaves as the book: a zombie is a real kernel object that holds its pid until the parent waits. The deno engine never shows one, since its runtime calls waitpid for every child it spawns; the children here are cat, started with posix_spawn as with --worker cat, which the runtime does not track. Beyond the book: POSIX lets a parent skip wait altogether — with SIGCHLD set to SIG_IGN, or SA_NOCLDWAIT on its handler, the kernel reaps each child as it ends (kernel/signal.c do_notify_parent), so there is no zombie and no status to fetch: wait blocks while children run, then fails with ECHILD (wait(2) NOTES). With SA_NOCLDWAIT Linux still sends SIGCHLD; POSIX leaves that open (sigaction(2)).",
    zh:
      "Linux 与书中一致：僵尸进程是真实的内核对象，在父进程等待之前一直占用它的 pid。deno 引擎永远看不到僵尸进程，因为运行时会为它创建的每个子进程调用 waitpid，而这里的子进程是 cat，与 --worker cat 相同由 posix_spawn 创建，运行时并不跟踪它们。超出本书：POSIX 允许父进程根本不调用 wait——把 SIGCHLD 设为 SIG_IGN，或在其处理函数上设置 SA_NOCLDWAIT，内核就会在每个子进程终止时自行回收它（kernel/signal.c 的 do_notify_parent），因此既没有僵尸进程，也没有可取的终止状态：子进程运行期间 wait 阻塞，之后以 ECHILD 失败（wait(2) 的 NOTES）。设置 SA_NOCLDWAIT 时 Linux 仍然发送 SIGCHLD；POSIX 对此未作规定（sigaction(2)）。",
  },
};

/** The four parts of the scenario, each announced by a `part` event as it begins. */
const _PARTS = {
  book: { en: "tcpserv01 never waits (the book)", zh: "tcpserv01 从不等待（书中）" },
  SIG_IGN: {
    en: "SIGCHLD set to SIG_IGN: the kernel reaps (beyond the book)",
    zh: "SIGCHLD 设为 SIG_IGN：内核自行回收（超出本书）",
  },
  SA_NOCLDWAIT: {
    en: "SA_NOCLDWAIT on the handler: the kernel reaps (beyond the book)",
    zh: "处理函数带 SA_NOCLDWAIT：内核自行回收（超出本书）",
  },
  deno: {
    en: "the deno engine: the runtime reaps its child",
    zh: "deno 引擎：运行时回收自己的子进程",
  },
};

/** Announce part `key` (1 of 4 …): what follows belongs to it. */
function _part(ctx: ScenarioContext, key: keyof typeof _PARTS): void {
  const keys = Object.keys(_PARTS);
  ctx.bus.emit("scenario", "part", {
    n: keys.indexOf(key) + 1,
    of: keys.length,
    label: ctx.t(_PARTS[key]),
  });
}

/** A child of the kernel-reaping part; `end()` closes its client, so it reads EOF and exits. */
interface _Kid {
  pid: number;
  end(): void;
}

/**
 * tcpserv01's accept and fork in miniature, for the kernel-reaping part:
 * connect, accept, start `cat` on the connected socket (str_echo's loop).
 * Not the book server: with SIGCHLD ignored it could never learn that its
 * children ended. The teardown ends and reaps any child still here.
 */
async function _kid(ctx: ScenarioContext, l: Listener, live: number): Promise<_Kid> {
  const c = await tcpConnect("127.0.0.1", l.addr.port, { signal: ctx.signal, timeoutMs: 3000 });
  if (!c.ok) throw new Error(`${c.call}: ${c.errno}`);
  const client = c.value;
  let open = true;
  const end = () => {
    if (open) close(client);
    open = false;
  };
  ctx.defer(end);
  const a = await acceptNext(l.fd, { signal: ctx.signal, timeoutMs: 3000 });
  if (!a.ok) throw new Error(`${a.call}: ${a.errno}`);
  const spawned = posixSpawn({
    program: CAT_STR_ECHO.program,
    argv: [...CAT_STR_ECHO.argv],
    fileActions: [
      { dup2: [a.value.fd, 0] },
      { dup2: [a.value.fd, 1] },
      { close: l.fd },
      { open: [2, "/dev/null"] },
    ],
    defaultSignals: ["SIGPIPE"],
  });
  close(a.value.fd);
  if (!spawned.ok) throw new Error(`${spawned.call}: ${spawned.errno}`);
  const pid = spawned.value;
  ctx.defer(async () => {
    if (procState(pid)?.ppid !== Deno.pid) return;
    kill(pid, "SIGKILL");
    await until(() => {
      const r = waitpid(pid, { nohang: true });
      return !r.ok || r.value !== undefined || procState(pid) === undefined;
    }, 1000);
  });
  ctx.bus.emit("server", "accepted", {
    peer: a.value.peer ? formatSockAddr(a.value.peer) : "?",
    child: pid,
    live,
  });
  return { pid, end };
}

/**
 * End `kid` and watch /proc every millisecond until its pid is gone: was it
 * ever a zombie? waitid(WNOWAIT) then says whether any status is left to fetch.
 */
async function _ends(ctx: ScenarioContext, kid: _Kid, how: string) {
  kid.end();
  let looks = 0;
  let zombie = false;
  const deadline = performance.now() + 3000;
  for (;;) {
    const st = procState(kid.pid);
    looks++;
    if (st?.state === "Z") zombie = true;
    if (st === undefined || performance.now() > deadline || ctx.signal.aborted) break;
    await new Promise((r) => setTimeout(r, 1));
  }
  const gone = procState(kid.pid) === undefined;
  const peek = peekEnded(kid.pid);
  const waitid = peek.ok ? (peek.value ? "status" : "running") : peek.errno;
  ctx.bus.emit("kernel", "kernel-reaped", { pid: kid.pid, how, gone, zombie, looks, waitid });
  return { gone, zombie, looks, waitid };
}

/** waitpid(-1, &st, WNOHANG), its answer as an event; `running`: children /proc shows alive. */
function _waitpidNohang(ctx: ScenarioContext, running: number[]): string {
  const r = waitpid(-1, { nohang: true });
  const alive = running.filter((pid) => {
    const st = procState(pid);
    return st !== undefined && st.state !== "Z";
  });
  if (!r.ok) {
    ctx.bus.emit("server", "error", { op: "waitpid", args: "-1, WNOHANG", errno: r.errno });
    return r.errno;
  }
  const value = r.value?.pid ?? 0;
  ctx.bus.emit("server", "returned", {
    op: "waitpid",
    args: "-1, WNOHANG",
    value,
    running: alive,
    ...(value === 0 ? { topic: "waitpid-zero" } : {}),
  });
  return String(value);
}

/** What the kernel-reaping part saw, for the verdict. */
interface _KernelReaped {
  how: "SIG_IGN" | "SA_NOCLDWAIT";
  flags: string;
  pids: number[];
  zombies: number;
  gone: number;
  looks: number;
  waitid: string[];
  nohangWhileRunning?: string;
  waitMs?: number;
  wait?: string;
  nohangAfter: string;
  sigchld: number;
}

/**
 * Beyond the book (POSIX; wait(2) NOTES, sigaction(2) SA_NOCLDWAIT, kernel
 * do_notify_parent): SIGCHLD ignored, or SA_NOCLDWAIT on the handler, and
 * the kernel reaps each child as it ends. With SIG_IGN: two children; while
 * one still runs, waitpid(-1, WNOHANG) gives 0 and wait blocks; when the
 * last ends, wait fails with ECHILD. With SA_NOCLDWAIT (Deno's SIGCHLD
 * handler kept): SIGCHLD still arrives on Linux, and still no zombie.
 */
async function _kernelReaps(
  ctx: ScenarioContext,
  how: "SIG_IGN" | "SA_NOCLDWAIT",
  thread: Promise<BlockingThread>,
): Promise<_KernelReaped> {
  _part(ctx, how);
  let sigchld = 0;
  const onChld = () => {
    ctx.bus.emit("server", "sigchld", { count: ++sigchld });
  };
  if (how === "SA_NOCLDWAIT") {
    // Deno's own handler is the one that gets the flag: the listener counts what it delivers.
    Deno.addSignalListener("SIGCHLD", onChld);
    ctx.defer(() => {
      try {
        Deno.removeSignalListener("SIGCHLD", onChld);
      } catch {
        // removed already
      }
    });
  }
  const set = reapByKernel(how);
  if (!set.ok) throw new Error(`${set.call}: ${set.errno}`);
  ctx.defer(() => set.value.restore());
  const now = set.value.now;
  const flags = now.flags.join("|") || "0";
  ctx.bus.emit("server", "sigaction", {
    signal: "SIGCHLD",
    handler: now.action === "ignore" ? "SIG_IGN" : now.action === "default" ? "SIG_DFL" : "Deno",
    flags,
    topic: "kernel-reaps",
  });
  const l = tcpListen("127.0.0.1", 0, 8);
  if (!l.ok) throw new Error(`${l.call}: ${l.errno}`);
  ctx.defer(() => void close(l.value.fd));
  const n = how === "SIG_IGN" ? 2 : 1;
  const kids: _Kid[] = [];
  for (let i = 0; i < n; i++) kids.push(await _kid(ctx, l.value, i + 1));
  const seen: Awaited<ReturnType<typeof _ends>>[] = [];
  const out: _KernelReaped = {
    how,
    flags,
    pids: kids.map((k) => k.pid),
    zombies: 0,
    gone: 0,
    looks: 0,
    waitid: [],
    nohangAfter: "",
    sigchld: 0,
  };
  if (how === "SIG_IGN") {
    const [first, last] = kids;
    seen.push(await _ends(ctx, first, how));
    // UNP §5.10: the loop's other way out — children exist, none has ended.
    out.nohangWhileRunning = _waitpidNohang(ctx, [last.pid]);
    // wait(2) NOTES: wait blocks until every child has ended, then fails with ECHILD.
    const t = await thread;
    const waiting = t.call({ op: "wait" });
    await until(() => procState(Deno.pid, t.tid)?.wchan === "do_wait", 2000, ctx.signal);
    const st = procState(Deno.pid, t.tid);
    ctx.bus.emit("server", "thread-blocked", {
      op: "wait",
      tid: t.tid,
      state: st?.state ?? "?",
      wchan: st?.wchan ?? "?",
    });
    seen.push(await _ends(ctx, last, how));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const w = await Promise.race([
      waiting,
      new Promise<undefined>((r) => timer = setTimeout(() => r(undefined), 3000)),
    ]).finally(() => clearTimeout(timer));
    if (!w) throw new Error("wait did not return within 3 s of the last child's end");
    out.waitMs = w.ms;
    if (w.result.ok) {
      out.wait = String(w.result.value);
      ctx.bus.emit("server", "returned", { op: "wait", value: w.result.value, ms: w.ms });
    } else {
      out.wait = w.result.errno;
      ctx.bus.emit("server", "error", { op: "wait", errno: w.result.errno, ms: w.ms });
    }
  } else {
    seen.push(await _ends(ctx, kids[0], how));
    // On Linux SA_NOCLDWAIT still sends SIGCHLD (sigaction(2)): wait a moment for it.
    await until(() => sigchld > 0, 500, ctx.signal);
  }
  out.nohangAfter = _waitpidNohang(ctx, []);
  set.value.restore();
  if (how === "SA_NOCLDWAIT") Deno.removeSignalListener("SIGCHLD", onChld);
  out.zombies = seen.filter((e) => e.zombie).length;
  out.gone = seen.filter((e) => e.gone).length;
  out.looks = seen.reduce((sum, e) => sum + e.looks, 0);
  out.waitid = seen.map((e) => e.waitid);
  out.sigchld = sigchld;
  return out;
}

/** The verdict's sentences on the part beyond the book, from what it observed. */
function _beyondText(ign: _KernelReaped, ncw: _KernelReaped): { en: string; zh: string } {
  const noZ = (r: _KernelReaped) => r.zombies === 0 && r.gone === r.pids.length;
  return {
    en: `Beyond the book, SIGCHLD set to SIG_IGN: ${
      countOf(ign.pids.length, "child", "children")
    } (${ign.pids.join(", ")}) ended and ${
      noZ(ign) ? "left /proc without ever showing state Z" : `showed state Z ${ign.zombies}×`
    } in ${ign.looks} looks (waitid: ${
      ign.waitid.join(", ")
    }); waitpid(-1, WNOHANG) returned ${ign.nohangWhileRunning} while ${
      ign.pids.at(-1)
    } ran; wait blocked ${ign.waitMs} ms until the last child ended, then returned ${ign.wait}; waitpid then: ${ign.nohangAfter}. With SA_NOCLDWAIT (sa_flags ${ncw.flags}): child ${
      ncw.pids.join(", ")
    } ended, SIGCHLD delivered ${countOf(ncw.sigchld, "time")}, ${
      noZ(ncw) ? "no state Z" : `state Z ${ncw.zombies}×`
    }, waitpid: ${ncw.nohangAfter}.`,
    zh: `超出本书——SIGCHLD 设为 SIG_IGN：${ign.pids.length} 个子进程（${
      ign.pids.join("、")
    }）终止，${
      noZ(ign) ? "从 /proc 中消失，从未出现状态 Z" : `出现状态 Z ${ign.zombies} 次`
    }（查看 ${ign.looks} 次；waitid：${ign.waitid.join("、")}）；子进程 ${
      ign.pids.at(-1)
    } 仍在运行时 waitpid(-1, WNOHANG) 返回 ${ign.nohangWhileRunning}；wait 阻塞 ${ign.waitMs} 毫秒，直到最后一个子进程终止，然后返回 ${ign.wait}；随后 waitpid：${ign.nohangAfter}。设置 SA_NOCLDWAIT（sa_flags ${ncw.flags}）：子进程 ${
      ncw.pids.join("、")
    } 终止，SIGCHLD 递交 ${ncw.sigchld} 次，${
      noZ(ncw) ? "没有出现状态 Z" : `出现状态 Z ${ncw.zombies} 次`
    }，waitpid：${ncw.nohangAfter}。`,
  };
}

/** Spawn a child with Deno.Command, never wait for it ourselves, and watch /proc. */
async function _denoReaps(ctx: ScenarioContext): Promise<{ pid: number; ms: number }> {
  _part(ctx, "deno");
  const start = performance.now();
  const child = new Deno.Command("true", { stdin: "null", stdout: "null", stderr: "null" })
    .spawn();
  ctx.defer(async () => void await child.status);
  const gone = await until(() => procState(child.pid) === undefined, 3000, ctx.signal);
  const ms = Math.round((performance.now() - start) * 10) / 10;
  if (!gone) throw new Error(`Deno.Command child ${child.pid} still in /proc after 3 s`);
  ctx.bus.emit("server", "runtime-reaped", { pid: child.pid, ms, engine: "deno" });
  return { pid: child.pid, ms };
}

/**
 * The `zombies` scenario (`echolab chaos zombies`).
 *
 * @example
 * ```ts
 * const { verdict } = await runScenario(zombies, bus, "en", new AbortController().signal);
 * ```
 */
export const zombies: Scenario = {
  name: "zombies",
  emits: [
    "accepted",
    "child-exited",
    "child-zombie",
    "clients-closed",
    "connected",
    "echo",
    "listening",
    "error",
    "part",
    "kernel-reaped",
    "proc-state",
    "reaped",
    "returned",
    "runtime-reaped",
    "shutdown",
    "sigaction",
    "sigchld",
    "thread-blocked",
    "worker",
  ],
  section: "5.7",
  title: {
    en: "a server that never waits: zombies (state Z) in /proc, then reaped; none under SIG_IGN",
    zh: "从不等待的服务器：/proc 中真实的僵尸进程（状态 Z），随后被回收；SIG_IGN 下则没有",
  },
  unsupported: () => bookEngineUnsupported(),
  async run(ctx) {
    const { bus, signal } = ctx;
    _part(ctx, "book");
    // The thread for the part beyond the book (a blocking wait) starts while the server does.
    const thread = BlockingThread.start();
    ctx.defer(async () => (await thread).stop());
    const server = await startBookServer(ctx, "none");
    const { clients, pids } = await connectChildren(ctx, server, _CLIENTS);

    // Each child echoes a line: the connected socket really is its stdin/stdout.
    for (const [i, fd] of clients.fds.entries()) {
      const line = _enc.encode(`hello from client ${i}\n`);
      const w = await writeAll(fd, line, { signal });
      const r = await readExactly(fd, line.length, { signal, timeoutMs: 3000 });
      if (!w.ok || !r.ok) throw new Error("echo failed");
      bus.emit("client", "echo", {
        bytes: r.value.length,
        text: new TextDecoder().decode(r.value),
      });
    }

    // The clients close: each child reads EOF and exits; nobody waits for it.
    // Stamped before the close: the FINs it sends must not be shown before it.
    const closedAt = bus.now();
    clients.closeAll();
    bus.emit("client", "clients-closed", { count: _CLIENTS, t: closedAt });
    await server.watch.next(
      (e) => e.kind === "child-zombie" && e.zombies === _CLIENTS,
      5000,
      signal,
      `${_CLIENTS} zombies`,
    );
    const look = () =>
      pids.map((pid) => {
        const s = procState(pid);
        bus.emit("kernel", "proc-state", {
          pid,
          state: s?.state ?? "gone",
          ppid: s?.ppid,
          comm: s?.comm,
        });
        return s;
      });
    const states = look();
    // UNP §5.9: where the book runs `ps`, --states shows the table (children <defunct>).
    bus.emit("scenario", "states-point", {
      ports: [server.port],
      root: Deno.pid,
      label: ctx.t({ en: "zombies", zh: "僵尸进程" }),
      topic: "states-point",
    });
    // Zombies do not go away by themselves: look again a little later.
    await new Promise((r) => setTimeout(r, _HOLD_MS));
    const later = look();
    const sigchld = server.watch.all((e) => e.kind === "sigchld").length;

    // Now the parent finally waits (the shutdown reaps every child).
    await server.stop();
    const reaped = server.watch.all((e) => e.kind === "reaped").map((e) => e.pid as number);
    const goneAfter = pids.filter((pid) => procState(pid) === undefined);
    for (const pid of goneAfter) bus.emit("kernel", "proc-state", { pid, state: "gone" });

    // Beyond the book: the kernel reaps by itself. Before Deno.Command runs:
    // while SIGCHLD is ignored the runtime could not wait for its child.
    const ignored = await _kernelReaps(ctx, "SIG_IGN", thread);
    const nocldwait = await _kernelReaps(ctx, "SA_NOCLDWAIT", thread);

    const deno = await _denoReaps(ctx);

    const allZombies = [...states, ...later].every((s) => s?.state === "Z" && s.ppid === Deno.pid);
    const asBook = allZombies && goneAfter.length === pids.length &&
      reaped.length === pids.length;
    const list = pids.join(", ");
    const stateText = states.map((s) => s?.state ?? "gone").join(", ");
    const laterText = later.map((s) => s?.state ?? "gone").join(", ");
    const beyond = _beyondText(ignored, nocldwait);
    const zh = (text: string) => text.replaceAll(", ", "、"); // a Chinese list: 、
    return {
      scenario: "zombies",
      status: asBook ? "as-book" : "differs",
      book: ctx.t(TEXT.book),
      observed: ctx.t({
        en: `${pids.length} children (${list}) ended when their clients closed; SIGCHLD arrived ${
          countOf(sigchld, "time")
        }; /proc showed their states as ${stateText} (ps: <defunct>), and still ${laterText} ${_HOLD_MS} ms later: all that time the server called no wait. Then echolab stopped it (SIGTERM), and its shutdown — echolab's, not tcpserv01's — called waitpid: it reaped ${reaped.length}, and ${goneAfter.length} vanished from /proc. ${beyond.en} Deno engine: Deno.Command child ${deno.pid} was gone from /proc ${deno.ms} ms after it was spawned, with no wait in echolab's code.`,
        zh: `${pids.length} 个子进程（${
          zh(list)
        }）在客户关闭后终止；SIGCHLD 递交 ${sigchld} 次；/proc 显示它们的状态为 ${
          zh(stateText)
        }（ps：<defunct>），${_HOLD_MS} 毫秒后仍为 ${
          zh(laterText)
        }：这段时间里服务器一次 wait 也没有调用。随后 echolab 停止了它（SIGTERM），由它的关闭流程——echolab 的，而不是 tcpserv01 的——调用 waitpid：回收了 ${reaped.length} 个，${goneAfter.length} 个从 /proc 中消失。${beyond.zh}deno 引擎：Deno.Command 子进程 ${deno.pid} 在创建后 ${deno.ms} 毫秒即从 /proc 中消失，echolab 的代码中并没有调用 wait。`,
      }),
      note: ctx.t(TEXT.note),
    };
  },
};
