/**
 * The lab's server host: its own network namespace and PID namespace, whose
 * init is a plain `sleep` (the "hardware" that keeps the namespace alive),
 * running `echolab serve` on 198.18.1.2:9877, its default route through the
 * lab's router (198.18.1.254). Faults are made with addresses,
 * links and signals only:
 *
 * - crash: the host's address is removed (frames still arrive, but IP
 *   discards packets no longer addressed to it, forwarding off, no ICMP; ARP
 *   goes unanswered), then every process in the host gets SIGKILL — the
 *   dying sockets' FIN or RST has no source address to leave from (UNP §5.14).
 * - reboot: a fresh namespace (no memory of any connection) takes over the
 *   same veth end, the old one is destroyed, the server starts again (§5.15).
 * - shutdown: SIGTERM to every process, SIGKILL after a grace period, then
 *   power off (§5.16).
 * - cut / restore: the address goes and comes back; processes and kernel
 *   state stay.
 *
 * @module
 */

import type { EchoEvent, EventBus } from "../events.ts";
import { selfCommand } from "../sys/self_command.ts";
import { run } from "./exec.ts";
import {
  childOf,
  describeProc,
  type HostProc,
  livePidsIn,
  netNsOf,
  pidNsOf,
} from "./host_procs.ts";
import { eventRelay, readNdjson } from "./ndjson.ts";
import { TOPOLOGY } from "./topology.ts";

/** Where the server host is in its life. */
export type HostState = "up" | "cut" | "crashed" | "down";

const _sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function _until<T>(probe: () => T | undefined, ms: number, what: string): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (performance.now() > end) throw new Error(`lab: ${what} within ${ms} ms`);
    await _sleep(2);
  }
}

interface _Server {
  process: Deno.ChildProcess;
  status: Promise<Deno.CommandStatus>;
  relayed: Promise<void>;
  stderr: Promise<string>;
  events: EchoEvent[];
}

/**
 * One incarnation of the server host (each reboot makes a new one).
 *
 * @example
 * ```ts
 * const host = await ServerHost.boot(bus, 1);
 * // … the lab moves veth-s into host.init's namespace …
 * await host.configure();
 * await host.startServer();
 * await host.crash();
 * ```
 */
export class ServerHost {
  /** 1 for the first boot, +1 for each reboot. */
  readonly generation: number;
  /** The host's init (pid in the lab's PID namespace). */
  readonly init: number;
  /** `net:[inode]` of the host's network namespace. */
  readonly netns: string;
  /** `pid:[inode]` of the host's PID namespace. */
  readonly pidns: string;
  #bus: EventBus;
  #holder: Deno.ChildProcess;
  #holderErr: Promise<string>;
  #server?: _Server;
  #state: HostState = "down";

  private constructor(
    bus: EventBus,
    generation: number,
    holder: Deno.ChildProcess,
    holderErr: Promise<string>,
    init: number,
  ) {
    this.#bus = bus;
    this.generation = generation;
    this.#holder = holder;
    this.#holderErr = holderErr;
    this.init = init;
    this.netns = netNsOf(init) ?? "?";
    this.pidns = pidNsOf(init) ?? "?";
  }

  /** Create the host's namespaces (no network device yet). */
  static async boot(bus: EventBus, generation: number): Promise<ServerHost> {
    const holder = new Deno.Command("unshare", {
      args: ["--net", "--pid", "--fork", "--kill-child", "sleep", "2147483647"],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const pid = holder.pid;
    const holderErr = new Response(holder.stderr).text();
    try {
      const init = await _until(
        () => {
          const first = childOf(pid);
          // The child must already be in its own PID namespace (after unshare's fork).
          return first && pidNsOf(first) !== pidNsOf("self") ? first : undefined;
        },
        3000,
        "the server host's init did not start",
      );
      return new ServerHost(bus, generation, holder, holderErr, init);
    } catch (err) {
      try {
        holder.kill("SIGKILL");
      } catch { /* gone */ }
      await holder.status;
      const why = (await holderErr).trim();
      throw why ? new Error(`${(err as Error).message}: ${why}`) : err;
    }
  }

  /** Where the host is in its life. */
  get state(): HostState {
    return this.#state;
  }

  /** Events the current server process emitted. */
  get serverEvents(): readonly EchoEvent[] {
    return this.#server?.events ?? [];
  }

  /** Run `ip -batch -` with `lines` inside the host's network namespace. */
  async ip(lines: string[]): Promise<void> {
    await run(
      "nsenter",
      [`--target=${this.init}`, "--net", "ip", "-batch", "-"],
      lines.join("\n") + "\n",
    );
  }

  /** Address and bring up the host's end of the link (and its loopback); route via the router. */
  async configure(): Promise<void> {
    const { serverDev, serverAddr, prefix, routerServerAddr } = TOPOLOGY;
    await this.ip([
      "link set lo up",
      `addr add ${serverAddr}/${prefix} dev ${serverDev}`,
      `link set ${serverDev} up`,
      `route add default via ${routerServerAddr}`,
    ]);
    this.#state = "up";
  }

  /**
   * Start `echolab serve` inside the host; its events go to the lab's bus.
   * Resolves to its `listening` event.
   */
  async startServer(): Promise<EchoEvent> {
    const self = selfCommand([
      "serve",
      "--host",
      TOPOLOGY.serverAddr,
      "--port",
      String(TOPOLOGY.port),
      "--json",
    ]);
    const process = new Deno.Command("nsenter", {
      args: [`--target=${this.init}`, "--net", "--pid", "--", self.cmd, ...self.args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const events: EchoEvent[] = [];
    let onListening: (e: EchoEvent) => void = () => {};
    const listening = new Promise<EchoEvent>((resolve) => onListening = resolve);
    const republish = eventRelay(this.#bus);
    const relayed = readNdjson(process.stdout, (o) => {
      const e = republish(o);
      events.push(e);
      if (e.kind === "listening") onListening(e);
    });
    const stderr = new Response(process.stderr).text();
    const server: _Server = { process, status: process.status, relayed, stderr, events };
    this.#server = server;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ended = server.status.then(async (s) => {
      throw new Error(`lab: the server exited before listening (${s.code}): ${await stderr}`);
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error("lab: the server did not listen within 8 s")),
        8000,
      );
    });
    try {
      return await Promise.race([listening, ended, timeout]);
    } finally {
      clearTimeout(timer);
      ended.catch(() => {}); // a later exit (crash, shutdown) is not a start failure
    }
  }

  /** Live processes of the host other than its init. */
  processes(): number[] {
    return livePidsIn(this.pidns, this.init);
  }

  async #signalAll(signal: "TERM" | "KILL"): Promise<void> {
    // What init does at shutdown: kill(-1, sig) from inside the host's PID
    // namespace reaches every process there except init (and the sender).
    // The shell's built-in kill: no procps needed, and kill(-1) spares the caller itself.
    const num = signal === "TERM" ? 15 : 9;
    await run("nsenter", [`--target=${this.init}`, "--pid", "--", "sh", "-c", `kill -${num} -1`]);
  }

  async #waitGone(ms: number): Promise<number[]> {
    const end = performance.now() + ms;
    let left = this.processes();
    while (left.length > 0 && performance.now() < end) {
      await _sleep(5);
      left = this.processes();
    }
    return left;
  }

  async #serverEnded(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    await s.status;
    await s.relayed;
  }

  /**
   * Remove the host's address: frames still arrive but IP discards the packets
   * (not addressed to this host, forwarding off, no ICMP); it answers nothing,
   * and with no source address it sends nothing.
   */
  async silence(): Promise<void> {
    await this.ip([`addr flush dev ${TOPOLOGY.serverDev}`]);
  }

  /**
   * Crash: silence the host, then SIGKILL every process in it. Resolves to
   * the processes killed (as the host saw them).
   */
  async crash(): Promise<HostProc[]> {
    await this.silence();
    const victims = this.processes().map(describeProc);
    await this.#signalAll("KILL");
    await this.#waitGone(2000);
    await this.#serverEnded();
    this.#state = "crashed";
    return victims;
  }

  /** Cut the host off the link (its address goes); processes and kernel state stay. */
  async cut(): Promise<void> {
    await this.silence();
    this.#state = "cut";
  }

  /** Undo {@link cut}: the address (and the route it took with it) comes back. */
  async restore(): Promise<void> {
    const { serverDev, serverAddr, prefix, routerServerAddr } = TOPOLOGY;
    await this.ip([
      `addr add ${serverAddr}/${prefix} dev ${serverDev}`,
      `route replace default via ${routerServerAddr}`,
    ]);
    this.#state = "up";
  }

  /**
   * Orderly shutdown, as init does it (§5.16): SIGTERM to every process,
   * SIGKILL to those still alive after `graceMs`, then power off (silence).
   */
  async shutdown(
    graceMs: number,
    onStep: (step: "sigterm" | "sigkill", procs: HostProc[]) => void,
  ): Promise<{ termed: number[]; killed: number[]; waitedMs: number }> {
    const termed = this.processes();
    onStep("sigterm", termed.map(describeProc));
    const start = performance.now();
    await this.#signalAll("TERM");
    const left = await this.#waitGone(graceMs);
    const waitedMs = Math.round(performance.now() - start);
    if (left.length > 0) {
      onStep("sigkill", left.map(describeProc));
      await this.#signalAll("KILL");
      await this.#waitGone(2000);
    }
    await this.#serverEnded();
    await this.silence();
    this.#state = "down";
    return { termed, killed: left, waitedMs };
  }

  /** Move the host's end of the link into `next` (a reboot's new incarnation). */
  async moveDeviceTo(next: ServerHost): Promise<void> {
    await this.ip([`link set ${TOPOLOGY.serverDev} netns ${next.init}`]);
  }

  /** Destroy the host: its init dies, the kernel kills every process left, the namespaces go. */
  async destroy(): Promise<void> {
    try {
      this.#holder.kill("SIGKILL");
    } catch { /* already gone */ }
    await this.#holder.status;
    await this.#serverEnded().catch(() => {});
    await this.#holderErr.catch(() => "");
    if (this.#server) {
      await this.#server.stderr.catch(() => "");
    }
    this.#state = "down";
  }
}
