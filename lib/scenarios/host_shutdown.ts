/**
 * UNP §5.16, shutdown of the server host: the host's init sends SIGTERM to
 * every process, SIGKILL to the survivors after a grace period, and powers
 * off. The server's sockets are closed on the way, so a FIN reaches the idle
 * client — which notices only when it next reads or writes.
 *
 * @module
 */

import { routerSays } from "./router_words.ts";
import type { Verdict } from "../events.ts";
import { describeWrite, secs } from "../lab/describe.ts";
import { echoedConnection, statesAtFirst } from "./crash_fixture.ts";
import { shutdownHost } from "../lab/host_faults.ts";
import { type LabRunContext, type LabScenario, labScenario } from "./lab_scenario.ts";
import { countOf } from "../term/words.ts";

/** Grace period between SIGTERM and SIGKILL (the book: 5 to 20 s). */
const _GRACE_MS = 1000;
/** How long the client stays busy elsewhere after the shutdown, before it uses the socket. */
const _IDLE_MS = 300;

const TEXT = {
  book: {
    en:
      "§5.16: when the server host is shut down, init sends SIGTERM to all processes, waits 5 to 20 seconds, then sends SIGKILL to any still running. The server process is terminated (SIGTERM's default action, or it catches it and exits), all its open descriptors are closed, and the same steps as in §5.12 follow: a FIN goes to the client, which does not notice until it next reads or writes — so the client must use select or poll to notice at once.",
    zh:
      "§5.16：关闭服务器主机时，init 向所有进程发送 SIGTERM，等待 5 到 20 秒，然后向仍在运行的进程发送 SIGKILL。服务器进程被终止（SIGTERM 的默认动作，或它捕获该信号后自行退出），它打开的所有描述符都被关闭，随后的步骤与 §5.12 相同：FIN 发往客户，而客户要到下次读写时才会察觉——因此客户必须使用 select 或 poll 才能立即察觉。",
  },
};

async function _inLab(ctx: LabRunContext): Promise<Verdict> {
  const { bus, lab } = ctx;
  const { client, obs } = await echoedConnection(ctx);
  obs.mark();
  obs.start();
  // UNP §5.16: the FIN from the killed server leaves the idle client in CLOSE_WAIT.
  statesAtFirst(ctx, (e) => e.kind === "tcp-state" && e.to === "CLOSE_WAIT", {
    en: "the server's FIN arrived: the client sits in CLOSE_WAIT",
    zh: "服务器的 FIN 已到：客户处于 CLOSE_WAIT",
  });

  const steps = await shutdownHost(lab.server, bus, _GRACE_MS);
  // The client was busy elsewhere (in fgets, in the book); only now does it use the socket.
  await new Promise((r) => setTimeout(r, _IDLE_MS));
  const stateBefore = (await obs.row())?.state ?? "CLOSED";
  const wrote = await client.write("still there?\n");
  const outcome = await client.read();
  await obs.stop();

  const serverEvents = lab.server.serverEvents;
  const serverExit = serverEvents.find((e) => e.kind === "shutdown");
  const finAt = obs.states.find((s) => s.state === "CLOSE_WAIT")?.atMs;
  const readText = outcome.kind === "eof"
    ? { en: "returned EOF (0)", zh: "返回 EOF（0）" }
    : outcome.kind === "error"
    ? { en: `failed with ${outcome.errno}`, zh: `以 ${outcome.errno} 失败` }
    : { en: `returned ${outcome.kind}`, zh: `返回 ${outcome.kind}` };
  const asBook = steps.termed.length > 0 && finAt !== undefined &&
    stateBefore === "CLOSE_WAIT" && outcome.kind === "eof";
  const serverText = serverExit
    ? {
      en: `echolab serve caught SIGTERM, ended its ${
        countOf(serverExit.children, "child")
      } and exited ${serverExit.exit}`,
      zh:
        `echolab serve 捕获了 SIGTERM，结束了它的 ${serverExit.children} 个子进程，以 ${serverExit.exit} 退出`,
    }
    : { en: "the server did not report its exit", zh: "服务器没有报告它的退出" };
  const observed = ctx.t({
    en: `The server host's init sent SIGTERM to ${
      countOf(steps.termed.length, "process")
    }; ${serverText.en}; ${
      steps.killed.length
        ? `${steps.killed.length} were still alive after ${_GRACE_MS} ms and got SIGKILL`
        : `all were gone after ${steps.waitedMs} ms, so no SIGKILL was needed`
    }; then the host powered off. ${
      finAt !== undefined
        ? `While the client did nothing, echolab noticed its TCP in CLOSE_WAIT — the FIN had arrived — ${
          secs(finAt)
        } after the shutdown began (polling /proc/net/tcp: the FIN came at or before that).`
        : "The client's TCP was never seen in CLOSE_WAIT."
    } ${_IDLE_MS} ms later the client wrote: the write ${
      describeWrite(wrote).en
    }, and the read ${readText.en}.`,
    zh: `服务器主机的 init 向 ${steps.termed.length} 个进程发送了 SIGTERM；${serverText.zh}；${
      steps.killed.length
        ? `${_GRACE_MS} 毫秒后仍有 ${steps.killed.length} 个进程存活，收到 SIGKILL`
        : `${steps.waitedMs} 毫秒后全部终止，无需 SIGKILL`
    }；随后主机关闭电源。${
      finAt !== undefined
        ? `客户什么也没做时，echolab 在关机开始后 ${
          secs(finAt, "zh")
        }观察到它的 TCP 处于 CLOSE_WAIT——FIN 已经到达（轮询 /proc/net/tcp 所见：FIN 在此时或更早到达）`
        : "始终没有观察到客户的 TCP 进入 CLOSE_WAIT"
    }。${_IDLE_MS} 毫秒后客户写数据：写${describeWrite(wrote).zh}，读${readText.zh}。`,
  });
  const note = ctx.t({
    en:
      `As the book says, the FIN sat in the client's socket until the client used it. The write still succeeded — a FIN only says the peer will send no more — but no RST came back as in §5.12, because the host was already off; the read returned EOF at once: "server terminated prematurely". The lab's grace period is ${_GRACE_MS} ms; today's systemd waits up to 90 s per service (DefaultTimeoutStopSec). The lab's init is PID 1 of the server host's PID namespace: kill(-1, SIGTERM) there reaches every process of that host and nothing else.`,
    zh:
      `正如书中所说，FIN 一直留在客户的套接字里，直到客户使用它。写操作仍然成功——FIN 只表示对端不再发送数据——但没有像 §5.12 那样收到 RST，因为主机已经关闭；读操作立即返回 EOF：“server terminated prematurely”。实验室的宽限时间是 ${_GRACE_MS} 毫秒；如今的 systemd 对每个服务最多等待 90 秒（DefaultTimeoutStopSec）。实验室的 init 是服务器主机 PID 命名空间中的 1 号进程：在那里执行 kill(-1, SIGTERM) 会发给该主机的每个进程，而不影响其他进程。`,
  });
  return {
    scenario: "host-shutdown",
    status: asBook ? "as-book" : "differs",
    book: ctx.t(TEXT.book),
    observed: observed + routerSays(ctx),
    note,
  };
}

/**
 * The `host-shutdown` scenario.
 *
 * @example
 * ```ts
 * await runScenario(hostShutdown, bus, "en", new AbortController().signal);
 * ```
 */
export const hostShutdown: LabScenario = labScenario({
  name: "host-shutdown",
  emits: [
    "accepted",
    "child-exited",
    "connected",
    "echo",
    "eof",
    "host-off",
    "init-sigterm",
    "listening",
    "reaped",
    "shutdown",
    "sigchld",
    "tcp-state",
    "worker",
    "write",
  ],
  section: "5.16",
  title: {
    en: "the server host shuts down: SIGTERM to all, FIN, the idle client notices at its next read",
    zh: "服务器主机关机：向所有进程发 SIGTERM，FIN，空闲的客户在下次读时察觉",
  },
  timeoutMs: 10_000,
  sysctls: {},
  inLab: _inLab,
});
