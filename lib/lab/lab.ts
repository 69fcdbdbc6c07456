/**
 * The lab network, seen from inside: this process is the client host (the
 * namespace `unshare -rn` made); the router and the server host are nested
 * namespaces, client — router — server on two veth pairs (see topology.ts).
 * Built here, torn down here; if this process dies, the kernel takes
 * everything with it (it is PID 1 of the lab's PID namespace).
 *
 * @module
 */

import type { EventBus } from "../events.ts";
import { run } from "./exec.ts";
import { netNsOf, userNsOf } from "./host_procs.ts";
import { RouterHost } from "./router_host.ts";
import { ServerHost } from "./server_host.ts";
import { hostNameOf, type SysctlSetting, writeSysctl } from "./sysctl.ts";
import { TOPOLOGY } from "./topology.ts";

/** How to build a lab. */
export interface LabOptions {
  /** Sysctls of the client host's namespace, dotted names → values. */
  sysctls?: Record<string, number>;
  /** The host's real values (read outside the lab), keyed by host sysctl name. */
  hostValues?: Record<string, number>;
  /** Sysctls of the router's namespace, dotted names → values. */
  routerSysctls?: Readonly<Record<string, number>>;
  /**
   * `static` (default): the router holds a permanent ARP entry for the server
   * and never learns that it died (host-crash stays silent: ETIMEDOUT).
   * `dynamic`: the router resolves the server by ARP like any host, and
   * reports ICMP host unreachable when that fails (host-unreachable).
   */
  routerArp?: "static" | "dynamic";
}

/** The catalogue entry explaining a sysctl: `sysctl:tcp_retries2`, `sysctl:keepalive`, `sysctl:neigh`. */
function _topicOf(name: string): string {
  if (name.startsWith("net.ipv4.neigh.")) return "sysctl:neigh";
  if (name.startsWith("net.ipv4.tcp_keepalive_")) return "sysctl:keepalive";
  return `sysctl:${name.replace(/^net\.ipv4\./, "")}`;
}

function _quietIpv6(dev: string): void {
  try {
    writeSysctl(`net.ipv6.conf.${dev}.disable_ipv6`, 1);
  } catch { /* no IPv6 in this kernel: nothing to quiet */ }
}

/**
 * A running lab: the client host (this process), the router, the server host.
 *
 * @example
 * ```ts
 * const lab = await Lab.create(bus, { sysctls: { "net.ipv4.tcp_retries2": 3 } });
 * const conn = await Deno.connect({ hostname: TOPOLOGY.serverAddr, port: TOPOLOGY.port });
 * await lab.server.crash();
 * await lab.close();
 * ```
 */
export class Lab {
  #bus: EventBus;
  #server: ServerHost;
  #retired: ServerHost[] = [];
  /** The intermediate router between the two links. */
  readonly router: RouterHost;
  /** The sysctls set in the client host, each with the host's real value. */
  readonly sysctls: readonly SysctlSetting[];

  private constructor(
    bus: EventBus,
    server: ServerHost,
    router: RouterHost,
    sysctls: SysctlSetting[],
  ) {
    this.#bus = bus;
    this.#server = server;
    this.router = router;
    this.sysctls = sysctls;
  }

  /** Build the three hosts, the two links, the routes, the sysctls; start the echo server. */
  static async create(bus: EventBus, opts: LabOptions = {}): Promise<Lab> {
    const t = TOPOLOGY;
    const { clientDev, clientAddr, prefix } = t;
    const server = await ServerHost.boot(bus, 1);
    let router: RouterHost | undefined;
    try {
      router = await RouterHost.boot();
      // Link 1: client ↔ router. Link 2: router ↔ server, the server's end with a fixed MAC.
      await run("ip", [
        ...["link", "add", "name", clientDev, "type", "veth"],
        ...["peer", "name", t.routerClientDev, "netns", String(router.init)],
      ]);
      await router.ip([
        `link add name ${t.routerServerDev} type veth peer name ${t.serverDev} address ${t.serverMac} netns ${server.init}`,
      ]);
      _quietIpv6(clientDev);
      await run(
        "ip",
        ["-batch", "-"],
        [
          "link set lo up",
          `addr add ${clientAddr}/${prefix} dev ${clientDev}`,
          `link set ${clientDev} up`,
          `route add default via ${t.routerClientAddr}`,
          "",
        ].join("\n"),
      );
      await router.configure({ staticArp: (opts.routerArp ?? "static") === "static" });
      for (const [name, value] of Object.entries(opts.routerSysctls ?? {})) {
        await router.sysctl({ [name]: value });
        const host = opts.hostValues?.[hostNameOf(name)];
        bus.emit("lab", "lab-sysctl", {
          name,
          lab: value,
          on: "router",
          ...(host !== undefined ? { host } : {}),
          topic: _topicOf(name),
        });
      }
      const sysctls: SysctlSetting[] = [];
      for (const [name, value] of Object.entries(opts.sysctls ?? {})) {
        writeSysctl(name, value);
        const host = opts.hostValues?.[hostNameOf(name)];
        sysctls.push({ name, lab: value, ...(host !== undefined ? { host } : {}) });
        bus.emit("lab", "lab-sysctl", {
          name,
          lab: value,
          ...(host !== undefined ? { host } : {}),
          topic: _topicOf(name),
        });
      }
      await server.configure();
      const listening = await server.startServer();
      // From here on the router's counters are the scenario's (the hosts' own start-up is not).
      router.zeroCounters();
      bus.emit("lab", "lab-ready", {
        client: `${clientAddr} (${clientDev})`,
        router:
          `${t.routerClientAddr} (${t.routerClientDev}) / ${t.routerServerAddr} (${t.routerServerDev})`,
        server: `${t.serverAddr}:${listening.port} (${t.serverDev})`,
        userns: userNsOf("self"),
        clientNetns: netNsOf("self"),
        routerNetns: router.netns,
        serverNetns: server.netns,
        serverPidns: server.pidns,
      });
      return new Lab(bus, server, router, sysctls);
    } catch (err) {
      await server.destroy();
      await router?.destroy();
      throw err;
    }
  }

  /** The current incarnation of the server host. */
  get server(): ServerHost {
    return this.#server;
  }

  /**
   * Reboot the server host: a fresh namespace with no memory of any
   * connection takes over the link, the old one is destroyed, the server
   * starts again. Resolves to the new incarnation.
   */
  async reboot(): Promise<ServerHost> {
    const old = this.#server;
    const next = await ServerHost.boot(this.#bus, old.generation + 1);
    try {
      await old.moveDeviceTo(next);
    } catch (err) {
      await next.destroy();
      throw err;
    }
    this.#server = next;
    this.#retired.push(old);
    await old.destroy();
    await next.configure();
    await next.startServer();
    this.router.zeroCounters(); // as at the first boot: the new host's start-up is not counted
    return next;
  }

  /** Tear everything down: every host incarnation and its processes, the router. */
  async close(): Promise<void> {
    for (const host of [this.#server, ...this.#retired]) await host.destroy();
    await this.router.destroy();
    try {
      await run("ip", ["link", "del", TOPOLOGY.clientDev]);
    } catch { /* went with the server's namespace */ }
  }
}
