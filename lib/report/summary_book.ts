/**
 * One-line summaries for the book engine's and the chaos scenarios' event
 * kinds (merged into summary.ts's table).
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";

const _engine = (e: EchoEvent) => (e.engine ? ` [${e.engine} engine]` : "");

/**
 * Formats keyed by event kind.
 *
 * @example
 * ```ts
 * BOOK_FORMATS["signal-count"]({ t: 0, actor: "server", kind: "signal-count", policy: "wait", exits: 5, sigchld: 1, reaped: 1, zombies: 4 });
 * // "--reap wait: 5 exits, 1 SIGCHLD, 1 reaped, 4 zombies left"
 * ```
 */
export const BOOK_FORMATS: Record<string, (e: EchoEvent) => string> = {
  worker: (e) =>
    `worker ${e.worker}: each child execs ${e.program} on its connected socket${
      e.note ? ` (${e.note})` : ""
    }`,
  "proc-state": (e) =>
    e.state === "gone"
      ? `/proc/${e.pid}: gone (reaped)`
      : `/proc/${e.pid}/stat: state ${e.state}, parent ${e.ppid}, ${e.comm}`,
  "clients-closed": (e) => `closed ${e.count} sockets at once: ${e.count} FINs`,
  "runtime-reaped": (e) => `child ${e.pid} reaped by the runtime, gone ${e.ms} ms after spawn`,
  sigaction: (e) => `sigaction(${e.signal}): handler ${e.handler}, sa_flags ${e.flags}`,
  "thread-blocked": (e) =>
    `thread ${e.tid} blocked in ${e.op} (state ${e.state}, wchan ${e.wchan})`,
  "signal-sent": (e) => `${e.signal} aimed at thread ${e.tid} in ${e.ms} ms (${e.via})`,
  "handler-ran": (e) =>
    e.ran ? `${e.signal} caught: the handler ran` : `${e.signal}: no handler run`,
  returned: (e) =>
    `${e.op} returned ${e.value}${e.peer ? ` (peer ${e.peer})` : ""}${
      e.ms !== undefined ? ` after ${e.ms} ms` : ""
    }${_engine(e)}`,
  restarted: (e) =>
    e.blocked
      ? `${e.op} restarted: thread ${e.tid} back in ${e.wchan}`
      : `${e.op} not blocked any more (wchan ${e.wchan})`,
  "backlog-full": (e) =>
    `listen(fd, ${e.backlog}) on port ${e.port}: ${e.queued} connection queued, the queue is full`,
  "runtime-retried": (e) =>
    `${e.signal} (sa_flags ${e.saFlags}) delivered ${e.delivered}×; Deno's ${e.op} ${
      e.pending ? "still pending" : "returned"
    }${_engine(e)}`,
  spawned: (e) =>
    `posix_spawn ${e.program} (pid ${e.pid}): stdout = ${e.stdout}, SIGPIPE ${e.sigpipe}`,
  "process-ended": (e) =>
    e.signal
      ? `pid ${e.pid} killed by ${e.signal} (shell status ${e.shellStatus})`
      : `pid ${e.pid} exited with code ${e.code}`,
  disposition: (e) => `${e.signal}: disposition ${e.action}${_engine(e)}`,
  "rst-sent": (e) => `close with SO_LINGER ${e.linger}: RST from ${e.local}`,
  "peer-closed": (e) => `the server closed its end: FIN${_engine(e)}`,
  "signal-count": (e) =>
    `--reap ${e.policy}: ${e.exits} exits, ${e.sigchld} SIGCHLD, ${e.reaped} reaped, ${e.zombies} zombies left`,
  "sum-request": (e) =>
    e.encoding === "text"
      ? `server read ${JSON.stringify(e.read)}, replies ${JSON.stringify(e.reply)}`
      : `server (${e.layout}) read [${e.bytes}] as ${(e.args as string[]).join(" + ")} = ${e.sum}`,
  sum: (e) =>
    e.encoding === "text"
      ? `client sent ${JSON.stringify(e.sent)}, got ${e.result} (expected ${e.expected})`
      : `client (${e.client}) got ${e.result} (expected ${e.expected})`,
};
