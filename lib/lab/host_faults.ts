/**
 * Faults on the lab's server host, carried out and reported as events: the
 * same `host-crash`, `init-sigterm`/`init-sigkill` and `host-off` events
 * whether a chaos scenario or `echolab host` (through `serve --lab`) asks.
 *
 * @module
 */

import type { EventBus } from "../events.ts";
import type { HostProc } from "./host_procs.ts";
import type { RouterHost, RouteState } from "./router_host.ts";
import type { ServerHost } from "./server_host.ts";
import { TOPOLOGY } from "./topology.ts";

/** What an orderly shutdown did: pids sent SIGTERM, pids that needed SIGKILL, the wait. */
export type ShutdownSteps = Awaited<ReturnType<ServerHost["shutdown"]>>;

/**
 * Crash the server host (UNP §5.14: address gone, every process SIGKILLed,
 * nothing sent), report what was killed as a `host-crash` event, and return
 * the killed processes.
 *
 * @example
 * ```ts
 * const victims = await crashHost(lab.server, bus);
 * ```
 */
export async function crashHost(server: ServerHost, bus: EventBus): Promise<HostProc[]> {
  const victims = await server.crash();
  bus.emit("lab", "host-crash", {
    host: "server",
    address: TOPOLOGY.serverAddr,
    killed: victims.map((v) => `${v.pid} ${v.name}`),
  });
  return victims;
}

/**
 * Shut the server host down as init does (UNP §5.16: SIGTERM to all, SIGKILL
 * to the survivors after `graceMs`, power off), reporting each step as it
 * happens and the end as a `host-off` event.
 *
 * @example
 * ```ts
 * const steps = await shutdownHost(lab.server, bus, 1000);
 * ```
 */
export async function shutdownHost(
  server: ServerHost,
  bus: EventBus,
  graceMs: number,
): Promise<ShutdownSteps> {
  const steps = await server.shutdown(graceMs, (step, procs) => {
    bus.emit("lab", step === "sigterm" ? "init-sigterm" : "init-sigkill", {
      host: "server",
      signal: step === "sigterm" ? "SIGTERM" : "SIGKILL",
      pids: procs.map((p) => `${p.pid} ${p.name}`),
      topic: "host-shutdown",
    });
  });
  bus.emit("lab", "host-off", {
    host: "server",
    terminated: steps.termed.length,
    killed: steps.killed.length,
    waited_ms: steps.waitedMs,
  });
  return steps;
}

/** The `ip` command each router state stands for, as a learner would type it on the router. */
const _ROUTE_COMMAND: Record<RouteState, string> = {
  "unreachable": `ip route replace unreachable ${TOPOLOGY.serverAddr}/32`,
  "no-route": `ip route del ${TOPOLOGY.serverNet} dev ${TOPOLOGY.routerServerDev}`,
  "blackhole": `ip route replace blackhole ${TOPOLOGY.serverAddr}/32`,
  "forwarding": `ip route add ${TOPOLOGY.serverNet} dev ${TOPOLOGY.routerServerDev}`,
};

/**
 * Change what the lab's router does with packets for the server (UNP §5.14's
 * intermediate router) and report it as a `router-route` event: `unreachable`
 * (ICMP host unreachable), `no-route` (ICMP net unreachable), `blackhole`
 * (silent drop), `forwarding` (normal).
 *
 * @example
 * ```ts
 * await setRouterRoute(lab.router, bus, "unreachable");
 * ```
 */
export async function setRouterRoute(
  router: RouterHost,
  bus: EventBus,
  route: RouteState,
): Promise<void> {
  const before = router.route;
  await router.setRoute(route);
  bus.emit("lab", "router-route", {
    router: TOPOLOGY.routerClientAddr,
    route,
    ...(before !== "forwarding" && route === "forwarding" ? { undid: before } : {}),
    command: route === "forwarding" && before !== "no-route"
      ? `ip route del ${TOPOLOGY.serverAddr}/32`
      : _ROUTE_COMMAND[route],
    topic: `router-${route}`,
  });
}
