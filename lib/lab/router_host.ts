/**
 * The lab's intermediate router (UNP §5.14): a network namespace of its own
 * between the client's link and the server's, the only one that forwards
 * (net.ipv4.ip_forward = 1 here, nowhere else). Its faults are routes:
 *
 * - `unreachable`: `ip route replace unreachable SERVER/32` — every packet for
 *   the server is answered with ICMP destination unreachable, code 1 (host
 *   unreachable): ip_route_input finds an RTN_UNREACHABLE route, ip_error
 *   calls icmp_send.
 * - `no-route`: the route to the server's network is deleted — ip_error sends
 *   ICMP net unreachable (code 0).
 * - `blackhole`: `ip route replace blackhole SERVER/32` — dropped, no ICMP.
 *
 * It holds a static ARP entry for the server (`nud permanent`): it never asks
 * whether the server is still there, so when the server host crashes the
 * router keeps forwarding into the dead link and says nothing — the book's
 * host-crash ending, ETIMEDOUT. (With ordinary ARP the router's entry would
 * go stale, its ARP requests would go unanswered, and it would report ICMP
 * host unreachable: that is the `host-unreachable` scenario.)
 *
 * Its init is a plain `sleep` in the lab's PID namespace: when the lab's
 * PID 1 dies the kernel kills it, and the namespace goes with it.
 *
 * @module
 */

import { run } from "./exec.ts";
import { netNsOf } from "./host_procs.ts";
import { readProc } from "../proc/proc_file.ts";
import { TOPOLOGY } from "./topology.ts";

/**
 * The lab router's sysctls, for the router scenarios and `serve --lab`
 * alike: only ip_error's own per-sender limit stays on
 * (net.ipv4.route.error_cost). With icmp_ratelimit's default 1000 ms as well,
 * both limits spend the same inet_peer's tokens (the client's: ip_error in
 * net/ipv4/route.c, icmpv4_xrlim_allow in net/ipv4/icmp.c), and a client's
 * first retransmissions went unanswered for seconds (measured here: the first
 * ICMP 2.6 s after the first retransmission, 5 runs of tests/watch_test.ts).
 *
 * @example
 * ```ts
 * await Lab.create(bus, { routerSysctls: { ...ROUTER_SYSCTLS } });
 * ```
 */
export const ROUTER_SYSCTLS: Readonly<Record<string, number>> = {
  "net.ipv4.icmp_ratelimit": 0,
};

/** What the router does with packets for the server. */
export type RouteState = "forwarding" | "unreachable" | "no-route" | "blackhole";

/** The router's ICMP counters (/proc/PID/net/snmp, its own namespace). */
export interface IcmpCounters {
  /** ICMP destination unreachable messages sent. */
  outDestUnreachs: number;
  /** ICMP messages sent in all. */
  outMsgs: number;
  /** ICMP errors not sent: the per-destination limit (icmp_ratelimit, Linux ≥ 6.0). */
  outRateLimitHost?: number;
  /** ICMP errors not sent: the global limit (icmp_msgs_per_sec, Linux ≥ 6.0). */
  outRateLimitGlobal?: number;
}

const _sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Parse the `Icmp:` lines of a /proc/net/snmp text.
 *
 * @example
 * ```ts
 * parseIcmpCounters("Icmp: OutMsgs OutDestUnreachs\nIcmp: 3 3\n").outDestUnreachs; // 3
 * ```
 */
export function parseIcmpCounters(snmp: string): IcmpCounters {
  const lines = snmp.split("\n").filter((l) => l.startsWith("Icmp:"));
  const c: Record<string, number> = {};
  if (lines.length >= 2) {
    const names = lines[0].slice(5).trim().split(/\s+/);
    const values = lines[1].slice(5).trim().split(/\s+/);
    names.forEach((n, i) => c[n] = Number(values[i]));
  }
  return {
    outDestUnreachs: c.OutDestUnreachs ?? 0,
    outMsgs: c.OutMsgs ?? 0,
    ...(c.OutRateLimitHost !== undefined ? { outRateLimitHost: c.OutRateLimitHost } : {}),
    ...(c.OutRateLimitGlobal !== undefined ? { outRateLimitGlobal: c.OutRateLimitGlobal } : {}),
  };
}

/**
 * The lab's router.
 *
 * @example
 * ```ts
 * const router = await RouterHost.boot();
 * // … the lab moves veth-rc into router.init's namespace, and creates link 2 …
 * await router.configure({ staticArp: true });
 * await router.setRoute("unreachable");
 * router.icmpCounters().outDestUnreachs;
 * await router.destroy();
 * ```
 */
export class RouterHost {
  /** The router's init (pid in the lab's PID namespace). */
  readonly init: number;
  /** `net:[inode]` of the router's network namespace. */
  readonly netns: string;
  #holder: Deno.ChildProcess;
  #route: RouteState = "forwarding";
  #zero?: IcmpCounters;

  private constructor(holder: Deno.ChildProcess, netns: string) {
    this.#holder = holder;
    this.init = holder.pid;
    this.netns = netns;
  }

  /** Create the router's network namespace (no device yet). */
  static async boot(): Promise<RouterHost> {
    // No --fork: unshare execs sleep itself, so the holder's pid is the namespace's.
    const holder = new Deno.Command("unshare", {
      args: ["--net", "sleep", "2147483647"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    const mine = netNsOf("self");
    const end = performance.now() + 3000;
    for (;;) {
      const ns = netNsOf(holder.pid);
      let comm = "";
      try {
        comm = readProc(`/proc/${holder.pid}/comm`).trim();
      } catch { /* not yet */ }
      if (ns && ns !== mine && comm === "sleep") return new RouterHost(holder, ns);
      if (performance.now() > end) {
        try {
          holder.kill("SIGKILL");
        } catch { /* gone */ }
        await holder.status;
        throw new Error("lab: the router's namespace did not come up within 3000 ms");
      }
      await _sleep(2);
    }
  }

  /** What the router does with packets for the server now. */
  get route(): RouteState {
    return this.#route;
  }

  /** Run `ip -batch -` with `lines` inside the router's namespace. */
  async ip(lines: string[]): Promise<void> {
    await run(
      "nsenter",
      [`--target=${this.init}`, "--net", "ip", "-batch", "-"],
      lines.join("\n") + "\n",
    );
  }

  /** Set sysctls of the router's namespace (dotted names → values). */
  async sysctl(settings: Record<string, number | string>): Promise<void> {
    const script = Object.entries(settings).map(([name, value]) =>
      `echo ${value} > /proc/sys/${name.replaceAll(".", "/")}`
    ).join(" && ");
    if (script) await run("nsenter", [`--target=${this.init}`, "--net", "sh", "-c", script]);
  }

  /** Read sysctls of the router's namespace; a missing one is left out. */
  async readSysctls(names: readonly string[]): Promise<Record<string, number>> {
    const script = names.map((n) => `cat /proc/sys/${n.replaceAll(".", "/")} 2>/dev/null || echo -`)
      .join("; ");
    const out = (await run("nsenter", [`--target=${this.init}`, "--net", "sh", "-c", script]))
      .trim().split("\n");
    const values: Record<string, number> = {};
    names.forEach((n, i) => {
      const v = Number(out[i]);
      if (out[i] !== "-" && Number.isFinite(v)) values[n] = v;
    });
    return values;
  }

  /**
   * Address both ends, turn forwarding on, and — with `staticArp` — pin the
   * server's link-layer address so the router never asks for it.
   */
  async configure(opts: { staticArp: boolean }): Promise<void> {
    const t = TOPOLOGY;
    await this.sysctl({
      "net.ipv4.ip_forward": 1,
      [`net.ipv6.conf.${t.routerClientDev}.disable_ipv6`]: 1,
      [`net.ipv6.conf.${t.routerServerDev}.disable_ipv6`]: 1,
    }).catch(async () => await this.sysctl({ "net.ipv4.ip_forward": 1 }));
    await this.ip([
      "link set lo up",
      `addr add ${t.routerClientAddr}/${t.prefix} dev ${t.routerClientDev}`,
      `addr add ${t.routerServerAddr}/${t.prefix} dev ${t.routerServerDev}`,
      `link set ${t.routerClientDev} up`,
      `link set ${t.routerServerDev} up`,
      ...(opts.staticArp
        ? [
          `neigh replace ${t.serverAddr} lladdr ${t.serverMac} dev ${t.routerServerDev} nud permanent`,
        ]
        : []),
    ]);
  }

  /** Forget the static ARP entry for the server (the router will ask again). */
  async dynamicArp(): Promise<void> {
    await this.ip([`neigh flush to ${TOPOLOGY.serverAddr} nud permanent`]);
  }

  /**
   * Make the router answer, drop or forward packets for the server:
   * `unreachable` (ICMP host unreachable), `no-route` (ICMP net unreachable),
   * `blackhole` (silence), `forwarding` (back to normal).
   */
  async setRoute(next: RouteState): Promise<void> {
    const t = TOPOLOGY;
    const host = `${t.serverAddr}/32`;
    const connected =
      `${t.serverNet} dev ${t.routerServerDev} proto kernel scope link src ${t.routerServerAddr}`;
    // Back to forwarding first, then the fault: each state is one step from normal.
    const undo: string[] = [];
    if (this.#route === "unreachable" || this.#route === "blackhole") {
      undo.push(`route del ${host}`);
    }
    if (this.#route === "no-route") undo.push(`route add ${connected}`);
    const fault = next === "unreachable"
      ? [`route replace unreachable ${host}`]
      : next === "blackhole"
      ? [`route replace blackhole ${host}`]
      : next === "no-route"
      ? [`route del ${t.serverNet} dev ${t.routerServerDev}`]
      : [];
    if (undo.length + fault.length > 0) await this.ip([...undo, ...fault]);
    this.#route = next;
  }

  /**
   * Count from now on: {@link icmpCounters} subtracts the values read here
   * (the lab calls it once its hosts are up, so their own start-up traffic —
   * anything a host sends to an address the router has no route for — is not
   * counted as the scenario's).
   */
  zeroCounters(): void {
    this.#zero = parseIcmpCounters(readProc(`/proc/${this.init}/net/snmp`));
  }

  /** The router's ICMP counters since {@link zeroCounters} (or since boot). */
  icmpCounters(): IcmpCounters {
    const now = parseIcmpCounters(readProc(`/proc/${this.init}/net/snmp`));
    const z = this.#zero;
    if (!z) return now;
    const minus = (a?: number, b?: number) => a === undefined ? undefined : a - (b ?? 0);
    return {
      outDestUnreachs: now.outDestUnreachs - z.outDestUnreachs,
      outMsgs: now.outMsgs - z.outMsgs,
      ...(now.outRateLimitHost !== undefined
        ? { outRateLimitHost: minus(now.outRateLimitHost, z.outRateLimitHost) }
        : {}),
      ...(now.outRateLimitGlobal !== undefined
        ? { outRateLimitGlobal: minus(now.outRateLimitGlobal, z.outRateLimitGlobal) }
        : {}),
    };
  }

  /** The router's ARP table (its namespace's /proc/net/arp). */
  get arpFile(): string {
    return `/proc/${this.init}/net/arp`;
  }

  /** Destroy the router: its init dies, the namespace goes. */
  async destroy(): Promise<void> {
    try {
      this.#holder.kill("SIGKILL");
    } catch { /* already gone */ }
    await this.#holder.status;
  }
}
