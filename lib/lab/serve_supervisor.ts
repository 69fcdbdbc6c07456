/**
 * `echolab __lab serve`: the lab for the two-terminal demo. It builds the lab
 * with timers a person can watch (tcp_retries2 = 6: ETIMEDOUT about 27–51 s
 * after a crash, depending on the RTO; keepalive after 10 s idle), keeps it up, reports the
 * client host's kernel (retransmissions, probes, state changes), and carries
 * out the commands `echolab host …` sends: crash, reboot, shutdown, cut,
 * unreachable, no-route, blackhole (the router's), restore, status.
 *
 * @module
 */

import { captureOrSkip } from "../capture/capture_or_skip.ts";
import { messageOf } from "../sys/errno.ts";
import type { EventBus } from "../events.ts";
import type { HostCommand } from "./host_commands.ts";
import { crashHost, setRouterRoute, shutdownHost } from "./host_faults.ts";
import { describeProc } from "./host_procs.ts";
import { Lab } from "./lab.ts";
import { isFullSocket, parseNetTcp } from "../proc/parse_net_tcp.ts";
import { readProcAsync } from "../proc/proc_file.ts";
import { TcpObserver } from "./tcp_observer.ts";
import { TOPOLOGY } from "./topology.ts";
import { ROUTER_SYSCTLS } from "./router_host.ts";

/**
 * The demo's client-host sysctls.
 *
 * @example
 * ```ts
 * await Lab.create(bus, { sysctls: { ...DEMO_SYSCTLS } });
 * ```
 */
export const DEMO_SYSCTLS: Readonly<Record<string, number>> = {
  "net.ipv4.tcp_retries2": 6,
  "net.ipv4.tcp_keepalive_time": 10,
  "net.ipv4.tcp_keepalive_intvl": 5,
  "net.ipv4.tcp_keepalive_probes": 3,
};

/** A command as it travels from `echolab host` through `serve --lab` to here. */
export interface CommandMessage {
  /** Sequence number chosen by `serve --lab`. */
  id: number;
  /** What to do. */
  cmd: HostCommand;
  /** Grace period of `shutdown`, ms. */
  graceMs?: number;
}

function _flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function _clientConnections(): Promise<Record<string, unknown>[]> {
  const rows = parseNetTcp(await readProcAsync("/proc/net/tcp")).filter(isFullSocket);
  return rows.filter((r) => r.foreignAddress === TOPOLOGY.serverAddr).map((r) => ({
    local: r.local,
    state: r.state,
    unacked: r.sendQ,
    backoffs: r.retransmits,
    rto_ms: r.rtoMs,
  }));
}

async function _run(
  lab: Lab,
  bus: EventBus,
  obs: TcpObserver,
  m: CommandMessage,
): Promise<{ ok: boolean; message?: string }> {
  const server = lab.server;
  const down = server.state === "crashed" || server.state === "down";
  switch (m.cmd) {
    case "crash": {
      if (down) return { ok: false, message: "the server host is already down" };
      await crashHost(server, bus);
      obs.mark();
      return { ok: true };
    }
    case "reboot": {
      if (!down) {
        await crashHost(server, bus);
        obs.mark();
      }
      // Stamped when the reboot starts: the server it starts must not be shown before it.
      const rebootStart = bus.now();
      const host = await lab.reboot();
      bus.emit("lab", "host-reboot", {
        host: "server",
        generation: host.generation,
        netns: host.netns,
        t: rebootStart,
      });
      return { ok: true };
    }
    case "shutdown": {
      if (down) return { ok: false, message: "the server host is already down" };
      const graceMs = m.graceMs ?? 5000;
      obs.mark();
      await shutdownHost(server, bus, graceMs);
      return { ok: true };
    }
    case "cut": {
      if (server.state !== "up") {
        return { ok: false, message: `the server host is ${server.state}` };
      }
      await server.cut();
      obs.mark();
      bus.emit("lab", "host-cut", { host: "server", address: TOPOLOGY.serverAddr });
      return { ok: true };
    }
    case "unreachable":
    case "no-route":
    case "blackhole": {
      // The router's faults (UNP §5.14's intermediate router): the server host is untouched.
      await setRouterRoute(lab.router, bus, m.cmd);
      obs.mark();
      return { ok: true };
    }
    case "restore": {
      const routed = lab.router.route !== "forwarding";
      if (routed) await setRouterRoute(lab.router, bus, "forwarding");
      if (server.state === "cut") {
        await server.restore();
        bus.emit("lab", "host-restore", { host: "server", address: TOPOLOGY.serverAddr });
        return { ok: true };
      }
      if (routed) return { ok: true };
      return {
        ok: false,
        message: down
          ? "a crashed host does not come back with its memory: use `echolab host reboot`"
          : "the server host is not cut off and the router forwards",
      };
    }
    case "status": {
      bus.emit("lab", "host-status", {
        host: "server",
        state: server.state,
        generation: server.generation,
        processes: server.processes().map((pid) => {
          const p = describeProc(pid);
          return `${p.pid} ${p.name}`;
        }),
        clients: await _clientConnections(),
        router: TOPOLOGY.routerClientAddr,
        route: lab.router.route,
        ...(() => {
          const c = lab.router.icmpCounters();
          return {
            icmp_unreachable_sent: c.outDestUnreachs,
            ...(c.outRateLimitHost !== undefined ? { icmp_rate_limited: c.outRateLimitHost } : {}),
          };
        })(),
      });
      return { ok: true };
    }
  }
}

/**
 * Build the demo lab and serve commands until stdin ends.
 *
 * @example
 * ```ts
 * await serveLabSupervisor(bus, ["--host", "{}"], (handler) => onLine = handler);
 * ```
 */
export async function serveLabSupervisor(
  bus: EventBus,
  args: string[],
  onCommand: (handler: (line: string) => void) => void,
): Promise<number> {
  const hostValues = JSON.parse(_flag(args, "--host") ?? "{}") as Record<string, number>;
  const lab = await Lab.create(bus, {
    sysctls: { ...DEMO_SYSCTLS },
    routerSysctls: { ...ROUTER_SYSCTLS },
    hostValues,
  });
  const obs = new TcpObserver(bus, { remotePort: TOPOLOGY.port });
  obs.start();
  // The router's ICMP errors, as they reach the client host (host unreachable / no-route).
  captureOrSkip({ bus, iface: TOPOLOGY.clientDev, only: "icmp" });
  let queue = Promise.resolve();
  onCommand((line) => {
    let m: CommandMessage;
    try {
      m = JSON.parse(line) as CommandMessage;
    } catch {
      return;
    }
    queue = queue.then(async () => {
      let result: { ok: boolean; message?: string };
      try {
        result = await _run(lab, bus, obs, m);
      } catch (err) {
        result = { ok: false, message: messageOf(err) };
      }
      bus.emit("lab", "host-done", {
        id: m.id,
        command: m.cmd,
        ok: result.ok,
        state: lab.server.state,
        ...(result.message ? { message: result.message } : {}),
      });
    });
  });
  // Runs until the parent closes stdin (supervisor.ts then exits, and the kernel ends the lab).
  return await new Promise<number>(() => {});
}
