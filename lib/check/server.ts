/**
 * The learner's server under test: started in a PID namespace of its own
 * when this machine allows it (lib/check/launch.ts: nothing it starts can
 * outlive echolab), else in a session of its own; ready when one of its
 * processes holds a LISTEN socket in /proc/net/tcp{,6} — on the port it was
 * offered, or on the port it chose itself (the book's programs bind
 * SERV_PORT 9877 whatever they are told); stopped with nothing left behind.
 *
 * Readiness is read from /proc rather than probed with connect: a probe
 * connection would make a fork server create a child whose exit sends
 * SIGCHLD — setting off the very bugs the checks look for (§5.9, §5.10).
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import type { Bilingual } from "../lang.ts";
import { messageOf } from "../sys/errno.ts";
import { whichTool } from "../sys/which_tool.ts";
import { launch, type Launched, nsPids, type ServerStatus } from "./launch.ts";
import {
  allProcesses,
  childrenOf,
  descendantsOf,
  procStat,
  socketInodes,
} from "../proc/process_tree.ts";
import type { ProcStat } from "../proc/parse_stat.ts";
import { socketTable } from "../proc/socket_table.ts";
import {
  createTraceFile,
  formatTraceLine,
  parseTrace,
  readTrace,
  straceArgs,
  type TraceLine,
} from "./trace.ts";

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
  /** Its system calls that matter (strace), if traced. */
  trace: string[] = [];

  /** `observed` says what happened. */
  constructor(observed: Bilingual) {
    super(observed.en);
    this.name = "StartFailure";
    this.observed = observed;
  }
}

/** How to start the server. */
export interface StartOptions {
  /** The port it listens on whatever it is offered, once known (the book's 9877). */
  fixedPort?: number;
  /** Run it under strace (see lib/check/trace.ts). */
  trace?: boolean;
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
  if (!(pid > 0)) return false;
  try {
    Deno.kill(pid, signal);
    return true;
  } catch {
    return false; // gone already (ESRCH)
  }
}

/**
 * Throw {@link UsageError} unless `cmd` names a program that can be run:
 * found (on PATH when it has no slash), a regular file, executable.
 *
 * @example
 * ```ts
 * assertRunnable("/etc/hostname"); // throws: not executable
 * ```
 */
export function assertRunnable(cmd: string): void {
  const bad = (why: Bilingual): never => {
    throw new UsageError({
      en: `cannot run '${cmd}': ${why.en}`,
      zh: `无法运行 '${cmd}'：${why.zh}`,
    }, "check");
  };
  if (!cmd.includes("/")) {
    if (!whichTool(cmd)) bad({ en: "not found on PATH", zh: "在 PATH 中找不到该程序" });
    return;
  }
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(cmd);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return bad({ en: "not found", zh: "找不到该程序" });
    // Deno keeps some paths (/proc, /dev …) behind --allow-all: ask test(1) instead.
    if (!_shellSaysExecutable(cmd)) return bad({ en: "not executable", zh: "不是可执行文件" });
    return;
  }
  if (!info.isFile || ((info.mode ?? 0o111) & 0o111) === 0) {
    bad({ en: "not executable", zh: "不是可执行文件" });
  }
  // execve(2) fails with ENOEXEC unless it is an ELF binary or a #! script.
  const head = new Uint8Array(4);
  let n = 0;
  try {
    const file = Deno.openSync(cmd);
    try {
      n = file.readSync(head) ?? 0;
    } finally {
      file.close();
    }
  } catch {
    return; // unreadable but executable: let execve decide
  }
  const elf = n === 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c &&
    head[3] === 0x46;
  const script = n >= 2 && head[0] === 0x23 && head[1] === 0x21;
  if (!elf && !script) {
    bad({
      en: "not executable (neither a compiled program nor a #! script: execve fails with ENOEXEC)",
      zh: "不是可执行文件（既不是编译好的程序，也不是 #! 脚本：execve 会以 ENOEXEC 失败）",
    });
  }
}

/** `test -f CMD && test -x CMD`, for paths Deno will not stat. */
function _shellSaysExecutable(cmd: string): boolean {
  try {
    return new Deno.Command("sh", {
      args: ["-c", 'test -f "$1" && test -x "$1"', "sh", cmd],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).outputSync().success;
  } catch {
    return true; // cannot tell: let execve decide
  }
}

/** A LISTEN socket held by the server. */
interface _Listener {
  address: string;
  port: number;
  local: string;
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
  /** The port it was offered (ECHOLAB_PORT, {port}). */
  readonly offered: number;
  /** The port it listens on (found in /proc once ready). */
  port: number;
  #launched: Launched;
  #t0 = Date.now() / 1000;
  #traceFile: string | undefined;
  /** Open on the trace file, so it reads on once the path is unlinked. */
  #traceReader: Deno.FsFile | undefined;
  #traceLinked = false;
  #root = 0; // host pid of the command's first process
  #init = 0; // host pid of the namespace's PID 1 (namespace mode)
  #wrappers = new Set<number>(); // init, the waiting shell, strace: echolab's, not the learner's
  #startedNs: number | undefined;
  #startedKnown = false;
  #owner = 0;
  #tracked = new Map<number, number>(); // pid → start time
  #nsToHost = new Map<number, number>();
  #tail = new Uint8Array(0);
  #readers: Promise<void>[] = [];
  #streams: ReadableStreamDefaultReader<Uint8Array>[] = [];
  #status: ServerStatus | undefined;
  #ended = false; // the launch reported its end (with a status, or without one)
  #stopping: Promise<number> | undefined;

  private constructor(
    launched: Launched,
    port: number,
    traceFile: string | undefined,
    traceReader: Deno.FsFile | undefined,
  ) {
    this.#launched = launched;
    this.offered = port;
    this.port = port;
    this.#traceFile = traceFile;
    this.#traceReader = traceReader;
    this.#traceLinked = traceFile !== undefined;
    launched.status.then((s) => {
      this.#status = s;
      this.#ended = true;
    });
    launched.started.then((n) => {
      this.#startedNs = n;
      this.#startedKnown = true;
    });
    if (launched.kind === "session") {
      this.#startedKnown = true;
      if (traceFile) this.#wrappers.add(launched.process.pid);
      else this.#root = launched.process.pid;
    }
    for (const stream of launched.output) {
      const reader = stream.getReader();
      this.#streams.push(reader);
      this.#readers.push(this.#collect(reader));
    }
  }

  /**
   * Start `command` with ECHOLAB_PORT=`port` and `{port}` replaced; resolve
   * once it listens (on that port, on `opts.fixedPort`, or on the one port
   * it listens on instead). Throws {@link UsageError} when the program cannot
   * be run, {@link StartFailure} when it exits, does not listen within
   * `readyMs`, or `signal` aborts meanwhile (the server is stopped first).
   */
  static async start(
    command: ServerCommand,
    port: number,
    readyMs: number,
    signal?: AbortSignal,
    opts: StartOptions = {},
  ): Promise<LearnerServer> {
    assertRunnable(command.cmd);
    if (opts.fixedPort !== undefined) _expectFree(opts.fixedPort);
    const args = command.args.map((a) => a.replaceAll("{port}", String(port)));
    // Principle 7: nothing left behind, SIGKILL included. The path lives only until
    // strace has opened it (#unlinkTrace); echolab reads on through this descriptor,
    // and the next check removes a file whose run was killed before that moment.
    const created = opts.trace ? createTraceFile() : undefined;
    const traceFile = created?.path;
    const traceReader = created?.reader;
    let launched: Launched;
    try {
      const argv = [...(traceFile ? straceArgs(traceFile) : []), command.cmd, ...args];
      launched = launch(argv, { ECHOLAB_PORT: String(port) });
    } catch (err) {
      traceReader?.close();
      if (traceFile) Deno.removeSync(traceFile);
      throw new UsageError({
        en: `cannot run '${command.cmd}': ${messageOf(err)}`,
        zh: `无法运行 '${command.cmd}'：${messageOf(err)}`,
      }, "check");
    }
    const server = new LearnerServer(launched, port, traceFile, traceReader);
    try {
      await server.#waitListening(opts.fixedPort ?? port, readyMs, signal);
    } catch (err) {
      await server.stop();
      if (err instanceof StartFailure) {
        err.output = server.output();
        if (opts.trace) err.trace = server.traceText().slice(-200);
      }
      server.dispose();
      throw err;
    }
    return server;
  }

  /** Host pid of the command's first process (the listening one if that was never seen). */
  get pid(): number {
    return this.#root || this.#owner;
  }

  /** True when the server listens on a port other than the one it was offered. */
  get ignoredPort(): boolean {
    return this.port !== this.offered;
  }

  /** Pid of the process that holds the listening socket (the server proper). */
  get owner(): number {
    return this.#owner;
  }

  /** Exit status of the command's first process, once it has exited. */
  get exitStatus(): ServerStatus | undefined {
    return this.#status;
  }

  /** The exit status of the command's first process, waiting up to `ms` for it. */
  async exited(ms: number): Promise<ServerStatus | undefined> {
    return this.#status ?? await _within(this.#launched.status, ms);
  }

  /** The last few KiB the server wrote to stdout and stderr. */
  output(): string {
    return new TextDecoder().decode(this.#tail).trimEnd();
  }

  /** The strace lines that matter (empty when not traced). */
  trace(): TraceLine[] {
    if (!this.#traceReader) return [];
    const text = readTrace(this.#traceReader) ?? "";
    return parseTrace(text, this.#t0, (n) => this.#nsToHost.get(n) ?? n);
  }

  /** {@link trace}, formatted. */
  traceText(): string[] {
    return this.trace().map(formatTraceLine);
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

  /** Every process of the server (not echolab's wrappers) that still runs, owner included. */
  processes(): ProcStat[] {
    const all = allProcesses();
    this.#track(all);
    return all.filter((p) =>
      this.#tracked.get(p.pid) === p.startTicks && p.state !== "Z" && p.state !== "X"
    );
  }

  /** Every process started from the server that still runs, but the owner and the first process. */
  leftovers(): ProcStat[] {
    return this.processes().filter((p) => p.pid !== this.#root && p.pid !== this.#owner);
  }

  /** Send `signal` to the listening process. */
  signalOwner(signal: Deno.Signal): boolean {
    return _kill(this.#owner, signal);
  }

  /**
   * Send `signal` to every process of the server, as init does at shutdown
   * (UNP §5.16); resolves to the pids it reached.
   */
  signalAll(signal: Deno.Signal): ProcStat[] {
    return this.processes().filter((p) => _kill(p.pid, signal));
  }

  /**
   * End the server and everything it started. In a PID namespace: SIGKILL
   * to the namespace's PID 1 and to unshare (the kernel ends the rest).
   * Otherwise SIGKILL to its process group (its own session), then to every
   * process seen descending from it. Then wait — bounded — until they are
   * gone. Resolves to the number still running (0 unless something escaped).
   * Calling it again returns the same promise.
   */
  stop(): Promise<number> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<number> {
    const outer = this.#launched.process.pid;
    if (this.#launched.kind === "namespace") {
      this.#findInit();
      _kill(this.#init, "SIGKILL");
      _kill(outer, "SIGKILL"); // unshare --kill-child: its child, PID 1, gets SIGKILL too
      void this.#launched.release();
    } else {
      // First, and unconditionally: SIGKILL the session's process group (it ends stopped processes too).
      _kill(-outer, "SIGKILL");
    }
    const mine = () => {
      try {
        return [...this.#tracked].filter(([pid, start]) => {
          const s = procStat(pid);
          return s !== undefined && s.startTicks === start && s.state !== "Z" && s.state !== "X";
        }).map(([pid]) => pid);
      } catch {
        return []; // /proc unreadable: the kills above are all we can do
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
    const ended = _within(this.#launched.process.status, 3000);
    while (mine().length > 0 && Date.now() < deadline) await _sleep(10);
    await ended;
    // The pipes end when their last holder dies; don't wait for one that escaped.
    const drained = await _within(Promise.all(this.#readers).then(() => true), 500);
    if (!drained) { for (const r of this.#streams) await r.cancel().catch(() => {}); }
    await Promise.all(this.#readers);
    await this.#launched.release();
    await _within(this.#launched.status, 500);
    return mine().length;
  }

  /** Close the trace file and remove its path if still there (after the result has been read). */
  dispose(): void {
    this.#unlinkTrace();
    this.#traceReader?.close();
    this.#traceReader = undefined;
  }

  /**
   * Unlink the trace file's path: strace opens it before it starts the
   * learner's program (strace.c init), so once that program runs, strace
   * writes on into the unlinked file and echolab reads it by its descriptor.
   */
  #unlinkTrace(): void {
    if (!this.#traceLinked || !this.#traceFile) return;
    this.#traceLinked = false;
    try {
      Deno.removeSync(this.#traceFile);
    } catch { /* gone */ }
  }

  /** Namespace mode: PID 1 is unshare's child. */
  #findInit(all?: ProcStat[]): void {
    if (this.#init || this.#launched.kind !== "namespace") return;
    const kids = childrenOf(this.#launched.process.pid, all ?? allProcesses());
    if (kids.length > 0) this.#init = kids[0].pid;
  }

  #track(all: ProcStat[]): void {
    const add = (p: ProcStat) => {
      if (this.#wrappers.has(p.pid) || this.#tracked.has(p.pid)) return;
      this.#tracked.set(p.pid, p.startTicks);
      const ns = nsPids(p.pid)?.at(-1);
      if (ns !== undefined) this.#nsToHost.set(ns, p.pid);
    };
    if (this.#launched.kind === "namespace") {
      this.#findInit(all);
      if (!this.#init || !this.#startedKnown || this.#startedNs === undefined) return;
      this.#wrappers.add(this.#init);
      // In the new namespace PID 1 forks the waiting shell (2) first, which starts $!:
      // the command, or strace, whose child running the command is the server.
      const started = this.#startedNs;
      const tree = descendantsOf(this.#init, all);
      const nsOf = new Map<number, number | undefined>();
      const ns = (p: ProcStat) => {
        if (!nsOf.has(p.pid)) nsOf.set(p.pid, nsPids(p.pid)?.at(-1));
        return nsOf.get(p.pid);
      };
      let tracer = 0;
      for (const p of tree) {
        if (this.#wrappers.has(p.pid) || this.#tracked.has(p.pid)) continue;
        const n = ns(p);
        if (n === 1 || n === 2 || (this.#traceFile && n === started)) this.#wrappers.add(p.pid);
      }
      if (this.#traceFile) tracer = tree.find((p) => ns(p) === started)?.pid ?? 0;
      // Every process of a PID namespace descends from its PID 1 (orphans are adopted by it).
      for (const p of tree) {
        if (this.#wrappers.has(p.pid) || this.#tracked.has(p.pid)) continue;
        // strace's own probe children, or the tracee before its execve: not yet the server.
        if (this.#traceFile && p.ppid === tracer && p.comm === "strace") continue;
        if (!this.#root && (this.#traceFile ? p.ppid === tracer : ns(p) === started)) {
          this.#root = p.pid;
        }
        add(p);
      }
      return;
    }
    const outer = this.#launched.process.pid;
    if (!this.#root && this.#traceFile) {
      // The child of strace that runs the command (not one of strace's own probes).
      const first = childrenOf(outer, all).find((p) => p.comm !== "strace");
      if (first) this.#root = first.pid;
    }
    const self = all.find((p) => p.pid === outer);
    if (self) add(self);
    for (const p of all) if (p.pgrp === outer) add(p);
    for (const p of descendantsOf(outer, all)) add(p);
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

  /** The LISTEN sockets held by the server's processes, and which process holds each. */
  #listeners(all: ProcStat[]): { sockets: _Listener[]; holders: ProcStat[] } {
    const listening = socketTable().filter((s) => s.state === "LISTEN");
    const byInode = new Map(listening.map((s) => [s.inode, s]));
    const group = all.filter((p) =>
      this.#tracked.get(p.pid) === p.startTicks && p.state !== "Z" && p.state !== "X"
    );
    const sockets = new Map<number, _Listener>();
    const holders: ProcStat[] = [];
    for (const p of group) {
      let holds = false;
      for (const inode of socketInodes(p.pid)) {
        const s = byInode.get(inode);
        if (!s) continue;
        holds = true;
        sockets.set(inode, { address: s.localAddress, port: s.localPort, local: s.local });
      }
      if (holds) holders.push(p);
    }
    return { sockets: [...sockets.values()], holders };
  }

  /**
   * Why a bind may have failed: connections of an earlier server still in
   * TIME_WAIT on the port it binds (the one it was told, or the one strace
   * saw its bind fail on with EADDRINUSE). Without SO_REUSEADDR, bind fails
   * until they expire (UNP §7.5, §2.7).
   */
  #busyPort(expected: number): Bilingual | undefined {
    const traced = this.trace().map((l) =>
      /sin6?_port=htons\((\d+)\).*= -1 EADDRINUSE/.exec(l.text)?.[1]
    ).find((p) => p !== undefined);
    const port = traced ? Number(traced) : expected;
    const rows = socketTable().filter((s) => s.localPort === port);
    const listen = rows.find((s) => s.state === "LISTEN");
    if (listen) {
      return {
        en: ` (port ${port} is held by another program: a fixed port allows one server at a time)`,
        zh: `（端口 ${port} 被另一个程序占用：固定端口一次只能运行一个服务器）`,
      };
    }
    const waiting = rows.filter((s) => s.state === "TIME_WAIT").length;
    if (waiting === 0) {
      return traced
        ? { en: ` (bind: EADDRINUSE on port ${port})`, zh: `（bind：端口 ${port} 上 EADDRINUSE）` }
        : undefined;
    }
    return {
      en:
        ` (port ${port} still has ${waiting} connection(s) in TIME_WAIT from an earlier server; bind without SO_REUSEADDR fails with EADDRINUSE until they expire, UNP §7.5)`,
      zh:
        `（端口 ${port} 上仍有 ${waiting} 个来自先前服务器的连接处于 TIME_WAIT；不设置 SO_REUSEADDR 的 bind 在它们到期前都会以 EADDRINUSE 失败，UNP §7.5）`,
    };
  }

  async #waitListening(expected: number, readyMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + readyMs;
    for (;;) {
      if (signal?.aborted) throw new StartFailure({ en: "interrupted", zh: "被中断" });
      const all = allProcesses();
      this.#track(all);
      // The learner's program runs: strace has its output file open.
      if (this.#root) this.#unlinkTrace();
      const { sockets, holders } = this.#listeners(all);
      if (sockets.length > 0) {
        // The offered (or known) port if it listens there; else the port it chose itself.
        const ports = [...new Set(sockets.map((s) => s.port))];
        const port = ports.includes(expected)
          ? expected
          : ports.find((p) => sockets.some((s) => s.port === p && _REACHABLE.has(s.address))) ??
            ports[0];
        const on = sockets.filter((s) => s.port === port);
        if (!on.some((s) => _REACHABLE.has(s.address))) {
          const where = on.map((s) => s.local);
          throw new StartFailure({
            en: `your server listens on ${
              where.join(", ")
            }, which 127.0.0.1 cannot reach: bind 127.0.0.1 or 0.0.0.0`,
            zh: `你的服务器监听在 ${
              where.join("、")
            }，127.0.0.1 无法到达：请绑定 127.0.0.1 或 0.0.0.0`,
          });
        }
        this.port = port;
        const inodes = new Set(
          socketTable().filter((s) => s.state === "LISTEN" && s.localPort === port).map((s) =>
            s.inode
          ),
        );
        const owners = holders.filter((h) => [...socketInodes(h.pid)].some((i) => inodes.has(i)));
        // The topmost holder: children of a fork server hold the listening socket too.
        const pids = new Set(owners.map((h) => h.pid));
        this.#owner = (owners.find((h) => !pids.has(h.ppid)) ?? owners[0] ?? holders[0]).pid;
        // It listens, so it runs under strace, which opened its output first.
        this.#unlinkTrace();
        return;
      }
      // The command may exit while a process it started goes on (a daemon): wait for that one.
      const running = [...this.#tracked].some(([pid, start]) => {
        const s = all.find((p) => p.pid === pid);
        return s?.startTicks === start && s.state !== "Z" && s.state !== "X" && pid !== this.#root;
      });
      const status = this.#status;
      if (status !== undefined && !running) {
        await _within(Promise.all(this.#readers), 300);
        const how = status.signal
          ? { en: `was killed by ${status.signal}`, zh: `被 ${status.signal} 杀死了` }
          : { en: `exited with code ${status.code}`, zh: `退出了（退出码 ${status.code}）` };
        const busy = this.#busyPort(expected);
        throw new StartFailure({
          en: `your server ${how.en} before it listened on any port${busy?.en ?? ""}`,
          zh: `你的服务器在监听任何端口之前就${how.zh}${busy?.zh ?? ""}`,
        });
      }
      if (this.#ended && status === undefined && !running) {
        // unshare or the shell failed before the command ran: their message is in the output.
        await _within(Promise.all(this.#readers), 300);
        const said = this.#launched.diagnostics();
        throw new StartFailure({
          en: `your server could not be started in its PID namespace${said ? `: ${said}` : ""}`,
          zh: `无法在它的 PID 命名空间中启动你的服务器${said ? `：${said}` : ""}`,
        });
      }
      if (Date.now() >= deadline) {
        throw new StartFailure({
          en: `your server did not listen on any port within ${
            readyMs / 1000
          } s (it was offered port ${this.offered} in ECHOLAB_PORT and {port})`,
          zh: `你的服务器在 ${
            readyMs / 1000
          } 秒内没有监听任何端口（提供给它的端口是 ${this.offered}，见 ECHOLAB_PORT 与 {port}）`,
        });
      }
      await _sleep(20);
    }
  }
}

/** A port the server is known to bind must be free: else say who holds it. */
function _expectFree(port: number): void {
  const taken = socketTable().filter((s) => s.state === "LISTEN" && s.localPort === port);
  if (taken.length === 0) return;
  const inodes = new Set(taken.map((s) => s.inode));
  const holder = allProcesses().find((p) => [...socketInodes(p.pid)].some((i) => inodes.has(i)));
  const who = holder ? `pid ${holder.pid} (${holder.comm})` : undefined;
  throw new StartFailure({
    en: `port ${port}, where your server listens, is held by another program${
      who ? `: ${who}` : ""
    } — a fixed port allows one server at a time`,
    zh: `你的服务器监听的端口 ${port} 被另一个程序占用${
      who ? `：${who}` : ""
    }——固定端口一次只能运行一个服务器`,
  });
}
