/**
 * The learner's server under test: started in a session of its own (so
 * every process it creates can be found and ended), ready when a LISTEN
 * socket on its port appears in /proc/net/tcp held by one of its processes,
 * stopped with nothing left behind.
 *
 * Readiness is read from /proc rather than probed with connect: a probe
 * connection would make a fork server create a child whose exit sends
 * SIGCHLD — setting off the very bugs the checks look for (§5.9, §5.10).
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import type { Bilingual } from "../lang.ts";
import { errnoOf, messageOf } from "../sys/errno.ts";
import {
  allProcesses,
  childrenOf,
  descendantsOf,
  procStat,
  socketInodes,
} from "../proc/process_tree.ts";
import type { ProcStat } from "../proc/parse_stat.ts";
import { socketTable } from "../proc/socket_table.ts";

/** The learner's command, as typed after `--`. `{port}` in an argument is replaced by the port. */
export interface ServerCommand {
  /** Program to run. */
  cmd: string;
  /** Its arguments. */
  args: string[];
}

/** The server could not be started or never listened: a failed check, not bad input. */
export class StartFailure extends Error {
  /** What happened, in both languages. */
  readonly observed: Bilingual;
  /** What the server printed before it failed. */
  output = "";

  /** `observed` says what happened. */
  constructor(observed: Bilingual) {
    super(observed.en);
    this.name = "StartFailure";
    this.observed = observed;
  }
}

/** Addresses a client of 127.0.0.1 reaches. */
const _REACHABLE = new Set(["0.0.0.0", "127.0.0.1", "::", "::ffff:127.0.0.1"]);

const _TAIL_BYTES = 4096;

function _sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `promise`, or undefined after `ms` — without leaving the timer behind. */
async function _within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let id: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<undefined>((resolve) => id = setTimeout(() => resolve(undefined), ms)),
    ]);
  } finally {
    clearTimeout(id);
  }
}

function _kill(pid: number, signal: Deno.Signal): boolean {
  try {
    Deno.kill(pid, signal);
    return true;
  } catch {
    return false; // gone already (ESRCH)
  }
}

/**
 * A running learner server.
 *
 * @example
 * ```ts
 * const server = await LearnerServer.start({ cmd: "./bin/tcpserv04", args: [] }, 40001, 10000);
 * try {
 *   server.zombies(); // children of the listening process in state Z
 * } finally {
 *   await server.stop();
 * }
 * ```
 */
export class LearnerServer {
  /** Pid of the process echolab started (leader of its own session and process group). */
  readonly pid: number;
  /** The port it was told to use. */
  readonly port: number;
  #process: Deno.ChildProcess;
  #owner = 0;
  #tracked = new Map<number, number>(); // pid → start time
  #tail = new Uint8Array(0);
  #readers: Promise<void>[] = [];
  #streams: ReadableStreamDefaultReader<Uint8Array>[] = [];
  #status: Deno.CommandStatus | undefined;
  #stopping: Promise<number> | undefined;

  private constructor(process: Deno.ChildProcess, port: number) {
    this.#process = process;
    this.pid = process.pid;
    this.port = port;
    process.status.then((s) => this.#status = s);
    for (const stream of [process.stdout, process.stderr]) {
      const reader = stream.getReader();
      this.#streams.push(reader);
      this.#readers.push(this.#collect(reader));
    }
  }

  /**
   * Start `command` with ECHOLAB_PORT=`port` and `{port}` replaced; resolve
   * once it listens. Throws {@link UsageError} when the program cannot be run,
   * {@link StartFailure} when it exits, does not listen within `readyMs`, or
   * `signal` aborts meanwhile (the server is stopped first).
   */
  static async start(
    command: ServerCommand,
    port: number,
    readyMs: number,
    signal?: AbortSignal,
  ): Promise<LearnerServer> {
    const args = command.args.map((a) => a.replaceAll("{port}", String(port)));
    let process: Deno.ChildProcess;
    try {
      process = new Deno.Command(command.cmd, {
        args,
        env: { ECHOLAB_PORT: String(port) },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        detached: true, // setsid: its own session and process group
      }).spawn();
    } catch (err) {
      const errno = errnoOf(err);
      const said = messageOf(err);
      const why = errno === "ENOENT" || err instanceof Deno.errors.NotFound
        ? { en: "not found", zh: "找不到该程序" }
        : errno === "EACCES" || err instanceof Deno.errors.PermissionDenied
        ? { en: "permission denied (is it executable?)", zh: "权限不足（它有执行权限吗？）" }
        : { en: said, zh: `系统消息：${said}` };
      throw new UsageError({
        en: `cannot run '${command.cmd}': ${why.en}`,
        zh: `无法运行 '${command.cmd}'：${why.zh}`,
      }, "check");
    }
    const server = new LearnerServer(process, port);
    try {
      await server.#waitListening(readyMs, signal);
    } catch (err) {
      await server.stop();
      if (err instanceof StartFailure) err.output = server.output();
      throw err;
    }
    return server;
  }

  /** Pid of the process that holds the listening socket (the server proper). */
  get owner(): number {
    return this.#owner;
  }

  /** Exit status of the process echolab started, once it has exited. */
  get exitStatus(): Deno.CommandStatus | undefined {
    return this.#status;
  }

  /** The exit status of the process echolab started, waiting up to `ms` for it. */
  async exited(ms: number): Promise<Deno.CommandStatus | undefined> {
    return this.#status ?? await _within(this.#process.status, ms);
  }

  /** The last few KiB the server wrote to stdout and stderr. */
  output(): string {
    return new TextDecoder().decode(this.#tail).trimEnd();
  }

  /** True while the listening process exists and is not a zombie. */
  ownerAlive(): boolean {
    const stat = procStat(this.#owner);
    return stat !== undefined && stat.state !== "Z" && stat.state !== "X";
  }

  /** /proc/PID/stat of the listening process. */
  ownerStat(): ProcStat | undefined {
    return procStat(this.#owner);
  }

  /** Children of the listening process (recorded for cleanup). */
  children(): ProcStat[] {
    const all = allProcesses();
    this.#track(all);
    return childrenOf(this.#owner, all);
  }

  /** Children of the listening process in state Z. */
  zombies(): ProcStat[] {
    return this.children().filter((c) => c.state === "Z");
  }

  /** Children of the listening process that still run (any state but Z). */
  liveChildren(): ProcStat[] {
    return this.children().filter((c) => c.state !== "Z");
  }

  /** Every process started from the server that still runs (not the owner itself if `exceptOwner`). */
  leftovers(): ProcStat[] {
    const all = allProcesses();
    this.#track(all);
    return all.filter((p) =>
      this.#tracked.get(p.pid) === p.startTicks && p.state !== "Z" && p.state !== "X" &&
      p.pid !== this.pid &&
      p.pid !== this.#owner
    );
  }

  /** Send `signal` to the listening process. */
  signalOwner(signal: Deno.Signal): boolean {
    return _kill(this.#owner, signal);
  }

  /**
   * End the server and everything it started: SIGKILL to its process
   * group (its own session) first, then to every process seen descending
   * from it, then wait — bounded — until they are gone.
   * Resolves to the number still running (0 unless something escaped).
   * Calling it again returns the same promise.
   */
  stop(): Promise<number> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<number> {
    // First, and unconditionally: SIGKILL the session's process group (it ends stopped processes too).
    _kill(-this.pid, "SIGKILL");
    const mine = () => {
      try {
        return [...this.#tracked].filter(([pid, start]) => {
          const s = procStat(pid);
          return s !== undefined && s.startTicks === start && s.state !== "Z" && s.state !== "X";
        }).map(([pid]) => pid);
      } catch {
        return []; // /proc unreadable: the group kill above is all we can do
      }
    };
    try {
      this.#track(allProcesses());
    } catch {
      // as above
    }
    // Processes that left the group (setsid) but were seen descending from the server.
    for (const pid of mine()) _kill(pid, "SIGKILL");
    const deadline = Date.now() + 3000;
    while (this.#status === undefined && Date.now() < deadline) await _sleep(10);
    while (mine().length > 0 && Date.now() < deadline) await _sleep(10);
    // The pipes end when their last holder dies; don't wait for one that escaped.
    const drained = await _within(Promise.all(this.#readers).then(() => true), 500);
    if (!drained) { for (const r of this.#streams) await r.cancel().catch(() => {}); }
    await Promise.all(this.#readers);
    if (this.#status === undefined) await _within(this.#process.status, 1000);
    return mine().length;
  }

  #track(all: ProcStat[]): void {
    const self = all.find((p) => p.pid === this.pid);
    if (self) this.#tracked.set(self.pid, self.startTicks);
    for (const p of all) if (p.pgrp === this.pid) this.#tracked.set(p.pid, p.startTicks);
    for (const p of descendantsOf(this.pid, all)) this.#tracked.set(p.pid, p.startTicks);
  }

  async #collect(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const joined = new Uint8Array(this.#tail.length + value.length);
        joined.set(this.#tail);
        joined.set(value, this.#tail.length);
        this.#tail = joined.slice(Math.max(0, joined.length - _TAIL_BYTES));
      }
    } catch {
      // cancelled at stop
    }
  }

  async #waitListening(readyMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + readyMs;
    let elsewhere: string[] = [];
    for (;;) {
      if (signal?.aborted) throw new StartFailure({ en: "interrupted", zh: "被中断" });
      const listening = socketTable().filter((s) =>
        s.state === "LISTEN" && s.localPort === this.port
      );
      const all = allProcesses();
      this.#track(all);
      const group = all.filter((p) => this.#tracked.get(p.pid) === p.startTicks);
      const inodes = new Set(listening.map((s) => s.inode));
      const holders = group.filter((p) => [...socketInodes(p.pid)].some((i) => inodes.has(i)));
      if (holders.length > 0) {
        const reachable = listening.filter((s) => _REACHABLE.has(s.localAddress));
        if (reachable.length === 0) {
          const where = listening.map((s) => s.local);
          throw new StartFailure({
            en: `your server listens on ${
              where.join(", ")
            }, which 127.0.0.1 cannot reach: bind 127.0.0.1 or 0.0.0.0`,
            zh: `你的服务器监听在 ${
              where.join("、")
            }，127.0.0.1 无法到达：请绑定 127.0.0.1 或 0.0.0.0`,
          });
        }
        // The topmost holder: children of a fork server hold the listening socket too.
        const pids = new Set(holders.map((h) => h.pid));
        this.#owner = (holders.find((h) => !pids.has(h.ppid)) ?? holders[0]).pid;
        return;
      }
      elsewhere = listening.map((s) => `${s.localAddress}:${s.localPort}`);
      // The command may exit while a process it started goes on (a daemon): wait for that one.
      const running = group.some((p) => p.state !== "Z" && p.state !== "X" && p.pid !== this.pid);
      if (this.#status !== undefined && !running) {
        await _within(Promise.all(this.#readers), 300);
        const how = this.#status.signal
          ? `was killed by ${this.#status.signal}`
          : `exited with code ${this.#status.code}`;
        throw new StartFailure({
          en: `your server ${how} before it listened on port ${this.port}`,
          zh: `你的服务器在监听端口 ${this.port} 之前就${
            this.#status.signal
              ? `被 ${this.#status.signal} 杀死了`
              : `退出了（退出码 ${this.#status.code}）`
          }`,
        });
      }
      if (Date.now() >= deadline) {
        const note = elsewhere.length > 0
          ? {
            en: ` (a process outside your command's session listens there: ${
              elsewhere.join(", ")
            })`,
            zh: `（有一个不属于你的命令的进程在那里监听：${elsewhere.join("、")}）`,
          }
          : {
            en: " — does it read the port from ECHOLAB_PORT or its {port} argument?",
            zh: "——它是否从 ECHOLAB_PORT 或 {port} 参数读取端口？",
          };
        throw new StartFailure({
          en: `your server did not listen on port ${this.port} within ${
            readyMs / 1000
          } s${note.en}`,
          zh: `你的服务器在 ${readyMs / 1000} 秒内没有监听端口 ${this.port}${note.zh}`,
        });
      }
      await _sleep(20);
    }
  }
}
