/**
 * UNP §5.10, signals are not queued: tcpcli04 opens five connections and
 * closes them at once; five children end together. The server counts the
 * SIGCHLD deliveries it sees against the exits, first with one wait per
 * delivery (tcpserv03: the missed ones stay zombies), then with the
 * waitpid(-1, WNOHANG) loop (tcpserv04: none left).
 *
 * @module
 */

import { countOf, pluralOf } from "../term/words.ts";
import type { ReapPolicy } from "../echo/book_server.ts";
import { bookEngineUnsupported } from "../sys/platform.ts";
import { procState } from "../proc/proc_state.ts";
import { readExactly, writeAll } from "../sys/tcp.ts";
import { connectChildren, startBookServer, until } from "./book_fixture.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

const _CLIENTS = 5;

/** Texts of this scenario's verdict. */
const TEXT = {
  book: {
    en:
      "§5.10: five children ending at once generate five SIGCHLDs, but UNIX signals are not queued: the handler runs fewer times, often once. tcpserv03 calls wait once per call, leaving zombies; tcpserv04 loops on waitpid(-1, &stat, WNOHANG) and reaps them all.",
    zh:
      "§5.10：五个子进程几乎同时终止，产生五个 SIGCHLD，但 UNIX 信号是不排队的：信号处理函数执行的次数更少——常常只有一次。tcpserv03 每次调用处理函数只调用一次 wait，其余的子进程就成了僵尸进程；tcpserv04 循环调用 waitpid(-1, &stat, WNOHANG)，把它们全部回收。",
  },
  note: {
    en:
      "Counted through Deno's signal listener: the kernel merges a pending SIGCHLD, and the runtime merges again the deliveries that arrive before JavaScript runs. The children are C processes (cat, str_echo's loop) so that they end together, as the book's forked children do: the run prints how far apart the exits were. The deno engine is immune: its runtime waits for each child by pid, whatever the signal count.",
    zh:
      "这里通过 Deno 的信号监听器计数：内核会合并未决的 SIGCHLD，运行时又会把 JavaScript 执行之前到达的多次递交再合并一次。子进程是 C 程序（cat，即 str_echo 的循环），因此它们能像书中 fork 出的子进程一样几乎同时终止：运行结果会打印各次终止相隔多久。deno 引擎不受影响：无论信号来了几次，它的运行时都按 pid 等待每个子进程。",
  },
};

interface _Run {
  policy: ReapPolicy;
  exits: number;
  sigchld: number;
  reaped: number;
  zombies: number;
  spreadMs: number;
}

async function _run(ctx: ScenarioContext, policy: ReapPolicy): Promise<_Run> {
  const { bus, signal } = ctx;
  // tcpserv04's loop: show how each one ends (0: children still running; ECHILD: none left).
  const server = await startBookServer(ctx, policy, 16, { showLoopEnd: policy === "waitpid" });
  const { clients, pids } = await connectChildren(ctx, server, _CLIENTS);
  // tcpcli04 sends its line on the first connection only.
  const line = new TextEncoder().encode("hello\n");
  const w = await writeAll(clients.fds[0], line, { signal });
  const r = await readExactly(clients.fds[0], line.length, { signal, timeoutMs: 3000 });
  if (!w.ok || !r.ok) throw new Error("echo failed");
  bus.emit("client", "echo", { bytes: r.value.length, text: new TextDecoder().decode(r.value) });

  // EOF on stdin: exit closes all five sockets at once — five FINs.
  // Stamped before the close: the FINs it sends must not be shown before it.
  const closedAt = bus.now();
  clients.closeAll();
  bus.emit("client", "clients-closed", { count: _CLIENTS, t: closedAt });
  const exited = () => server.watch.all((e) => e.kind === "child-exited");
  await until(() => exited().length === _CLIENTS, 3000, signal);
  await new Promise((res) => setTimeout(res, 100)); // late deliveries, if any
  const exitTimes = exited().map((e) => e.t);
  const zombies = pids.filter((pid) => procState(pid)?.state === "Z").length;
  // UNP §5.10: where the book runs ps — with `wait`, the children it missed are <defunct>.
  bus.emit("scenario", "states-point", {
    ports: [server.port],
    root: Deno.pid,
    label: ctx.t({
      en: `five exits, --reap ${policy}`,
      zh: `五个子进程终止之后，--reap ${policy}`,
    }),
    topic: "states-point",
  });
  const result: _Run = {
    policy,
    exits: exited().length,
    sigchld: server.watch.all((e) => e.kind === "sigchld").length,
    reaped: server.watch.all((e) => e.kind === "reaped").length,
    zombies,
    spreadMs: exitTimes.length
      ? Math.round((Math.max(...exitTimes) - Math.min(...exitTimes)) * 10) / 10
      : 0,
  };
  bus.emit("server", "signal-count", { ...result });
  await server.stop();
  return result;
}

/**
 * The `signals-not-queued` scenario (`echolab chaos signals-not-queued`).
 *
 * @example
 * ```ts
 * const { verdict } = await runScenario(signalsNotQueued, bus, "en", new AbortController().signal);
 * ```
 */
export const signalsNotQueued: Scenario = {
  name: "signals-not-queued",
  emits: [
    "accepted",
    "child-exited",
    "child-zombie",
    "clients-closed",
    "connected",
    "echo",
    "error",
    "listening",
    "reaped",
    "returned",
    "shutdown",
    "sigchld",
    "signal-count",
    "worker",
  ],
  section: "5.10",
  title: {
    en: "five children end at once: fewer SIGCHLDs than exits; wait leaves zombies, waitpid none",
    zh: "五个子进程同时终止：SIGCHLD 少于终止数；wait 留下僵尸进程，waitpid 一个不留",
  },
  unsupported: () => bookEngineUnsupported(),
  async run(ctx) {
    const once = await _run(ctx, "wait");
    const loop = await _run(ctx, "waitpid");
    const merged = once.sigchld < once.exits;
    const asBook = merged && once.zombies > 0 && once.zombies === once.exits - once.reaped &&
      loop.zombies === 0 && loop.reaped === loop.exits;
    return {
      scenario: "signals-not-queued",
      status: asBook ? "as-book" : "differs",
      book: ctx.t(TEXT.book),
      observed: ctx.t({
        en: `wait once per SIGCHLD: ${
          countOf(once.exits, "exit")
        } within ${once.spreadMs} ms, ${once.sigchld} SIGCHLD ${
          pluralOf(once.sigchld, "delivery", "deliveries")
        }, ${once.reaped} reaped, ${
          countOf(once.zombies, "zombie")
        } left in /proc (state Z). waitpid loop: ${countOf(loop.exits, "exit")}, ${
          countOf(loop.sigchld, "delivery", "deliveries")
        }, ${loop.reaped} reaped, ${countOf(loop.zombies, "zombie")}.${
          merged ? "" : " This time every exit got its own delivery: the exits were too far apart."
        }`,
        zh:
          `每个 SIGCHLD 调用一次 wait：${once.spreadMs} 毫秒内 ${once.exits} 个子进程终止，SIGCHLD 递交 ${once.sigchld} 次，回收 ${once.reaped} 个，/proc 中留下 ${once.zombies} 个僵尸进程（状态 Z）。waitpid 循环：${loop.exits} 个终止，递交 ${loop.sigchld} 次，回收 ${loop.reaped} 个，僵尸进程 ${loop.zombies} 个。${
            merged ? "" : "这一次每个终止都得到了单独的递交：各子进程终止的时间相隔太远。"
          }`,
      }),
      note: ctx.t(TEXT.note),
    };
  },
};
