import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import type { Actor, EchoEvent } from "../events.ts";
import { renderSequenceDiagram } from "./sequence_diagram.ts";
import { displayWidth } from "../term/text_width.ts";

const C = "127.0.0.1:40000";
const S = "127.0.0.1:9877";

function pkt(
  t: number,
  from: string,
  to: string,
  flags: string,
  seq: number,
  len = 0,
  extra: Partial<EchoEvent> = {},
): EchoEvent {
  const ack = flags.includes("ACK") ? { ack: 1 } : {};
  return {
    t,
    actor: "kernel",
    kind: "packet",
    from,
    to,
    flags,
    seq,
    ...ack,
    len,
    seqAbs: 5000 + seq,
    ...extra,
  };
}
function note(
  t: number,
  actor: Actor,
  kind: string,
  fields: Record<string, unknown> = {},
): EchoEvent {
  return { t, actor, kind, ...fields };
}

// UNP §5.13: the client writes to a connection the server has closed: RST, then EPIPE on the next write.
// Listed out of order on purpose: the diagram sorts by time.
const SIGPIPE_STORY: EchoEvent[] = [
  note(10.0, "server", "child-killed", { pid: 4242, signal: "SIGTERM" }),
  pkt(10.2, S, C, "FIN,ACK", 1),
  pkt(10.3, C, S, "ACK", 1),
  note(2000.0, "client", "wrote", { bytes: 4 }),
  pkt(2000.1, C, S, "PSH,ACK", 1, 4),
  pkt(2000.2, S, C, "RST", 2),
  note(2001.0, "client", "error", {
    op: "write",
    errno: "EPIPE",
    message: "Broken pipe (os error 32) — the second write after the RST",
  }),
  pkt(0.1, C, S, "SYN", 0),
  pkt(0.2, S, C, "SYN,ACK", 0),
  pkt(0.3, C, S, "ACK", 1),
];

const LOST: EchoEvent[] = [
  pkt(0, C, S, "SYN", 0),
  pkt(0.1, S, C, "SYN,ACK", 0),
  pkt(10, C, S, "PSH,ACK", 1, 4),
  pkt(216.3, C, S, "PSH,ACK", 1, 4, { retransmit: true, gap: 206.3, copy: 2 }),
  pkt(424.3, C, S, "PSH,ACK", 1, 4, { retransmit: true, gap: 208, copy: 3 }),
  pkt(868.3, C, S, "PSH,ACK", 1, 4, { retransmit: true, gap: 444, copy: 4 }),
];

for (const columns of [80, 120, undefined]) {
  Deno.test(`renderSequenceDiagram: no line wider than ${columns ?? "a pipe (80)"}, in English and Chinese`, () => {
    for (const lang of ["en", "zh"] as const) {
      for (const events of [SIGPIPE_STORY, LOST]) {
        for (const line of renderSequenceDiagram(events, { columns, color: false, lang })) {
          assert(
            displayWidth(line) <= (columns ?? 80),
            `${displayWidth(line)} > ${columns}: ${line}`,
          );
        }
      }
    }
  });
}

Deno.test("renderSequenceDiagram: cause and effect in time order — write, segment, RST, EPIPE", () => {
  for (const columns of [80, 120]) {
    const lines = renderSequenceDiagram(SIGPIPE_STORY, { columns, color: false, lang: "en" });
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const order = [
      at(/SYN seq 0/),
      at(/child-killed/),
      at(/FIN,ACK/),
      at(/wrote/),
      at(/PSH,ACK seq 1:5/),
      at(/RST seq 2/),
      at(/EPIPE/),
    ];
    assert(
      order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1])),
      `${columns}: ${order} in\n${lines.join("\n")}`,
    );
  }
});

Deno.test("renderSequenceDiagram: wide form puts the client's notes left, the server's right, arrows between", () => {
  const lines = renderSequenceDiagram(SIGPIPE_STORY, { columns: 120, color: false, lang: "en" });
  const firstBar = (l: string) => l.indexOf("│");
  const lastBar = (l: string) => l.lastIndexOf("│");
  const epipe = lines.find((l) => l.includes("EPIPE"))!;
  assert(epipe.indexOf("EPIPE") < firstBar(epipe), epipe);
  const killed = lines.find((l) => l.includes("child-killed"))!;
  assert(killed.indexOf("child-killed") > lastBar(killed), killed);
  const syn = lines.find((l) => l.includes("SYN seq 0"))!;
  assert(syn.includes("▶│"), `client → server points right: ${syn}`);
  const rst = lines.find((l) => l.includes("RST"))!;
  assert(rst.includes("│◀"), `server → client points left: ${rst}`);
  assert(lines[0].includes(`client ${C}`) && lines[0].includes(`server ${S}`), lines[0]);
});

Deno.test("renderSequenceDiagram: compact form for pipes and narrow terminals", () => {
  for (const columns of [undefined, 80]) {
    const lines = renderSequenceDiagram(SIGPIPE_STORY, { columns, color: false, lang: "en" });
    assertEqual(lines[0], `C = client ${C}`);
    assert(lines.some((l) => /^\s+0\.1\s+C ──▶ S SYN seq 0$/.test(l)), lines.join("\n"));
    assert(lines.some((l) => /C ◀── S RST seq 2$/.test(l)), lines.join("\n"));
  }
});

Deno.test("renderSequenceDiagram: the first ≈0.2 s retransmission is called a TLP, the later ones RTOs", () => {
  for (const lang of ["en", "zh"] as const) {
    const text = renderSequenceDiagram(LOST, { columns: undefined, color: false, lang }).join("\n");
    assert(text.includes("↻ +206.3 ms TLP (RFC 8985)"), text);
    assert(/↻ \+208 ms RTO$/m.test(text), text);
    assert(text.includes("↻ +444 ms RTO ×2.1"), text);
    assert(text.includes(lang === "en" ? "a tail loss probe" : "尾部丢失探测"), text);
  }
});

Deno.test("renderSequenceDiagram: the server option decides the sides; colour only when asked", () => {
  // Without the option, the SYN's sender is the client; with it, the named endpoint is the server.
  const swapped = renderSequenceDiagram(SIGPIPE_STORY, {
    columns: 80,
    color: false,
    lang: "en",
    server: [":40000"],
  });
  assertEqual(swapped[0], `C = client ${S}`);
  // deno-lint-ignore no-control-regex
  const ansi = /\x1b\[/;
  assert(
    !renderSequenceDiagram(LOST, { columns: 120, color: false, lang: "en" }).some((l) =>
      ansi.test(l)
    ),
  );
  assert(
    renderSequenceDiagram(LOST, { columns: 120, color: true, lang: "en" }).some((l) =>
      ansi.test(l)
    ),
  );
});

Deno.test("renderSequenceDiagram: with several connections each SYN's sender is its client (arrows point to the server)", () => {
  const S2 = "127.0.0.1:9999";
  const C2 = "127.0.0.1:41000";
  const C3 = "127.0.0.1:42000";
  const events = [
    pkt(0.1, C, S, "SYN", 0),
    pkt(0.2, S, C, "SYN,ACK", 0),
    pkt(5.0, C2, S2, "SYN", 0),
    pkt(5.1, S2, C2, "SYN,ACK", 0),
    pkt(6.0, C2, S2, "PSH,ACK", 1, 11),
    pkt(6.1, S2, C2, "RST", 2),
    // A connection whose handshake the capture missed: its peer is a known server.
    pkt(9.0, S2, C3, "FIN,ACK", 5),
    pkt(9.1, C3, S2, "RST", 6),
  ];
  const lines = renderSequenceDiagram(events, { color: false, lang: "en", columns: 80 });
  assert(lines.some((l) => l.startsWith("C = client") && l.includes(C2) && l.includes(C3)));
  assert(lines.some((l) => l.startsWith("S = server") && l.includes(S2) && !l.includes(C2)));
  const arrow = (text: string) => lines.find((l) => l.includes(text)) ?? "";
  assert(arrow("[:41000] SYN seq").includes("C ──▶ S"), arrow("[:41000] SYN seq"));
  assert(arrow("[:41000] PSH,ACK").includes("C ──▶ S"), arrow("[:41000] PSH,ACK"));
  assert(arrow("[:41000] RST").includes("C ◀── S"), arrow("[:41000] RST"));
  assert(arrow("[:42000] FIN,ACK").includes("C ◀── S"), arrow("[:42000] FIN,ACK"));
  assert(arrow("[:42000] RST").includes("C ──▶ S"), arrow("[:42000] RST"));
});

Deno.test("renderSequenceDiagram: --states tables are not drawn as notes", () => {
  const events = [
    ...SIGPIPE_STORY,
    note(11.0, "check", "states", { label: "after the FIN", sockets: [], processes: [] }),
  ];
  const lines = renderSequenceDiagram(events, { color: false, lang: "en", columns: 80 });
  assert(!lines.some((l) => l.includes("sockets=")), lines.join("\n"));
});
