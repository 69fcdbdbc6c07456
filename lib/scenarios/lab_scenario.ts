/**
 * A chaos scenario that runs inside the lab network. `echolab chaos NAME`
 * runs in the user's namespaces; it starts the lab (a private user, network,
 * PID and mount namespace) whose first process runs the scenario's `inLab`
 * body as the client host, and relays its events. The verdict is built in
 * there, from what was observed there.
 *
 * @module
 */

import type { EventBus, Verdict } from "../events.ts";
import type { Bilingual, Lang } from "../lang.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";
import { labSkipReason } from "../lab/skip_reason.ts";
import type { Lab } from "../lab/lab.ts";
import type { IcmpWatch } from "./icmp_watch.ts";
import { HOST_SYSCTLS, spawnLab } from "../lab/launch.ts";
import { eventRelay, readNdjson } from "../lab/ndjson.ts";
import { hostSysctls } from "../lab/sysctl.ts";

/** What a scenario's `inLab` body gets. */
export interface LabRunContext {
  /** Events go here (and from here to the chaos command's output). */
  bus: EventBus;
  /** Language of the verdict. */
  lang: Lang;
  /** Pick the text of the run's language. */
  t(text: Bilingual): string;
  /** The lab, built with the scenario's sysctls, the echo server listening. */
  lab: Lab;
  /** The host's real sysctl values (read outside the lab), by dotted name. */
  hostValues: Readonly<Record<string, number>>;
  /** Register a teardown step (run last-in-first-out when the body ends). */
  defer(step: () => void | Promise<void>): void;
  /** The ICMP errors about the connection that reached the client host (the router's answers). */
  icmp: IcmpWatch;
}

/**
 * Event kinds the lab itself emits for every lab scenario: the lab built, its
 * sysctls beside the host's, the ICMP errors that reach the client host
 * (`ctx.icmp` watches for them in every lab scenario).
 *
 * @example
 * ```ts
 * LAB_KINDS; // ["lab-ready", "lab-sysctl", "icmp"]
 * ```
 */
export const LAB_KINDS: readonly string[] = ["lab-ready", "lab-sysctl", "icmp"];

/** The definition of a lab scenario. */
export interface LabScenarioSpec {
  /** Name typed after `echolab chaos`. */
  name: string;
  /** Book section. */
  section: string;
  /** One line for `chaos list`. */
  title: Bilingual;
  /** Event kinds its body emits; {@link LAB_KINDS} are added (see Scenario.emits). */
  emits: readonly string[];
  /** Upper bound in ms (default 10 000). */
  timeoutMs?: number;
  /** Sysctls of the client host (dotted names, per network namespace). */
  sysctls: Record<string, number>;
  /** Sysctls of the router's namespace. */
  routerSysctls?: Readonly<Record<string, number>>;
  /** How the router finds the server's MAC (default `static`: it never learns of a crash). */
  routerArp?: "static" | "dynamic";
  /** The scenario itself, run inside the lab as the client host. */
  inLab(ctx: LabRunContext): Promise<Verdict>;
}

/** A {@link Scenario} whose body runs in the lab. */
export interface LabScenario extends Scenario {
  /** Its definition (the lab's supervisor finds `inLab` here). */
  lab: LabScenarioSpec;
}

/**
 * Make a chaos scenario from a lab scenario definition.
 *
 * @example
 * ```ts
 * export const hostCrash = labScenario({ name: "host-crash", section: "5.14", … });
 * ```
 */
export function labScenario(spec: LabScenarioSpec): LabScenario {
  return {
    name: spec.name,
    section: spec.section,
    title: spec.title,
    emits: [...LAB_KINDS, ...spec.emits],
    timeoutMs: spec.timeoutMs,
    unsupported: (lang) => labSkipReason(lang),
    run: (ctx) => _runInLab(ctx, spec.name),
    lab: spec,
  };
}

/**
 * True for scenarios made by {@link labScenario}.
 *
 * @example
 * ```ts
 * SCENARIOS.filter(isLabScenario).map((s) => s.name);
 * ```
 */
export function isLabScenario(s: Scenario): s is LabScenario {
  return "lab" in s && typeof (s as LabScenario).lab?.inLab === "function";
}

/**
 * Run lab scenario `name` in a new lab; relay its events to `ctx.bus` and
 * return the verdict it built. The lab is killed by the runner's teardown in
 * every case.
 */
async function _runInLab(ctx: ScenarioContext, name: string): Promise<Verdict> {
  const hostValues = hostSysctls(HOST_SYSCTLS);
  const capture = !ctx.capture
    ? []
    : ctx.capture.pcap === undefined
    ? ["--capture"]
    : ["--capture", "--pcap", _absolute(ctx.capture.pcap)];
  const states = ctx.states ? ["--states"] : [];
  const lab = spawnLab(
    ["run", name, "--lang", ctx.lang, "--host", JSON.stringify(hostValues), ...capture, ...states],
    "piped",
  );
  ctx.defer(() => lab.kill());
  const stderr = new Response(lab.process.stderr).text();
  let verdict: Verdict | undefined;
  let failure: string | undefined;
  const relay = eventRelay(ctx.bus);
  await readNdjson(lab.process.stdout, (o) => {
    if (o.kind === "lab-verdict") verdict = o.verdict as Verdict;
    else if (o.kind === "lab-error") failure = String(o.message);
    else relay(o);
  });
  const status = await lab.process.status;
  if (verdict) return verdict;
  const tail = (await stderr).trim().split("\n").slice(-3).join(" | ");
  throw new Error(
    failure ??
      `the lab exited (${status.signal ?? status.code}) without a verdict${
        tail ? `: ${tail}` : ""
      }`,
  );
}

/** A path the lab's processes resolve the same way whatever their working directory. */
function _absolute(path: string): string {
  return path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
}
