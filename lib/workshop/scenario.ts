/**
 * Verifying an exercise against a fresh run of an `echolab chaos`
 * scenario: the learner's answer (an errno name) must be what the client
 * observed in that run — not what a text says.
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";
import { selfCommand } from "../sys/self_command.ts";
import type { Verdict } from "./live.ts";

const _TIMEOUT_MS = 180_000;

/**
 * Run `echolab chaos NAME --json` (bounded); its events, or why it could not run.
 *
 * @example
 * ```ts
 * const run = await runScenarioEvents("router-unreachable");
 * if ("events" in run) run.events.filter((e) => e.kind === "icmp");
 * ```
 */
export async function runScenarioEvents(
  scenario: string,
): Promise<{ events: EchoEvent[] } | { unavailable: string }> {
  const { cmd, args } = selfCommand(["chaos", scenario, "--json"]);
  const child = new Deno.Command(cmd, { args, stdin: "null", stdout: "piped", stderr: "piped" })
    .spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
  }, _TIMEOUT_MS);
  const out = await child.output();
  clearTimeout(timer);
  const stderr = new TextDecoder().decode(out.stderr).trim();
  if (out.code === 2) {
    return { unavailable: stderr.split("\n")[0] || `echolab chaos ${scenario} exited with 2` };
  }
  const events: EchoEvent[] = [];
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line));
    } catch {
      // not an event
    }
  }
  if (events.length === 0) {
    return { unavailable: stderr.split("\n")[0] || "the scenario printed no events" };
  }
  return { events };
}

/**
 * Run chaos scenario `scenario` and judge what it observed with `judge`; a
 * scenario that cannot run here gives a `skipped` verdict saying why.
 *
 * @example
 * ```ts
 * await verifyFromRun("crash-reboot", (events) => judgeAnswer("crash-reboot", events, "ECONNRESET"));
 * ```
 */
export async function verifyFromRun(
  scenario: string,
  judge: (events: EchoEvent[]) => Verdict,
): Promise<Verdict> {
  const run = await runScenarioEvents(scenario);
  if ("unavailable" in run) {
    return {
      status: "skipped",
      observed: {
        en: `cannot run 'echolab chaos ${scenario}' here: ${run.unavailable}`,
        zh: `此处无法运行 'echolab chaos ${scenario}'：${run.unavailable}`,
      },
    };
  }
  return judge(run.events);
}

/**
 * Run scenario `scenario` and compare `answer` with the errno(s) its client observed.
 *
 * @example
 * ```ts
 * await verifyScenarioAnswer("crash-reboot", "ECONNRESET");
 * ```
 */
export function verifyScenarioAnswer(scenario: string, answer: string): Promise<Verdict> {
  return verifyFromRun(scenario, (events) => judgeAnswer(scenario, events, answer));
}

/**
 * Compare `answer` with the errno names in a scenario run's `events`
 * (the client's, when it reported any).
 *
 * @example
 * ```ts
 * judgeAnswer("crash-reboot", [{ t: 1, actor: "client", kind: "error", errno: "ECONNRESET" }], "econnreset").status; // "pass"
 * ```
 */
export function judgeAnswer(
  scenario: string,
  events: readonly EchoEvent[],
  answer: string,
): Verdict {
  const run = { events };
  const verdict = run.events.find((e) => e.kind === "verdict");
  if (verdict?.status === "skipped") {
    return {
      status: "skipped",
      observed: {
        en: `'echolab chaos ${scenario}' was skipped on this machine: ${verdict.note ?? ""}`,
        zh: `'echolab chaos ${scenario}' 在本机被跳过：${verdict.note ?? ""}`,
      },
    };
  }
  const errnos = (actor?: string) => [
    ...new Set(
      run.events.filter((e) => typeof e.errno === "string" && (!actor || e.actor === actor)).map((
        e,
      ) => e.errno as string),
    ),
  ];
  const observed = errnos("client").length > 0 ? errnos("client") : errnos();
  if (observed.length === 0) {
    return {
      status: "skipped",
      observed: {
        en:
          `'echolab chaos ${scenario}' observed no error this time, so there is nothing to compare with`,
        zh: `'echolab chaos ${scenario}' 这一次没有观察到错误，无从比较`,
      },
    };
  }
  const want = answer.trim().toUpperCase();
  if (observed.includes(want)) {
    return {
      status: "pass",
      observed: {
        en: `yes: the client got ${want} in this run of echolab chaos ${scenario}`,
        zh: `正确：在这次 echolab chaos ${scenario} 运行中客户得到了 ${want}`,
      },
      data: { observed },
    };
  }
  return {
    status: "fail",
    observed: {
      en:
        `the client did not get ${want} in this run of echolab chaos ${scenario}: run it and read the client's error line`,
      zh: `在这次 echolab chaos ${scenario} 运行中客户没有得到 ${want}：运行它并读一读客户的错误行`,
    },
    data: { observed },
  };
}
