/**
 * The default view a new user sees (issue #12): on a real 100×40 terminal
 * every loopback scenario fits 40 rows and every lab scenario 50, verdict
 * included; the FIN and the RST of §5.12 are on screen; no line's time is
 * earlier than the line before it; and `--json` keeps every event with `t`
 * never decreasing.
 */

import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli } from "./helpers/cli.ts";
import { countRows, PTY_UNAVAILABLE, runOnPty } from "./helpers/pty.ts";
import { canUnshare } from "./helpers/namespaces.ts";
import { SCENARIOS } from "../lib/scenarios/registry.ts";
import { isLabScenario } from "../lib/scenarios/lab_scenario.ts";

const linux = Deno.build.os === "linux";
const COLS = 100;

/** `chaos all`'s human output split per scenario: from its heading to the line before the next. */
function _perScenario(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.replace(/\n$/, "").split("\n")) {
    const head = /── chaos (\S+) \(UNP/.exec(line);
    if (head) out.set(head[1], current = []);
    // The summary table of `chaos all` belongs to no scenario.
    if (/^ {2}scenario {2,}verdict/.test(line)) current = undefined;
    current?.push(line);
  }
  return out;
}

/** The times of the event lines (`   123.4ms actor …`), in print order. */
function _times(lines: string[]): number[] {
  return lines.map((l) => /^\s*([0-9]+\.[0-9])ms /.exec(l)?.[1]).filter((t) => t !== undefined)
    .map(Number);
}

/** Run `echolab …args` piped: exit 0, its stdout as text. */
async function _text(args: string[]): Promise<string> {
  const r = await runCli(args);
  assertEqual(r.code, 0, r.stderr);
  return new TextDecoder().decode(r.stdout);
}

let _allText: Promise<string> | undefined;
/** One `chaos all` on a 100×40 pty, shared by the tests below. */
function _allOnPty(): Promise<string> {
  return _allText ??= runOnPty(["chaos", "all"], 40, COLS).then((r) => {
    assertEqual(r.code, 0, r.text);
    return r.text;
  });
}

Deno.test({
  name: "chaos view: on a 100×40 pty, every loopback scenario ≤ 40 rows, every lab scenario ≤ 50",
  ignore: !linux || PTY_UNAVAILABLE !== undefined,
  async fn() {
    const per = _perScenario(await _allOnPty());
    assertEqual([...per.keys()], SCENARIOS.map((s) => s.name));
    const over: string[] = [];
    for (const s of SCENARIOS) {
      const lines = per.get(s.name)!;
      // A scenario's own run also prints the blank line and verdict it ends with: all counted.
      const rows = countRows(lines.join("\n"), COLS);
      const budget = isLabScenario(s) ? 50 : 40;
      if (rows > budget) over.push(`${s.name}: ${rows} > ${budget}\n${lines.join("\n")}`);
    }
    assertEqual(over, [], over.join("\n\n"));
  },
});

Deno.test({
  name: "chaos view: every scenario's lines come in time order (no effect before its cause)",
  ignore: !linux || PTY_UNAVAILABLE !== undefined,
  async fn() {
    for (const [name, lines] of _perScenario(await _allOnPty())) {
      const times = _times(lines);
      assert(times.length > 0, `${name}: no event lines`);
      for (let i = 1; i < times.length; i++) {
        assert(
          times[i] >= times[i - 1],
          `${name}: ${times[i]} after ${times[i - 1]}\n${lines.join("\n")}`,
        );
      }
    }
  },
});

Deno.test({
  name: "chaos server-killed, default view: the FIN and the RST are lines of their own, in order",
  ignore: !linux || PTY_UNAVAILABLE !== undefined,
  async fn() {
    if (!canUnshare()) {
      console.log("skipped: unshare -rn is not available here (capture needs it)");
      return;
    }
    const run = await runOnPty(["chaos", "server-killed"], 40, COLS);
    assertEqual(run.code, 0, run.text);
    const lines = run.text.split("\n");
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const fin = at(/kernel\s+server → client FIN/);
    const write = at(/client\s+write of 13 bytes succeeded/);
    const rst = at(/kernel\s+server → client RST/);
    const eof = at(/client\s+read returned 0 \(EOF\)/);
    const epipe = at(/client\s+write: EPIPE/);
    assert(fin >= 0 && rst >= 0, `FIN and RST lines:\n${run.text}`);
    assert(fin < write && write < rst && rst < eof && eof < epipe, run.text);
    assert(!/SYN,ACK|PSH,ACK/.test(run.text), "plain segments stay in -v and --json");
  },
});

Deno.test({
  name: "chaos server-killed --no-capture: no packet, no capture line; -v shows every segment",
  ignore: !linux,
  async fn() {
    const plain = await _text(["chaos", "server-killed", "--no-capture"]);
    const log = plain.split("▶")[0];
    assert(!/kernel\s+(client|server) →|capture/.test(log), plain);
    if (!canUnshare()) return;
    const verbose = await _text(["chaos", "server-killed", "-v"]);
    assert(/SYN,ACK/.test(verbose) && /PSH,ACK/.test(verbose), verbose);
    assert(/↳ §5\.12/.test(verbose), "-v: the full annotations");
  },
});

Deno.test({
  name: "chaos all --json: every event kept, packets included, t never decreases",
  ignore: !linux,
  async fn() {
    const r = await runCli(["chaos", "all", "--json"]);
    assertEqual(r.code, 0, r.stderr);
    const events = parseEvents(r.stdout);
    for (let i = 1; i < events.length; i++) {
      assert(
        events[i].t >= events[i - 1].t,
        `t went back: ${JSON.stringify(events[i - 1])} then ${JSON.stringify(events[i])}`,
      );
    }
    if (canUnshare()) {
      const packets = events.filter((e) => e.kind === "packet");
      assert(packets.some((e) => String(e.flags).includes("RST")), "RSTs in --json");
      assert(packets.some((e) => e.flags === "SYN,ACK"), "every segment, not only decisive ones");
    }
    assert(events.some((e) => e.kind === "scenario-cleanup"), "teardown is marked in --json");
  },
});

Deno.test({
  name: "chaos server-killed --diagram: the diagram and the verdict, not the log before them",
  ignore: !linux,
  async fn() {
    if (!canUnshare()) return;
    const out = await _text(["chaos", "server-killed", "--diagram"]);
    assert(/C ◀── S RST/.test(out), out);
    const log = out.split("\n").filter((l) => /^\s+[0-9.]+ms (server|client|kernel) /.test(l));
    assertEqual(log, [], `no event log before the diagram:\n${out}`);
    assert(!/after the child was killed/.test(out), "no --states line without --states");
    assert(/▶ server-killed/.test(out), out);
  },
});
