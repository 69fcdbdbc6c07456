import type { EchoEvent } from "../lib/events.ts";
import { displayWidth } from "../lib/term/text_width.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli, spawnCli, type SpawnOptions } from "./helpers/cli.ts";
import { onPath } from "./helpers/commands.ts";
import { canUnshare } from "./helpers/namespaces.ts";
import { childrenOf, eventually, pidExists } from "./helpers/proc.ts";

const linux = Deno.build.os === "linux";

function _index(events: EchoEvent[], from: number, pred: (e: EchoEvent) => boolean): number {
  for (let i = from; i < events.length; i++) if (pred(events[i])) return i;
  return -1;
}

/** Why the namespace tests cannot run here, decided before any test starts (undefined: they can). */
const NO_NAMESPACES: string | undefined = !linux
  ? "needs Linux"
  : !canUnshare()
  ? "unshare -rn is not available here"
  : undefined;

/** tcpdump reads the pcap files back; without it that step is ignored, and says so. */
const HAVE_TCPDUMP = onPath("tcpdump");

/**
 * A Linux test that needs `unshare -rn` (the capture and the lab run in
 * private namespaces); where unshare cannot make them it is ignored, with
 * the reason in its name.
 */
function _namespaceTest(name: string, fn: (t: Deno.TestContext) => Promise<void>): void {
  Deno.test({
    name: NO_NAMESPACES ? `${name} (ignored: ${NO_NAMESPACES})` : name,
    ignore: NO_NAMESPACES !== undefined,
    fn,
  });
}

/** Run `fn` with a fresh temporary directory, removed afterwards. */
async function _inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Run `echolab …args` to the end: exit 0, NDJSON events, a verdict last. */
async function _chaosEvents(args: string[], opts?: SpawnOptions): Promise<EchoEvent[]> {
  const r = await runCli(args, "", opts);
  assertEqual(r.code, 0, r.stderr);
  const events = parseEvents(r.stdout);
  assertEqual(events.at(-1)?.kind, "verdict");
  return events;
}

/** A step that reads the pcap back with `tcpdump -r FILE -nn` (one line per packet) and checks it. */
async function _tcpdumpStep(
  t: Deno.TestContext,
  pcap: string,
  check: (lines: string[]) => void,
): Promise<void> {
  await t.step({
    name: `tcpdump -r reads the pcap back${
      HAVE_TCPDUMP ? "" : " (ignored: tcpdump is not installed)"
    }`,
    ignore: !HAVE_TCPDUMP,
    async fn() {
      const read = await new Deno.Command("tcpdump", {
        args: ["-r", pcap, "-nn"],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert(read.success, new TextDecoder().decode(read.stderr));
      check(new TextDecoder().decode(read.stdout).trim().split("\n"));
    },
  });
}

_namespaceTest(
  "chaos server-killed --diagram --states --pcap: FIN, data, RST; FIN_WAIT2 + CLOSE_WAIT Recv-Q 1",
  (t) =>
    _inTempDir(async (dir) => {
      const pcap = `${dir}/run.pcap`;
      const events = await _chaosEvents([
        "chaos",
        "server-killed",
        "--diagram",
        "--states",
        "--pcap",
        pcap,
        "--json",
      ]);
      assert(!events.some((e) => e.kind === "capture-skipped"), JSON.stringify(events));
      const port = events.find((e) => e.kind === "listening")?.port as number;
      assert(port > 0, "listening port");
      const server = `127.0.0.1:${port}`;
      // Packets in kernel time order (the bus delivers them live, slightly after the fact).
      const packets = events.filter((e) => e.kind === "packet").sort((a, b) => a.t - b.t);
      const fin = _index(packets, 0, (p) => p.from === server && String(p.flags).includes("FIN"));
      const data = _index(packets, fin + 1, (p) => p.to === server && Number(p.len) > 0);
      const rst = _index(packets, data + 1, (p) => p.from === server && String(p.flags) === "RST");
      assert(
        fin >= 0 && data > fin && rst > data,
        `FIN, data, RST in order: ${JSON.stringify(packets)}`,
      );

      const states = events.find((e) => e.kind === "states");
      assert(states, "a states event");
      const sockets = states.sockets as { state: string; recvQ: number; localPort: number }[];
      assert(
        sockets.some((s) => s.state === "FIN_WAIT2" && s.localPort === port),
        `FIN_WAIT2 on the server side: ${JSON.stringify(sockets)}`,
      );
      assert(
        sockets.some((s) => s.state === "CLOSE_WAIT" && s.recvQ === 1),
        `CLOSE_WAIT with Recv-Q 1: ${JSON.stringify(sockets)}`,
      );

      const stats = events.find((e) => e.kind === "capture-stats");
      assert(stats && Number(stats.pcapRecords) === packets.length, JSON.stringify(stats));
      await _tcpdumpStep(t, pcap, (lines) => {
        assertEqual(lines.length, packets.length);
        assert(lines.some((l) => l.includes(`127.0.0.1.${port} >`) && l.includes("Flags [R]")));
      });
    }),
);

Deno.test({
  name: "chaos sigpipe --diagram, human output piped: every diagram line fits 80 columns",
  ignore: !linux,
  async fn() {
    const r = await runCli(["chaos", "sigpipe", "--diagram", "--lang", "en"], "", {
      env: { COLUMNS: "60" },
    });
    assertEqual(r.code, 0, r.stderr);
    const lines = new TextDecoder().decode(r.stdout).split("\n");
    // The diagram runs from its legend ("C = client …") to the verdict ("▶ sigpipe …").
    const start = lines.findIndex((l) => l.startsWith("C = "));
    const end = lines.findIndex((l) => l.startsWith("▶"));
    assert(start >= 0 && end > start, lines.join("\n"));
    const diagram = lines.slice(start, end);
    assert(diagram.some((l) => /──▶|◀──/.test(l)), diagram.join("\n"));
    for (const line of diagram) assert(displayWidth(line) <= 80, `too wide: ${line}`);
  },
});

Deno.test({
  name: "chaos --diagram without unshare: capture-skipped with the reason, no packets invented",
  ignore: !linux,
  async fn() {
    const events = await _chaosEvents(["chaos", "server-killed", "--diagram", "--json"], {
      env: { PATH: "/nonexistent" },
    });
    const skipped = events.find((e) => e.kind === "capture-skipped");
    assert(skipped && /unshare/.test(String(skipped.reason)), JSON.stringify(skipped));
    assertEqual(events.filter((e) => e.kind === "packet").length, 0);
  },
});

Deno.test("chaos all --diagram is a usage error", async () => {
  const r = await runCli(["chaos", "all", "--diagram"]);
  assertEqual(r.code, 2);
  assert(r.stderr.startsWith("echolab: "), r.stderr);
});

Deno.test({
  name:
    "connect --states --json: after connect the table shows the ESTABLISHED pair and the client",
  ignore: !linux,
  async fn() {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    const serving = (async () => {
      const conn = await listener.accept();
      const buf = new Uint8Array(64);
      const n = await conn.read(buf);
      if (n) await conn.write(buf.subarray(0, n));
      await conn.read(buf).catch(() => null); // the client's FIN
      conn.close();
    })();
    try {
      const r = await runCli(["connect", "--port", String(port), "--states", "--json"], "hi\n");
      assertEqual(r.code, 0, r.stderr);
      const events = parseEvents(r.stdout);
      const i = events.findIndex((e) => e.kind === "connected");
      const states = events.slice(i).find((e) => e.kind === "states");
      assert(i >= 0 && states, JSON.stringify(events));
      const sockets = states.sockets as { state: string; localPort: number; foreignPort: number }[];
      assert(
        sockets.some((s) => s.state === "ESTABLISHED" && s.foreignPort === port),
        JSON.stringify(sockets),
      );
      assert((states.processes as unknown[]).length >= 1, "the client's process row");
    } finally {
      await serving;
      listener.close();
    }
  },
});

_namespaceTest(
  "chaos eintr --diagram: SIGTERM to echolab reaches the run under unshare; nothing left",
  async () => {
    const run = spawnCli(["chaos", "eintr", "--diagram", "--json"]);
    await run.waitFor((e) => e.kind === "scenario-start", 10_000, "scenario-start");
    const inner = childrenOf(run.process.pid).map((c) => c.pid);
    assert(inner.length >= 1, "the re-executed echolab under unshare");
    run.kill("SIGTERM");
    const { status, events } = await run.finish();
    assertEqual(status.code, 143);
    // The inner run was interrupted (not left to finish on its own after the parent died).
    assertEqual(events.at(-1)?.kind, "verdict");
    assertEqual(events.at(-1)?.note, "interrupted");
    assert(await eventually(() => inner.every((pid) => !pidExists(pid)), 3000), "inner gone");
    const pids = events.flatMap((e) => [e.pid, e.child]).filter((p) => typeof p === "number");
    assert(await eventually(() => pids.every((pid) => !pidExists(pid as number)), 3000));
  },
);

_namespaceTest(
  "chaos host-crash --diagram --pcap: captured in the lab, ≥ 3 retransmissions of one segment with growing gaps; the pcap reads back",
  (t) =>
    _inTempDir(async (dir) => {
      const pcap = `${dir}/host-crash.pcap`;
      const events = await _chaosEvents([
        "chaos",
        "host-crash",
        "--diagram",
        "--pcap",
        pcap,
        "--json",
      ]);
      assert(!events.some((e) => e.kind === "capture-skipped"), JSON.stringify(events));
      const packets = events.filter((e) => e.kind === "packet").sort((a, b) => a.t - b.t);
      const server = "198.18.1.2:9877";
      assert(packets.some((p) => p.to === server && p.flags === "SYN"), "the handshake, captured");
      // The line written after the crash: the last data segment the client sent.
      const last = packets.filter((p) => p.to === server && Number(p.len) > 0).at(-1);
      assert(last, "a data segment to the server");
      const copies = packets.filter((p) =>
        p.to === server && p.seqAbs === last.seqAbs && Number(p.len) > 0
      );
      assert(copies.length >= 4, `the segment and ≥ 3 retransmissions: ${JSON.stringify(copies)}`);
      assert(
        copies.slice(1).every((p) => p.retransmit === true),
        "copies marked as retransmissions",
      );
      const gaps = copies.slice(1).map((p, i) => p.t - copies[i].t);
      for (let i = 1; i < gaps.length; i++) {
        assert(gaps[i] >= gaps[i - 1] * 0.9, `gaps do not shrink: ${gaps}`);
      }
      assert(gaps.at(-1)! > gaps[0] * 1.5, `the gaps grow (RTO doubling): ${gaps}`);
      // Cause before effect: the write event comes before the first copy is retransmitted.
      const write = events.filter((e) => e.actor === "client" && e.kind === "write").at(-1);
      assert(write && write.t < copies[1].t, `the write precedes the retransmissions`);

      const stats = events.find((e) => e.kind === "capture-stats");
      assert(stats && Number(stats.pcapRecords) >= packets.length, JSON.stringify(stats));
      await _tcpdumpStep(t, pcap, (lines) => {
        assertEqual(lines.length, Number(stats.pcapRecords));
        assert(lines.filter((l) => l.includes(`> 198.18.1.2.9877:`)).length >= copies.length);
      });
    }),
);

_namespaceTest(
  "chaos host-shutdown --states: the tables are read inside the lab — CLOSE_WAIT with Recv-Q 1 on the client host",
  async () => {
    const events = await _chaosEvents(["chaos", "host-shutdown", "--states", "--json"]);
    const point = events.find((e) => e.kind === "states-point");
    assert(point?.inLab === true, `a states-point marked inLab: ${JSON.stringify(point)}`);
    const states = events.filter((e) => e.kind === "states");
    assertEqual(states.length, 1, "one snapshot, taken in the lab (none outside)");
    const sockets = states[0].sockets as { state: string; recvQ: number; local: string }[];
    assert(
      sockets.some((s) => s.state === "CLOSE_WAIT" && s.recvQ === 1),
      `CLOSE_WAIT with Recv-Q 1: ${JSON.stringify(sockets)}`,
    );
    assert(
      JSON.stringify(sockets).includes("198.18.0.1"),
      `the lab client host's socket: ${JSON.stringify(sockets)}`,
    );
    assert(states[0].t > point.t, "the snapshot follows its point");
  },
);
