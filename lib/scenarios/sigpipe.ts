/**
 * UNP §5.13, SIGPIPE: writing to a socket that has received an RST. The
 * server side closes; the client writes once (fine — it elicits the RST),
 * then writes again:
 *
 * - in Deno (which ignores SIGPIPE) the second write fails with EPIPE;
 * - a real process with SIGPIPE's default disposition — `sh`, started by
 *   posix_spawn with the socket as its stdout and SIGPIPE reset to default
 *   — is killed by SIGPIPE: wait status "signal 13", shell status 141;
 * - the same process started without the reset inherits Deno's "ignore",
 *   sees EPIPE and lives on.
 *
 * @module
 */

import { kill } from "../sys/kill.ts";
import { readProcFile } from "../proc/proc_file.ts";
import { bookEngineUnsupported } from "../sys/platform.ts";
import { disposition } from "../sys/sigaction.ts";
import { shellStatusFor } from "../sys/signals.ts";
import { close } from "../sys/socket.ts";
import { posixSpawn } from "../sys/spawn.ts";
import { acceptNext, tcpConnect, tcpListen } from "../sys/tcp.ts";
import { type ChildStatus, waitpid } from "../sys/wait.ts";
import { until } from "./book_fixture.ts";
import { closeLater, tryWrite } from "./deno_io.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

/** Two writes with a pause between them: time for the RST to come back. */
const _WRITER = "printf 'first line\\n'; sleep 0.1; printf 'second line\\n'; exit $?";

/** Texts of this scenario's verdict. */
const TEXT = {
  book: {
    en:
      "§5.13: when a process writes to a socket that has received an RST, the kernel sends it SIGPIPE, whose default action terminates the process — silently. If the process catches or ignores the signal, the write returns EPIPE. The first write after the peer closed is fine: it is what elicits the RST.",
    zh:
      "§5.13：当进程向已收到 RST 的套接字写数据时，内核向它发送 SIGPIPE 信号，该信号的默认行为是终止进程，而且悄无声息。若进程捕获或忽略该信号，写操作返回 EPIPE。对端关闭后的第一次写是没问题的：正是它引出了 RST。",
  },
  note: {
    en:
      "Linux behaves as the book here because the RST met the socket in CLOSE_WAIT (the peer's FIN came first): Linux recorded EPIPE as the pending error, so the next write raised SIGPIPE (tcp_reset, sk_stream_error). Had the RST met an ESTABLISHED socket, the first write after it would have failed with ECONNRESET and no SIGPIPE, and only the next one raised it. Deno's runtime ignores SIGPIPE, so a Deno program only ever sees EPIPE — and an ignored signal stays ignored across exec: a child a Deno program starts inherits the \"ignore\" unless the spawn resets it (POSIX_SPAWN_SETSIGDEF), as the book engine does for its server children.",
    zh:
      "Linux 在这里与书中一致，因为 RST 到达时套接字处于 CLOSE_WAIT（对端的 FIN 先到）：Linux 把 EPIPE 记为待处理错误，所以下一次写引发 SIGPIPE（tcp_reset、sk_stream_error）。如果 RST 遇到的是 ESTABLISHED 的套接字，它之后的第一次写会以 ECONNRESET 失败且没有 SIGPIPE，再下一次写才引发 SIGPIPE。Deno 运行时忽略 SIGPIPE，因此 Deno 程序只会看到 EPIPE——而且被忽略的信号在 exec 之后仍被忽略：Deno 程序启动的子进程会继承这个“忽略”，除非创建时把它重置（POSIX_SPAWN_SETSIGDEF），book 引擎为它的服务器子进程就是这样做的。",
  },
};

/** Deno: two writes after the server closed. */
async function _deno(ctx: ScenarioContext): Promise<{ first?: string; second?: string }> {
  const { bus } = ctx;
  const listener = closeLater(ctx, Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  const client = closeLater(
    ctx,
    await Deno.connect({ hostname: "127.0.0.1", port: (listener.addr as Deno.NetAddr).port }),
  );
  const how = disposition("SIGPIPE");
  bus.emit("client", "disposition", {
    signal: "SIGPIPE",
    action: how.ok ? how.value.action : how.errno,
    engine: "deno",
  });
  (await listener.accept()).close(); // the server's end closes: FIN
  bus.emit("server", "peer-closed", { engine: "deno" });
  const line = new TextEncoder().encode("first line\n");
  const first = await tryWrite(client, line);
  bus.emit(
    "client",
    first ? "error" : "write",
    first ? { op: "write", errno: first, engine: "deno" } : {
      op: "write",
      bytes: line.length,
      engine: "deno",
      topic: "write-after-fin",
    },
  );
  await new Promise((r) => setTimeout(r, 50)); // the RST comes back
  const second = await tryWrite(client, line);
  bus.emit(
    "client",
    second ? "error" : "write",
    second
      ? { op: "write", errno: second, engine: "deno" }
      : { op: "write", bytes: line.length, engine: "deno" },
  );
  return { first, second };
}

/** A real sh writing twice to a socket whose peer closed; SIGPIPE default or inherited. */
async function _process(ctx: ScenarioContext, reset: boolean): Promise<ChildStatus | undefined> {
  const { bus, signal } = ctx;
  const l = tcpListen("127.0.0.1", 0, 5);
  if (!l.ok) throw new Error(`${l.call}: ${l.errno}`);
  ctx.defer(() => void close(l.value.fd));
  const c = await tcpConnect("127.0.0.1", l.value.addr.port, { signal, timeoutMs: 3000 });
  if (!c.ok) throw new Error(`${c.call}: ${c.errno}`);
  let clientOpen = true;
  const closeClient = () => {
    if (clientOpen) close(c.value);
    clientOpen = false;
  };
  ctx.defer(closeClient);
  const a = await acceptNext(l.value.fd, { signal, timeoutMs: 3000 });
  if (!a.ok) throw new Error(`${a.call}: ${a.errno}`);
  close(a.value.fd); // the server's end closes: FIN now, RST for any data that arrives
  bus.emit("server", "peer-closed", { engine: "book" });

  const spawned = posixSpawn({
    program: "sh",
    argv: ["sh", "-c", _WRITER],
    newProcessGroup: true, // so the teardown reaches its sleep too
    fileActions: [{ open: [0, "/dev/null"] }, { dup2: [c.value, 1] }, { open: [2, "/dev/null"] }],
    defaultSignals: reset ? ["SIGPIPE"] : [],
  });
  closeClient(); // the socket lives on as the child's stdout
  if (!spawned.ok) throw new Error(`${spawned.call}: ${spawned.errno}`);
  const pid = spawned.value;
  let status: ChildStatus | undefined;
  ctx.defer(async () => {
    if (!status) await _endChild(pid);
  });
  bus.emit("client", "spawned", {
    pid,
    program: "sh",
    stdout: "socket",
    sigpipe: reset ? "default" : "ignored (inherited)",
  });
  await until(
    () => {
      const r = waitpid(pid, { nohang: true });
      if (r.ok && r.value) status = r.value;
      return status !== undefined || !r.ok;
    },
    3000,
    signal,
  );
  if (status) {
    bus.emit("client", "process-ended", {
      pid,
      ...(status.end.signal
        ? {
          signal: status.end.signal,
          shellStatus: shellStatusFor(status.end.signal),
          topic: status.end.signal,
        }
        : { code: status.end.code }),
      sigpipe: reset ? "default" : "ignored (inherited)",
    });
  }
  return status;
}

/**
 * Teardown for a child that did not end (Ctrl-C mid-run): end the shell's
 * own children first, so the shell reaps them — killed together they would
 * be orphans left for init to reap — then the whole process group, and reap.
 */
async function _endChild(pid: number): Promise<void> {
  const children = (readProcFile(`/proc/${pid}/task/${pid}/children`) ?? "").trim();
  for (const child of children.split(/\s+/).filter(Boolean)) kill(Number(child), "SIGKILL");
  for (let i = 0; i < 50; i++) {
    const r = waitpid(pid, { nohang: true });
    if (!r.ok || r.value) return; // reaped (its sleep reaped by it)
    const left = (readProcFile(`/proc/${pid}/task/${pid}/children`) ?? "").trim();
    if (!left) break;
    await new Promise((res) => setTimeout(res, 10));
  }
  kill(-pid, "SIGKILL"); // ESRCH when all of it is gone already
  waitpid(pid);
}

function _describe(s: ChildStatus | undefined, lang: "en" | "zh"): string {
  if (!s) return lang === "en" ? "did not end within 3 s" : "3 秒内没有结束";
  if (s.end.signal) {
    return lang === "en"
      ? `was killed by ${s.end.signal} (shell status ${shellStatusFor(s.end.signal)})`
      : `被 ${s.end.signal} 杀死（shell 状态 ${shellStatusFor(s.end.signal)}）`;
  }
  return lang === "en"
    ? `survived the second write and exited with code ${s.end.code} (its printf failed instead)`
    : `在第二次写之后仍然存活，以退出码 ${s.end.code} 退出（它的 printf 返回了失败）`;
}

/**
 * The `sigpipe` scenario (`echolab chaos sigpipe`).
 *
 * @example
 * ```ts
 * const { verdict } = await runScenario(sigpipe, bus, "en", new AbortController().signal);
 * ```
 */
export const sigpipe: Scenario = {
  name: "sigpipe",
  emits: ["disposition", "error", "peer-closed", "process-ended", "spawned", "write"],
  section: "5.13",
  title: {
    en: "write after an RST: EPIPE in Deno, death by SIGPIPE (status 141) for a real process",
    zh: "收到 RST 后再写：Deno 中得到 EPIPE，真实进程被 SIGPIPE 杀死（状态 141）",
  },
  unsupported: () => bookEngineUnsupported(),
  async run(ctx) {
    const deno = await _deno(ctx);
    const killed = await _process(ctx, true);
    const ignored = await _process(ctx, false);
    const asBook = deno.first === undefined && deno.second === "EPIPE" &&
      killed?.end.signal === "SIGPIPE" && ignored?.end.code !== undefined;
    return {
      scenario: "sigpipe",
      status: asBook ? "as-book" : "differs",
      book: ctx.t(TEXT.book),
      observed: ctx.t({
        en: `Deno: the first write ${
          deno.first ? `failed with ${deno.first}` : "succeeded"
        }, the second ${
          deno.second ? `failed with ${deno.second}` : "succeeded"
        }. sh with SIGPIPE at its default ${
          _describe(killed, "en")
        }. sh inheriting Deno's ignored SIGPIPE ${_describe(ignored, "en")}.`,
        zh: `Deno：第一次写${deno.first ? `以 ${deno.first} 失败` : "成功"}，第二次写${
          deno.second ? `以 ${deno.second} 失败` : "成功"
        }。SIGPIPE 为默认处置的 sh ${_describe(killed, "zh")}。继承了 Deno 忽略 SIGPIPE 的 sh ${
          _describe(ignored, "zh")
        }。`,
      }),
      note: ctx.t(TEXT.note),
    };
  },
};
