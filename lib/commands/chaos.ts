/**
 * `echolab chaos list | NAME | all`: run the chapter's failure scenarios for real.
 *
 * @module
 */

import { checkPcapPath } from "../capture/pcap_path.ts";
import { parseFlags, parseLang } from "../cli/args.ts";
import type { Command } from "../cli/command.ts";
import { UsageError } from "../errors.ts";
import { didYouMean, suggestKeys } from "../explain/suggest.ts";
import type { Bilingual, Lang } from "../lang.ts";
import type { TextOut } from "../term/output.ts";
import { reportingBus } from "../report/reporter.ts";
import { paint } from "../term/style.ts";
import { wrapColumns } from "../term/text_width.ts";
import { findScenario, SCENARIOS } from "../scenarios/registry.ts";
import { runScenario, type ScenarioResult } from "../scenarios/runner.ts";
import { runCaptured } from "../scenarios/captured_run.ts";
import { isLabScenario } from "../scenarios/lab_scenario.ts";
import { insidePrivateNetns, netnsUnavailable, reexecInNetns } from "../scenarios/netns_reexec.ts";
import { renderSequenceDiagram } from "../report/sequence_diagram.ts";
import { statesAtPoints } from "../report/states_points.ts";
import { shellStatusFor } from "../sys/signals.ts";

const HELP: Bilingual = {
  en: `echolab chaos — the chapter's failure scenarios, run for real

Usage:
  echolab chaos list              the scenarios, with their book sections
  echolab chaos NAME [options]    run one scenario
  echolab chaos all [options]     run every scenario, then a summary table

Each scenario starts its own servers and clients, observes what the OS does,
cleans up everything (also on Ctrl-C), and ends with a verdict: what the book
says, what this OS just did, and the note that reconciles them.

One line per event, in time order, with a short gloss the first time an
explanation applies; the segments the story turns on (SYN, FIN, RST,
retransmissions, ICMP) are lines of their own: loopback scenarios rerun in a
private network namespace (unshare -rn) to capture them, lab scenarios
capture on the lab's own wire. Setup and cleanup are folded to one line each.

Options:
  -v, --verbose   every event and every segment, each explanation in full the
                  first time it applies, and the verdict whole (the default
                  cuts a long part after a few sentences: [… -v])
  --no-capture    no packet capture (and no rerun under unshare -rn)
  --diagram       the captured packets and the events as a sequence diagram,
                  then the verdict (instead of the event lines)
  --pcap FILE     also write the captured packets to FILE (tcpdump -r reads it)
  --states        show the socket and process tables (from /proc) at the
                  moments the book shows netstat/ps output
  --json          NDJSON events; each scenario ends with {"kind":"verdict",…}
  --lang en|zh    language of the explanations (default from LANG)
  -h, --help      this help

Examples:
  echolab chaos list
  echolab chaos server-killed
  echolab chaos all --json | grep verdict
  echolab chaos server-killed --diagram --states
  echolab chaos sigpipe --diagram --pcap sigpipe.pcap
  echolab chaos crash-reboot --diagram   # retransmissions, then the RST
`,
  zh: `echolab chaos — 本章的故障场景，真实地运行

用法：
  echolab chaos list              列出场景及其在书中的小节
  echolab chaos NAME [选项]       运行一个场景
  echolab chaos all [选项]        运行全部场景，最后给出汇总表

每个场景自己启动服务器和客户，观察操作系统的行为，最后清理一切（按 Ctrl-C
时也一样），并给出结论：书上怎么说，这个操作系统刚才做了什么，以及如何把两者
对上。

每个事件一行，按时间顺序；某条解释第一次用到时附一句简短的注解；故事所依赖的
分节（SYN、FIN、RST、重传、ICMP）各占一行：回环场景在一个私有网络命名空间
（unshare -rn）中重新运行以捕获它们，实验网络的场景在实验网络自己的链路上捕获。
准备和清理各折叠为一行。

选项：
  -v, --verbose   显示每个事件和每个分节，每条解释第一次用到时给出全文，结论也
                  完整显示（默认在几句之后截断较长的部分：[……-v]）
  --no-capture    不捕获分组（也不在 unshare -rn 中重新运行）
  --diagram       把捕获的分组和事件画成时序图，然后给出结论（代替逐行事件）
  --pcap FILE     同时把捕获的分组写入 FILE（可用 tcpdump -r 读取）
  --states        在书中给出 netstat/ps 输出的那些时刻，显示套接字表和进程表
                  （读自 /proc）
  --json          NDJSON 事件；每个场景的最后一个是 {"kind":"verdict",…}
  --lang en|zh    解释所用的语言（默认取自 LANG）
  -h, --help      本帮助

示例：
  echolab chaos list
  echolab chaos server-killed
  echolab chaos all --json | grep verdict
  echolab chaos server-killed --diagram --states
  echolab chaos sigpipe --diagram --pcap sigpipe.pcap
  echolab chaos crash-reboot --diagram   # 先是重传，然后是 RST
`,
};

/**
 * How long events wait to be put in time order before they are shown: packets
 * (kernel timestamps) and the lab's relayed events reach the bus a few ms late.
 */
const _HOLD_MS = 250;

/** The scenario table; titles wrap under themselves within the width (80 when unknown). */
function _list(out: TextOut, lang: Lang): void {
  const width = Math.max(...SCENARIOS.map((s) => s.name.length));
  const indent = " ".repeat(2 + width + 2 + 7);
  for (const s of SCENARIOS) {
    const lines = wrapColumns(s.title[lang], out.columns ?? 80, indent);
    lines[0] = `  ${s.name.padEnd(width)}  §${s.section.padEnd(5)} ${
      lines[0].slice(indent.length)
    }`;
    for (const line of lines) out.line(line);
  }
}

function _summary(out: TextOut, results: ScenarioResult[]): void {
  const c = out.color;
  const width = Math.max(8, ...results.map((r) => r.verdict.scenario.length));
  out.line("");
  out.line(`  ${"scenario".padEnd(width)}  ${"verdict".padEnd(8)}  time`);
  for (const { verdict, ms } of results) {
    const style = verdict.status === "as-book"
      ? "green"
      : verdict.status === "differs"
      ? "yellow"
      : verdict.status === "error"
      ? "red"
      : "dim";
    out.line(
      `  ${verdict.scenario.padEnd(width)}  ${paint(c, style, verdict.status.padEnd(8))}  ${
        (ms / 1000).toFixed(1)
      } s`,
    );
  }
  const total = results.reduce((sum, r) => sum + r.ms, 0);
  out.line(`  ${"total".padEnd(width)}  ${"".padEnd(8)}  ${(total / 1000).toFixed(1)} s`);
}

/** The `chaos` subcommand. */
export const chaosCommand: Command = {
  name: "chaos",
  summary: {
    en: "run the chapter's failure scenarios for real (list | NAME | all)",
    zh: "真实地运行本章的故障场景（list | NAME | all）",
  },
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseFlags("chaos", args, {
      diagram: { type: "boolean", default: false },
      pcap: { type: "string" },
      states: { type: "boolean", default: false },
      verbose: { type: "boolean", short: "v", default: false },
      "no-capture": { type: "boolean", default: false },
    }, 1);
    const lang = parseLang(values.lang, "chaos");
    const what = positionals[0];
    if (!what) {
      throw new UsageError({
        en: "which scenario? (echolab chaos list)",
        zh: "哪个场景？（echolab chaos list）",
      }, "chaos");
    }
    if (what === "list") {
      if (values.json) {
        for (const s of SCENARIOS) {
          ctx.stdout.line(
            JSON.stringify({
              kind: "scenario",
              name: s.name,
              section: s.section,
              title: s.title[lang],
            }),
          );
        }
      } else _list(ctx.stdout, lang);
      return 0;
    }
    const chosen = what === "all" ? SCENARIOS : [findScenario(what)];
    if (!chosen[0]) {
      const near = didYouMean(suggestKeys(what, SCENARIOS.map((s) => s.name)), {
        en: " (echolab chaos list)",
        zh: "（echolab chaos list）",
      });
      throw new UsageError({
        en: `unknown scenario '${what}'${near.en}`,
        zh: `未知场景 '${what}'${near.zh}`,
      }, "chaos");
    }

    const noCapture = values["no-capture"];
    const explicit = values.diagram || values.pcap !== undefined;
    if (noCapture && explicit) {
      throw new UsageError({
        en: "--no-capture contradicts --diagram and --pcap (they need the packets)",
        zh: "--no-capture 与 --diagram、--pcap 矛盾（它们需要捕获的分组）",
      }, "chaos");
    }
    if (explicit && what === "all") {
      throw new UsageError({
        en: "--diagram and --pcap take one scenario, not 'all'",
        zh: "--diagram 和 --pcap 只接受一个场景，不接受 'all'",
      }, "chaos");
    }
    if (values.pcap === "") {
      throw new UsageError(
        { en: "--pcap needs a file name", zh: "--pcap 需要一个文件名" },
        "chaos",
      );
    }
    // Before the run: a bad path is one line and exit 2, not an error after the scenario.
    if (values.pcap !== undefined) checkPcapPath(values.pcap);
    // Packets by default (UNP §5.12 is about a FIN and an RST): loopback scenarios re-run
    // in a private network namespace (unshare -rn), where echolab may open a packet socket;
    // lab scenarios capture on the lab's own wire.
    const capturing = !noCapture;
    let skipReason: string | undefined;
    if (
      capturing && chosen.some((s) => s !== undefined && !isLabScenario(s)) &&
      !insidePrivateNetns()
    ) {
      skipReason = await netnsUnavailable();
      if (!skipReason) return await reexecInNetns(["chaos", ...args]);
    }

    const diagramOnly = values.diagram && !values.json;
    const { reporter, bus } = reportingBus({
      json: values.json,
      lang,
      stdout: ctx.stdout,
      human: ctx.stdout,
      verbose: values.verbose,
      holdMs: _HOLD_MS,
      // --diagram: the diagram and the verdict, not the log before them. Without
      // --states, no line stands for tables the user did not ask for.
      shows: (e) =>
        diagramOnly
          ? e.kind === "capture-skipped" || e.kind === "states"
          : values.states || e.kind !== "states-point",
    });
    if (values.states) {
      // The tables come back as `states` events, put in time order with the rest.
      bus.subscribe(statesAtPoints(bus, { json: true, lang }));
    }
    const interrupt = new AbortController();
    let stoppedBy: "SIGINT" | "SIGTERM" | undefined;
    const onSignal = (sig: "SIGINT" | "SIGTERM") => () => {
      stoppedBy ??= sig;
      interrupt.abort();
    };
    const onInt = onSignal("SIGINT");
    const onTerm = onSignal("SIGTERM");
    Deno.addSignalListener("SIGINT", onInt);
    Deno.addSignalListener("SIGTERM", onTerm);
    const results: ScenarioResult[] = [];
    try {
      for (const scenario of chosen as typeof SCENARIOS) {
        if (interrupt.signal.aborted) break;
        if (capturing) {
          const run = await runCaptured(scenario, bus, lang, interrupt.signal, {
            pcap: values.pcap,
            skipReason,
            states: values.states,
          });
          results.push(run);
          reporter.flush();
          if (values.diagram && !values.json && run.events.some((e) => e.kind === "packet")) {
            for (
              const l of renderSequenceDiagram(
                // No line stands for tables the user did not ask for.
                run.events.filter((e) => values.states || e.kind !== "states-point"),
                {
                  columns: ctx.stdout.columns,
                  color: ctx.stdout.color,
                  lang,
                },
              )
            ) ctx.stdout.line(l);
          }
          reporter.verdict(run.verdict, bus.now());
          continue;
        }
        let points = 0;
        const counting = bus.subscribe((e) => void (e.kind === "states-point" && points++));
        const result = await runScenario(scenario, bus, lang, interrupt.signal, {
          states: values.states,
        });
        counting();
        // --states asked for tables this scenario never marks: say so rather than stay silent.
        if (values.states && points === 0 && result.verdict.status !== "skipped") {
          bus.emit("scenario", "states-none", { scenario: scenario.name, topic: "states-none" });
        }
        results.push(result);
        reporter.verdict(result.verdict, bus.now());
      }
    } finally {
      Deno.removeSignalListener("SIGINT", onInt);
      Deno.removeSignalListener("SIGTERM", onTerm);
    }
    if (stoppedBy) return shellStatusFor(stoppedBy);
    if (what === "all") {
      if (values.json) {
        ctx.stdout.line(JSON.stringify({
          t: bus.now(),
          actor: "scenario",
          kind: "summary",
          scenarios: results.map((r) => ({
            name: r.verdict.scenario,
            status: r.verdict.status,
            ms: r.ms,
          })),
        }));
      } else _summary(ctx.stdout, results);
    }
    return results.some((r) => r.verdict.status === "error") ? 1 : 0;
  },
};
