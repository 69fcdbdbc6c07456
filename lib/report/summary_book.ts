/**
 * One-line summaries, in English and Chinese, for the book engine's and the
 * chaos scenarios' event kinds (merged into summary.ts's table).
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";
import type { Bilingual } from "../lang.ts";
import { countOf, zhWord } from "../term/words.ts";

const _engine = (e: EchoEvent): Bilingual =>
  e.engine ? { en: ` [${e.engine} engine]`, zh: ` [${e.engine} 引擎]` } : { en: "", zh: "" };

/** The call with its arguments when the event names them: waitpid(-1, WNOHANG). */
const _call = (e: EchoEvent): string => e.args ? `${e.op}(${e.args})` : String(e.op);

/** How a handler is named; a witness (libc's umask(), eintr: it marks that it ran) is a no-op. */
const _handler = (e: EchoEvent): Bilingual =>
  e.witness
    ? { en: `no-op handler (libc ${e.handler})`, zh: `空操作处理函数（libc 的 ${e.handler}）` }
    : { en: `handler ${e.handler}`, zh: `处理函数 ${e.handler}` };

/** Children /proc showed still running when a wait call returned. */
const _running = (e: EchoEvent): Bilingual =>
  Array.isArray(e.running) && e.running.length > 0
    ? {
      en: `: child ${e.running.join(", ")} still running`,
      zh: `：子进程 ${e.running.join("、")} 仍在运行`,
    }
    : { en: "", zh: "" };

/**
 * Formats keyed by event kind: each gives the line in both languages.
 *
 * @example
 * ```ts
 * BOOK_FORMATS["signal-count"]({ t: 0, actor: "server", kind: "signal-count", policy: "wait", exits: 5, sigchld: 1, reaped: 1, zombies: 4 }).en;
 * // "--reap wait: 5 exits, 1 SIGCHLD, 1 reaped, 4 zombies left"
 * ```
 */
export const BOOK_FORMATS: Record<string, (e: EchoEvent) => Bilingual> = {
  worker: (e) =>
    e.worker === "clone"
      ? {
        en:
          `worker clone: each child is cloned without exec and runs str_echo on its connected socket${
            e.note ? ` (${e.note})` : ""
          }`,
        zh: `工作进程 clone：每个子进程由 clone 产生、不 exec，在已连接套接字上运行 str_echo${
          e.note ? `（${e.note}）` : ""
        }`,
      }
      : {
        en: `worker ${e.worker}: each child execs ${e.program} on its connected socket${
          e.note ? ` (${e.note})` : ""
        }`,
        zh: `工作进程 ${e.worker}：每个子进程在已连接套接字上执行 ${e.program}${
          e.note ? `（${e.note}）` : ""
        }`,
      },
  "proc-state": (e) =>
    e.state === "gone"
      ? { en: `/proc/${e.pid}: gone (reaped)`, zh: `/proc/${e.pid}：已消失（已被回收）` }
      : {
        en: `/proc/${e.pid}/stat: state ${e.state}, parent ${e.ppid}, ${e.comm}`,
        zh: `/proc/${e.pid}/stat：状态 ${e.state}，父进程 ${e.ppid}，${e.comm}`,
      },
  "clients-closed": (e) => ({
    en: `closed ${countOf(e.count, "socket")} at once: ${countOf(e.count, "FIN")}`,
    zh: `一次关闭了 ${e.count} 个套接字：${e.count} 个 FIN`,
  }),
  "runtime-reaped": (e) => ({
    en: `child ${e.pid} reaped by the runtime, gone ${e.ms} ms after spawn`,
    zh: `子进程 ${e.pid} 被运行时回收，创建后 ${e.ms} ms 即已消失`,
  }),
  // witness: the handler is a libc function echolab installs to learn that it ran (eintr).
  sigaction: (e) => ({
    en: `sigaction(${e.signal}): ${_handler(e).en}, sa_flags ${e.flags}`,
    zh: `sigaction(${e.signal})：${_handler(e).zh}，sa_flags ${e.flags}`,
  }),
  "thread-blocked": (e) => ({
    en: `thread ${e.tid} blocked in ${e.op} (state ${e.state}, wchan ${e.wchan})`,
    zh: `线程 ${e.tid} 阻塞于 ${e.op}（状态 ${e.state}，wchan ${e.wchan}）`,
  }),
  "signal-sent": (e) => ({
    en: `${e.signal} aimed at thread ${e.tid} in ${e.ms} ms (${e.via})`,
    zh: `${e.signal} 定于 ${e.ms} ms 后发给线程 ${e.tid}（${e.via}）`,
  }),
  "handler-ran": (e) =>
    e.ran
      ? { en: `${e.signal} caught: the handler ran`, zh: `${e.signal} 已被捕获：处理函数执行了` }
      : { en: `${e.signal}: no handler run`, zh: `${e.signal}：没有执行处理函数` },
  returned: (e) => ({
    en: `${_call(e)} returned ${e.value}${e.peer ? ` (peer ${e.peer})` : ""}${
      e.ms !== undefined ? ` after ${e.ms} ms` : ""
    }${_running(e).en}${_engine(e).en}`,
    zh: `${_call(e)} 返回 ${e.value}${e.peer ? `（对端 ${e.peer}）` : ""}${
      e.ms !== undefined ? `，用时 ${e.ms} ms` : ""
    }${_running(e).zh}${_engine(e).zh}`,
  }),
  "glibc-signal": (e) => ({
    en: `signal(${e.signal}, ${e.handler}) [glibc]: sigaction reads back sa_flags ${e.flags}`,
    zh: `signal(${e.signal}, ${e.handler})（glibc）：sigaction 读回的 sa_flags 为 ${e.flags}`,
  }),
  "kernel-reaped": (e) =>
    e.gone
      ? {
        en: `kernel reaped child ${e.pid} (${e.how}): ${
          e.zombie ? "seen as Z" : "no state Z"
        } in ${e.looks} looks; waitid: ${e.waitid}`,
        zh: `子进程 ${e.pid} 被内核回收（${e.how}）：查看 ${e.looks} 次，${
          e.zombie ? "曾出现状态 Z" : "从未出现状态 Z"
        }，waitid：${e.waitid}`,
      }
      : {
        en: `child ${e.pid} (${e.how}): still in /proc after ${e.looks} looks`,
        zh: `子进程 ${e.pid}（${e.how}）：查看 ${e.looks} 次后仍在 /proc 中`,
      },
  restarted: (e) =>
    e.blocked
      ? {
        en: `${e.op} restarted: thread ${e.tid} back in ${e.wchan}`,
        zh: `${e.op} 自动重启：线程 ${e.tid} 重新阻塞于 ${e.wchan}`,
      }
      : {
        en: `${e.op} not blocked any more (wchan ${e.wchan})`,
        zh: `${e.op} 不再阻塞（wchan ${e.wchan}）`,
      },
  "backlog-full": (e) => ({
    en:
      `listen(fd, ${e.backlog}) on port ${e.port}: ${e.queued} connection queued, the queue is full`,
    zh: `端口 ${e.port} 上的 listen(fd, ${e.backlog})：${e.queued} 个连接在排队，队列已满`,
  }),
  // "Deno's" names the engine: no [deno engine] mark needed.
  "runtime-retried": (e) => ({
    en: `${e.signal} (${_flags(e.saFlags)}) delivered ${e.delivered}×: Deno's ${e.op} ${
      e.pending ? "still pending" : "returned"
    }`,
    zh: `${e.signal}（${_flags(e.saFlags)}）递交了 ${e.delivered} 次：Deno 的 ${e.op} ${
      e.pending ? "仍在等待" : "返回了"
    }`,
  }),
  spawned: (e) => ({
    en: `posix_spawn ${e.program} (pid ${e.pid}): stdout = ${e.stdout}, SIGPIPE ${e.sigpipe}`,
    zh: `posix_spawn ${e.program}（pid ${e.pid}）：stdout = ${zhWord(e.stdout)}，SIGPIPE 处置：${
      zhWord(e.sigpipe)
    }`,
  }),
  "process-ended": (e) =>
    e.signal
      ? {
        en: `pid ${e.pid} killed by ${e.signal} (shell status ${e.shellStatus})`,
        zh: `pid ${e.pid} 被 ${e.signal} 杀死（shell 状态 ${e.shellStatus}）`,
      }
      : {
        en: `pid ${e.pid} exited with code ${e.code}`,
        zh: `pid ${e.pid} 退出，退出码 ${e.code}`,
      },
  disposition: (e) => ({
    en: `${e.signal}: disposition ${e.action}${_engine(e).en}`,
    zh: `${e.signal}：处置为${zhWord(e.action)}${_engine(e).zh}`,
  }),
  "rst-sent": (e) => ({
    en: `close with SO_LINGER ${e.linger}: RST from ${e.local}`,
    zh: `以 SO_LINGER ${e.linger} 关闭：从 ${e.local} 发出 RST`,
  }),
  "peer-closed": (e) => ({
    en: `the server closed its end: FIN${_engine(e).en}`,
    zh: `服务器关闭了它这一端：FIN${_engine(e).zh}`,
  }),
  "signal-count": (e) => ({
    en: `--reap ${e.policy}: ${
      countOf(e.exits, "exit")
    }, ${e.sigchld} SIGCHLD, ${e.reaped} reaped, ${countOf(e.zombies, "zombie")} left`,
    zh:
      `--reap ${e.policy}：${e.exits} 个子进程终止，${e.sigchld} 次 SIGCHLD，${e.reaped} 个被回收，剩下 ${e.zombies} 个僵尸进程`,
  }),
  "sum-request": (e) =>
    e.encoding === "text"
      ? {
        en: `server read ${JSON.stringify(e.read)}, replies ${JSON.stringify(e.reply)}`,
        zh: `服务器读到 ${JSON.stringify(e.read)}，回复 ${JSON.stringify(e.reply)}`,
      }
      : {
        en: `server (${e.layout}) read [${e.bytes}] as ${
          (e.args as string[]).join(" + ")
        } = ${e.sum}`,
        zh: `服务器（${e.layout}）把 [${e.bytes}] 读作 ${
          (e.args as string[]).join(" + ")
        } = ${e.sum}`,
      },
  sum: (e) =>
    e.encoding === "text"
      ? {
        en: `client sent ${JSON.stringify(e.sent)}, got ${e.result} (expected ${e.expected})`,
        zh: `客户发送 ${JSON.stringify(e.sent)}，得到 ${e.result}（预期 ${e.expected}）`,
      }
      : {
        en: `client (${e.client}) got ${e.result} (expected ${e.expected})`,
        zh: `客户（${e.client}）得到 ${e.result}（预期 ${e.expected}）`,
      },
};

/** sa_flags by name (`SA_RESTART|SA_SIGINFO`), or `sa_flags 0` when there is none. */
function _flags(v: unknown): string {
  return v === "0" || v === 0 ? "sa_flags 0" : String(v);
}
