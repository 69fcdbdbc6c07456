/**
 * `echolab __lab …`: the lab's PID 1 and its client host. It builds the lab,
 * runs one scenario (`run NAME`) or keeps the lab up for the two-terminal
 * demo (`serve`), writes every event as NDJSON on stdout, and exits when its
 * stdin (a pipe from the echolab that started it) ends — taking the whole lab
 * with it.
 *
 * @module
 */

import { messageOf } from "../sys/errno.ts";
import { captureOrSkip } from "../capture/capture_or_skip.ts";
import { EventBus, type Verdict } from "../events.ts";
import type { Lang } from "../lang.ts";
import { textOut } from "../term/output.ts";
import { statesAtPoints } from "../report/states_points.ts";
import { SCENARIOS } from "../scenarios/registry.ts";
import { Lab } from "../lab/lab.ts";
import { isLabScenario } from "../scenarios/lab_scenario.ts";
import { serveLabSupervisor } from "../lab/serve_supervisor.ts";
import { TOPOLOGY } from "../lab/topology.ts";
import { watchIcmp } from "../scenarios/icmp_watch.ts";

function _flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * Read stdin lines (commands) until EOF; at EOF the echolab that started the
 * lab is gone or done, so the lab ends: exit, and the kernel kills the rest.
 */
function _watchParent(onLine: (line: string) => void): void {
  (async () => {
    const decoder = new TextDecoder();
    let pending = "";
    try {
      for await (const chunk of Deno.stdin.readable) {
        pending += decoder.decode(chunk, { stream: true });
        let nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
          onLine(pending.slice(0, nl));
          pending = pending.slice(nl + 1);
        }
      }
    } catch { /* parent gone */ }
    Deno.exit(0);
  })();
}

async function _runScenario(bus: EventBus, out: (o: unknown) => void, args: string[]) {
  const name = args[0];
  const lang: Lang = _flag(args, "--lang") === "zh" ? "zh" : "en";
  const hostValues = JSON.parse(_flag(args, "--host") ?? "{}") as Record<string, number>;
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario || !isLabScenario(scenario)) throw new Error(`no lab scenario '${name}'`);
  const spec = scenario.lab;
  const lab = await Lab.create(bus, {
    sysctls: spec.sysctls,
    hostValues,
    routerSysctls: spec.routerSysctls,
    routerArp: spec.routerArp,
  });
  const steps: (() => void | Promise<void>)[] = [];
  // --diagram/--pcap: capture on the client host's end of the veth pair, where
  // every segment of the connection passes (UNP §5.14–5.16 happen on this wire).
  const capture = args.includes("--capture")
    ? captureOrSkip({ bus, iface: TOPOLOGY.clientDev, pcap: _flag(args, "--pcap") }).capture
    : undefined;
  // --states: the tables are read here, in the lab's namespaces, and published as
  // `states` events (the echolab outside cannot see the lab's sockets).
  const unsubscribe = args.includes("--states")
    ? bus.subscribe(statesAtPoints(bus, { json: true, lang, inLab: true }))
    : undefined;
  // The router's ICMP errors that reach the client host, in every lab scenario: from the
  // full capture when there is one, else from a capture of ICMP alone.
  const icmp = watchIcmp(bus, capture !== undefined, (step) => void steps.push(step));
  let verdict: Verdict;
  try {
    verdict = await spec.inLab({
      bus,
      lang,
      t: (text) => text[lang],
      lab,
      hostValues,
      defer: (step) => void steps.push(step),
      icmp,
    });
  } finally {
    for (const step of steps.reverse()) {
      try {
        await step();
      } catch { /* keep tearing down */ }
    }
    const stats = await capture?.stop().catch(() => undefined);
    if (stats) bus.emit("kernel", "capture-stats", { ...stats, pcap: _flag(args, "--pcap") });
    unsubscribe?.();
    await lab.close();
  }
  out({ kind: "lab-verdict", verdict });
}

/**
 * Run the lab's PID 1 with `args` (`run NAME --lang L --host JSON` or
 * `serve …`); resolves to the exit code.
 *
 * @example
 * ```ts
 * // started by spawnLab(["run", "host-crash", "--lang", "en"], "piped")
 * await labMain(["run", "host-crash", "--lang", "en"]);
 * ```
 */
export async function labMain(args: string[]): Promise<number> {
  const stdout = textOut(Deno.stdout);
  const out = (o: unknown) => stdout.line(JSON.stringify(o));
  const bus = new EventBus([(e) => out(e)]);
  const commands: ((line: string) => void)[] = [];
  _watchParent((line) => commands.forEach((c) => c(line)));
  try {
    if (args[0] === "run") {
      await _runScenario(bus, out, args.slice(1));
      return 0;
    }
    if (args[0] === "serve") {
      return await serveLabSupervisor(bus, args.slice(1), (c) => void commands.push(c));
    }
    throw new Error(`unknown lab mode '${args[0]}'`);
  } catch (err) {
    out({ kind: "lab-error", message: messageOf(err) });
    return 1;
  }
}
