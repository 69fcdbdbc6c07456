import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { onPath } from "../../tests/helpers/commands.ts";
import { canUnshare } from "../../tests/helpers/namespaces.ts";
import type { EchoEvent } from "../events.ts";
import { classifyRetransmits } from "../report/retransmit_kinds.ts";
import { renderSequenceDiagram } from "../report/sequence_diagram.ts";
import { displayWidth } from "../term/text_width.ts";

const NO_NAMESPACES = !canUnshare();
/** Why the tests are ignored here, for their names. */
const WHY = NO_NAMESPACES ? " (ignored: unshare -rn is not available here)" : "";
/** tcpdump reads the pcap back; without it that step is ignored, and says so. */
const HAVE_TCPDUMP = onPath("tcpdump");

async function runInNamespace(
  fixture: string,
  ...args: string[]
): Promise<{ events: EchoEvent[]; stats: Record<string, number>; stderr: string }> {
  const out = await new Deno.Command("unshare", {
    args: [
      "-rn",
      Deno.execPath(),
      "run",
      "-A",
      new URL(`./testdata/${fixture}`, import.meta.url).pathname,
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert(out.success, `fixture failed: ${stderr}`);
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n").map((l) => JSON.parse(l));
  const stats = lines.pop();
  assertEqual(stats.kind, "capture-stats");
  return { events: lines, stats, stderr };
}

Deno.test({
  name:
    "startCapture: one loopback connection under unshare -rn — SYN, SYN-ACK, ACK, data, FIN in order; tcpdump -r reads the pcap" +
    WHY,
  ignore: NO_NAMESPACES,
  async fn(t) {
    const pcap = Deno.makeTempFileSync({ suffix: ".pcap" });
    try {
      const { events, stats } = await runInNamespace("loopback_connection.ts", pcap);
      const packets = events.filter((e) => e.kind === "packet");
      const flags = packets.map((p) => `${p.flags}${p.len ? `:${p.len}` : ""}`);
      assertEqual(flags.slice(0, 3), ["SYN", "SYN,ACK", "ACK"]);
      const data = flags.indexOf("PSH,ACK:5");
      const fin = flags.indexOf("FIN,ACK");
      assert(data > 2 && fin > data, `order: ${flags.join(" ")}`);
      assertEqual(flags.filter((f) => f.startsWith("FIN")).length, 2); // both sides close
      // Relative numbers as tcpdump prints them; each packet once (loopback copies dropped).
      assertEqual([packets[1].seq, packets[1].ack, packets[data].seq], [0, 1, 1]);
      assertEqual(packets.filter((p) => p.retransmit).length, 0);
      assertEqual(stats.loopbackDuplicates, stats.seen);
      assertEqual(stats.pcapRecords, packets.length);
      // stop() wakes the pending poll (1 s timeout) at once instead of waiting it out.
      assert(stats.stopMs < 500, `stop took ${stats.stopMs} ms`);
      // Kernel timestamps keep the order of the wire.
      for (let i = 1; i < packets.length; i++) {
        assert(packets[i].t >= packets[i - 1].t, "times go backwards");
      }

      await t.step({
        name: `tcpdump -r reads the pcap${
          HAVE_TCPDUMP ? "" : " (ignored: tcpdump is not installed)"
        }`,
        ignore: !HAVE_TCPDUMP,
        async fn() {
          const dump = await new Deno.Command("tcpdump", {
            args: ["-r", pcap, "-nn"],
            stdout: "piped",
            stderr: "null",
          }).output();
          const lines = new TextDecoder().decode(dump.stdout).trim().split("\n");
          assertEqual(lines.length, packets.length);
          assert(/Flags \[S\], seq/.test(lines[0]), lines[0]);
          assert(/Flags \[S\.\], seq .* ack/.test(lines[1]), lines[1]);
          assert(
            lines.some((l) => /Flags \[P\.\], seq 1:6, ack 1, .*length 5/.test(l)),
            lines.join("\n"),
          );
          assert(lines.some((l) => /Flags \[F\.\]/.test(l)), lines.join("\n"));
        },
      });
    } finally {
      Deno.removeSync(pcap);
    }
  },
});

Deno.test({
  name:
    "startCapture: a SYN nobody answers is retransmitted after the initial RTO (≈1 s) and marked" +
    WHY,
  ignore: NO_NAMESPACES,
  async fn() {
    const { events, stats } = await runInNamespace("syn_retransmit.ts");
    const syns = events.filter((e) => e.kind === "packet" && e.flags === "SYN");
    assert(syns.length >= 2, JSON.stringify(events));
    assertEqual([syns[0].retransmit, syns[1].retransmit, syns[1].copy], [undefined, true, 2]);
    const gap = syns[1].gap as number;
    assert(gap > 800 && gap < 2500, `gap ${gap}`); // TCP_TIMEOUT_INIT is 1 s; margin for a busy machine
    assertEqual(syns[1].topic, "retransmit");
    assertEqual(stats.retransmits, syns.length - 1);
  },
});

Deno.test({
  name: "startCapture: without CAP_NET_RAW in the namespace it throws SysError EPERM" + WHY,
  ignore: NO_NAMESPACES,
  async fn() {
    // unshare -r: a user namespace, but the network namespace still belongs to the host.
    const code = `import { startCapture } from "${
      new URL("./start_capture.ts", import.meta.url).href
    }";
import { EventBus } from "${new URL("../events.ts", import.meta.url).href}";
try { startCapture({ bus: new EventBus() }); console.log("opened"); } catch (e) { console.log(e.name, e.errno); }`;
    const out = await new Deno.Command("unshare", {
      args: ["-r", Deno.execPath(), "eval", code],
      stdout: "piped",
    }).output();
    assertEqual(new TextDecoder().decode(out.stdout).trim(), "SysError EPERM");
  },
});

Deno.test({
  name:
    "startCapture + diagram: a segment lost to a silent peer — TLP at ≈0.2 s, then RTOs doubling" +
    WHY,
  ignore: NO_NAMESPACES,
  async fn() {
    const { events } = await runInNamespace("lost_segment.ts", "2.5");
    const copies = events.filter((e) => e.kind === "packet" && e.len === 4 && e.seq === 5);
    assert(copies.length >= 4, `copies: ${JSON.stringify(copies)}`);
    const kinds = classifyRetransmits(events);
    assertEqual(copies.slice(1).map((e) => kinds.get(e)), [
      "tlp",
      ...copies.slice(2).map(() => "rto"),
    ]);
    const gaps = copies.slice(1).map((e) => Number(e.gap));
    assert(gaps[0] > 150 && gaps[0] < 350, `TLP gap ${gaps[0]}`);
    assert(gaps[2] / gaps[1] > 1.6 && gaps[2] / gaps[1] < 2.5, `RTO backoff ${gaps}`);
    const text = renderSequenceDiagram(events, {
      columns: 120,
      color: false,
      lang: "en",
      server: [":9877"],
    }).join("\n");
    assert(text.includes(`↻ +${gaps[0]} ms TLP (RFC 8985)`), text);
    for (const line of text.split("\n")) assert(displayWidth(line) <= 120, line);
  },
});

Deno.test({
  name:
    "captureOrSkip: without CAP_NET_RAW it reports capture-skipped with the reason instead of throwing" +
    WHY,
  ignore: NO_NAMESPACES,
  async fn() {
    const code = `import { captureOrSkip } from "${
      new URL("./capture_or_skip.ts", import.meta.url).href
    }";
import { EventBus } from "${new URL("../events.ts", import.meta.url).href}";
const bus = new EventBus([(e) => console.log(JSON.stringify(e))]);
const got = captureOrSkip({ bus, ports: [1] });
await got.capture?.stop();`;
    const out = await new Deno.Command("unshare", {
      args: ["-r", Deno.execPath(), "eval", code],
      stdout: "piped",
    }).output();
    const event = JSON.parse(new TextDecoder().decode(out.stdout));
    assertEqual([event.kind, event.errno], ["capture-skipped", "EPERM"]);
    assert(String(event.reason).includes("unshare -rn"), event.reason);
  },
});

Deno.test({
  name: "startCapture: the bound interface going down and up neither stops nor spins the capture" +
    WHY,
  ignore: NO_NAMESPACES,
  async fn() {
    const { events, stats } = await runInNamespace("link_flap.ts");
    assertEqual(stats.linkDowns, 1);
    assertEqual(stats.error, undefined);
    const up = events.find((e) => e.kind === "link-up")!;
    assert(
      events.some((e) => e.kind === "packet" && e.t > up.t),
      "no packet seen after the link came back",
    );
    // A capture that kept polling a pending ENETDOWN would burn CPU until the next packet (~300 ms here).
    assert(stats.cpuMs < 200, `the process used ${stats.cpuMs} ms of CPU`);
  },
});
