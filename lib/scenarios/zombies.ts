/**
 * UNP §5.7–5.9, zombies: a server that never waits (tcpserv01). Three
 * clients come and go; their children end, SIGCHLD arrives, and the kernel
 * keeps each child as a zombie — state Z in /proc, `<defunct>` in ps —
 * until the server finally calls waitpid. Beside it, the deno engine: the
 * runtime reaps its child without being asked.
 *
 * @module
 */

import { countOf } from "../term/words.ts";
import { procState } from "../proc/proc_state.ts";
import { bookEngineUnsupported } from "../sys/platform.ts";
import { readExactly, writeAll } from "../sys/tcp.ts";
import { connectChildren, startBookServer, until } from "./book_fixture.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

const _CLIENTS = 3;
/** How long the server goes on without waiting before the second look at /proc. */
const _HOLD_MS = 400;
const _enc = new TextEncoder();

/** Texts of this scenario's verdict. */
const TEXT = {
  book: {
    en:
      "§5.7–5.9: when a child terminates, the kernel sends SIGCHLD to the parent and keeps the child as a zombie — its pid and termination status — until the parent calls wait or waitpid. tcpserv01 never waits, so ps shows its children as <defunct> (state Z); a server must catch SIGCHLD and wait for its children.",
    zh:
      "§5.7–5.9：子进程终止时，内核向父进程发送 SIGCHLD，并把子进程保留为僵尸进程（保留其 pid 和终止状态），直到父进程调用 wait 或 waitpid。tcpserv01 从不等待，因此 ps 显示它的子进程为 <defunct>（状态 Z）；服务器必须捕获 SIGCHLD 并等待其子进程。",
  },
  note: {
    en:
      "Linux behaves as the book: zombies are real kernel objects holding a pid each. Here the book engine runs cat as each child's str_echo, as with --worker cat: the children are started with posix_spawn, which Deno's runtime does not track (serve's default worker on x86_64, clone, makes children the runtime knows nothing of either); the deno engine can never show a zombie, because the runtime calls waitpid for every child it spawns.",
    zh:
      "Linux 与书中一致：僵尸进程是真实的内核对象，每个都占用一个 pid。这里 book 引擎让每个子进程运行 cat 作为 str_echo，与 --worker cat 相同：子进程由 posix_spawn 创建，Deno 运行时并不跟踪它们（serve 在 x86_64 上默认的 clone 工作进程，运行时同样不知道）；deno 引擎则永远看不到僵尸进程，因为运行时会为它创建的每个子进程调用 waitpid。",
  },
};

/** Spawn a child with Deno.Command, never wait for it ourselves, and watch /proc. */
async function _denoReaps(ctx: ScenarioContext): Promise<{ pid: number; ms: number }> {
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
    "proc-state",
    "reaped",
    "runtime-reaped",
    "shutdown",
    "sigchld",
    "worker",
  ],
  section: "5.7",
  title: {
    en: "a server that never waits: real zombies (state Z) in /proc, then reaped",
    zh: "从不等待的服务器：/proc 中真实的僵尸进程（状态 Z），随后被回收",
  },
  unsupported: () => bookEngineUnsupported(),
  async run(ctx) {
    const { bus, signal } = ctx;
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
    clients.closeAll();
    bus.emit("client", "clients-closed", { count: _CLIENTS });
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

    const deno = await _denoReaps(ctx);

    const allZombies = [...states, ...later].every((s) => s?.state === "Z" && s.ppid === Deno.pid);
    const asBook = allZombies && goneAfter.length === pids.length &&
      reaped.length === pids.length;
    const list = pids.join(", ");
    const stateText = states.map((s) => s?.state ?? "gone").join(", ");
    const laterText = later.map((s) => s?.state ?? "gone").join(", ");
    const zh = (text: string) => text.replaceAll(", ", "、"); // a Chinese list: 、
    return {
      scenario: "zombies",
      status: asBook ? "as-book" : "differs",
      book: ctx.t(TEXT.book),
      observed: ctx.t({
        en: `${pids.length} children (${list}) ended when their clients closed; SIGCHLD arrived ${
          countOf(sigchld, "time")
        }; /proc showed their states as ${stateText} (ps: <defunct>), and still ${laterText} ${_HOLD_MS} ms later, while the server did not wait. waitpid reaped ${reaped.length} and ${goneAfter.length} vanished from /proc. Deno engine: Deno.Command child ${deno.pid} was gone from /proc ${deno.ms} ms after it was spawned, with no wait in echolab's code.`,
        zh: `${pids.length} 个子进程（${
          zh(list)
        }）在客户关闭后终止；SIGCHLD 递交 ${sigchld} 次；服务器不等待时，/proc 显示它们的状态为 ${
          zh(stateText)
        }（ps：<defunct>），${_HOLD_MS} 毫秒后仍为 ${
          zh(laterText)
        }。waitpid 回收了 ${reaped.length} 个，${goneAfter.length} 个从 /proc 中消失。deno 引擎：Deno.Command 子进程 ${deno.pid} 在创建后 ${deno.ms} 毫秒即从 /proc 中消失，echolab 的代码中并没有调用 wait。`,
      }),
      note: ctx.t(TEXT.note),
    };
  },
};
