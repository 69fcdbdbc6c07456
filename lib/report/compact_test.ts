import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import type { EchoEvent } from "../events.ts";
import { CompactRenderer, fitGloss } from "./compact.ts";
import { memoryOut } from "../term/output.ts";
import { displayWidth } from "../term/text_width.ts";

const C = "127.0.0.1:40000";
const S = "127.0.0.1:9877";

function ev(t: number, actor: EchoEvent["actor"], kind: string, f: Record<string, unknown> = {}) {
  return { t, actor, kind, ...f } as EchoEvent;
}

/** The events of a server-killed run, as the bus carries them (in time order). */
const RUN: EchoEvent[] = [
  ev(1, "scenario", "scenario-start", { scenario: "server-killed", section: "5.12" }),
  ev(2, "server", "listening", { host: "127.0.0.1", port: 9877, pid: 10, engine: "book" }),
  ev(2.1, "server", "worker", { worker: "cat" }),
  ev(3, "kernel", "packet", { from: C, to: S, flags: "SYN", seq: 0, len: 0 }),
  ev(3.1, "kernel", "packet", { from: S, to: C, flags: "SYN,ACK", seq: 0, ack: 1, len: 0 }),
  ev(3.2, "kernel", "packet", { from: C, to: S, flags: "ACK", seq: 1, ack: 1, len: 0 }),
  ev(4, "server", "accepted", { peer: C, child: 11, live: 1 }),
  ev(4.2, "client", "connected", { local: C, peer: S }),
  ev(100, "scenario", "kill", { pid: 11, signal: "SIGTERM", topic: "SIGTERM" }),
  ev(100.5, "kernel", "packet", { from: S, to: C, flags: "FIN,ACK", seq: 7, ack: 7, len: 0 }),
  ev(101, "server", "child-exited", { pid: 11, signal: "SIGTERM", live: 0 }),
  ev(101.1, "server", "reaped", { pid: 11, by: "waitpid" }),
  ev(150, "scenario", "states-point", { ports: [9877], label: "after the kill" }),
  ev(200, "client", "write", { op: "write", bytes: 13, topic: "write-after-fin" }),
  ev(200.1, "kernel", "packet", { from: C, to: S, flags: "PSH,ACK", seq: 7, ack: 8, len: 13 }),
  ev(200.2, "kernel", "packet", { from: S, to: C, flags: "RST", seq: 8, len: 0 }),
  ev(260, "client", "eof", { op: "read", expected: 13 }),
  ev(261, "client", "error", { op: "write", errno: "EPIPE" }),
  ev(300, "scenario", "scenario-cleanup", { scenario: "server-killed" }),
  ev(301, "server", "reaped", { pid: 12, by: "waitpid", shutdown: "SIGTERM" }),
  ev(302, "server", "shutdown", { signal: "SIGTERM", children: 0, exit: 143 }),
  ev(302.5, "kernel", "packet", { from: C, to: S, flags: "FIN,ACK", seq: 21, ack: 9, len: 0 }),
];

function render(events: EchoEvent[], lang: "en" | "zh" = "en"): string[] {
  const out = memoryOut(100);
  const r = new CompactRenderer(out, { lang });
  for (const e of events) r.render(e);
  r.flush();
  return out.lines;
}

Deno.test("CompactRenderer: the FIN and the RST on their own lines, handshake and data left to -v", () => {
  const lines = render(RUN);
  const text = lines.join("\n");
  assert(lines.some((l) => /client → server SYN seq 0/.test(l)), text);
  assert(lines.some((l) => /server → client FIN,ACK seq 7/.test(l)), text);
  assert(lines.some((l) => /server → client RST seq 8/.test(l)), text);
  assert(!/SYN,ACK|PSH,ACK/.test(text), "plain segments are not in the default view");
});

Deno.test("CompactRenderer: setup and cleanup one marked line each; no line for a --states not given", () => {
  const lines = render(RUN);
  const text = lines.join("\n");
  assertEqual(lines.filter((l) => l.includes("setup:")).length, 1, text);
  const cleanup = lines.filter((l) => l.includes("cleanup (after the experiment):"));
  assertEqual(cleanup.length, 1, text);
  assert(cleanup[0].includes("exit 143"), cleanup[0]);
  assert(!text.includes("after the kill"), "no states-point line");
  assert(!/FIN,ACK seq 21/.test(text), "teardown's segments are not shown");
  assert(lines.some((l) => /child 11 killed by SIGTERM .*reaped by waitpid/.test(l)), text);
});

Deno.test("CompactRenderer: time never decreases, one line per event, each gloss once", () => {
  for (const lang of ["en", "zh"] as const) {
    const lines = render(RUN, lang);
    const times = lines.map((l) => /^\s+([0-9.]+)ms /.exec(l)?.[1]).filter((t) => t).map(Number);
    assertEqual(times, [...times].sort((a, b) => a - b), lines.join("\n"));
    const glosses = lines.map((l) => / {2}(§[0-9.]+ [^…]+)/.exec(l)?.[1]).filter((g) => g);
    assertEqual(glosses.length, new Set(glosses).size, lines.join("\n"));
    assert(lines.length <= 14, `${lines.length} lines:\n${lines.join("\n")}`);
  }
});

Deno.test("CompactRenderer: five clients' steps fold to one line each, SIGCHLD deliveries never", () => {
  const events: EchoEvent[] = [
    ev(1, "scenario", "scenario-start", { scenario: "signals-not-queued", section: "5.10" }),
  ];
  for (let i = 0; i < 5; i++) {
    events.push(ev(10 + i, "client", "connected", { local: `127.0.0.1:${4000 + i}`, peer: S }));
    events.push(ev(10.5 + i, "server", "accepted", { peer: `127.0.0.1:${4000 + i}`, child: i }));
  }
  events.push(ev(20, "server", "sigchld", { count: 1 }));
  events.push(ev(20.1, "server", "sigchld", { count: 2 }));
  const lines = render(events);
  const text = lines.join("\n");
  assert(lines.some((l) => /5× connected .*until 14\.0ms/.test(l)), text);
  assert(lines.some((l) => /5× accepted/.test(l)), text);
  assertEqual(lines.filter((l) => l.includes("SIGCHLD delivered")).length, 2, text);
});

Deno.test("CompactRenderer, serve in a 16-row pane: listening and each accept first, no paragraph of notes", () => {
  const out = memoryOut(100);
  const r = new CompactRenderer(out, { lang: "en" });
  const events = [
    ev(30, "server", "listening", { host: "127.0.0.1", port: 9877, pid: 42, engine: "book" }),
    ev(31, "server", "worker", { worker: "clone", program: "str_echo" }),
    ev(1500, "server", "accepted", { peer: C, child: 43, live: 1, worker: "clone" }),
    ev(1502, "server", "accepted", {
      peer: "127.0.0.1:40001",
      child: 44,
      live: 2,
      worker: "clone",
    }),
  ];
  for (const e of events) r.render(e);
  r.flush();
  const text = out.lines.join("\n");
  assert(/listening on 127\.0\.0\.1:9877 \(pid 42/.test(out.lines[0]), text);
  assert(out.lines.length <= 5, text);
  // One line per event as it happens: each child's pid on its own accept line.
  assert(/accepted 127\.0\.0\.1:40000 → child 43/.test(text), text);
  assert(/accepted 127\.0\.0\.1:40001 → child 44/.test(text), text);
  assert(!/today:|Deno cannot fork/.test(text), text);
});

Deno.test("CompactRenderer: what each SIGCHLD handler found goes on its delivery's line", () => {
  const events: EchoEvent[] = [
    ev(1, "scenario", "scenario-start", { scenario: "signals-not-queued", section: "5.10" }),
    ev(10, "server", "sigchld", { count: 1 }),
    ev(10.1, "server", "child-exited", { pid: 41, code: 0, live: 4 }),
    ev(10.2, "server", "reaped", { pid: 41, by: "wait" }),
    ev(10.3, "server", "child-exited", { pid: 42, code: 0, live: 3 }),
    ev(10.4, "server", "child-zombie", { pid: 42, state: "Z", zombies: 1 }),
    ev(12, "server", "sigchld", { count: 2 }),
    ev(12.1, "server", "child-exited", { pid: 43, code: 0, live: 2 }),
    ev(12.2, "server", "reaped", { pid: 43, by: "wait" }),
  ];
  const lines = render(events);
  const text = lines.join("\n");
  const first = lines.findIndex((l) => /SIGCHLD delivered \(#1\) → wait reaped 41/.test(l));
  const second = lines.findIndex((l) => /SIGCHLD delivered \(#2\) → wait reaped 43/.test(l));
  assert(first > 0 && second > first, text);
  // A long line wraps under itself: read it whole.
  const flat = text.replace(/\n\s+/g, " ");
  assert(/42 exited \(exit code 0\): 1 zombie now/.test(flat), text);
  assertEqual(lines.filter((l) => /child-exited|exited with code/.test(l)).length, 0, text);
});

Deno.test("CompactRenderer: deliveries to a handler that never waits (--reap none) share one line", () => {
  const events: EchoEvent[] = [
    ev(1, "scenario", "scenario-start", { scenario: "zombies", section: "5.7" }),
    ev(10, "server", "sigchld", { count: 1, reap: "none" }),
    ev(10.1, "server", "child-exited", { pid: 41, code: 0, live: 2 }),
    ev(10.2, "server", "child-zombie", { pid: 41, state: "Z", zombies: 1 }),
    ev(12, "server", "sigchld", { count: 2, reap: "none" }),
    ev(12.1, "server", "child-exited", { pid: 42, code: 0, live: 1 }),
    ev(12.2, "server", "child-zombie", { pid: 42, state: "Z", zombies: 2 }),
    ev(13, "server", "sigchld", { count: 3, reap: "none" }),
    ev(13.1, "server", "child-exited", { pid: 43, signal: "SIGTERM", live: 0 }),
    ev(13.2, "server", "child-zombie", { pid: 43, state: "Z", zombies: 3 }),
  ];
  const lines = render(events);
  const text = lines.join("\n").replace(/\n\s+/g, " ");
  assertEqual(lines.filter((l) => l.includes("SIGCHLD delivered")).length, 1, text);
  // Every delivery's number stays; exits that ended alike are one list, the odd one apart.
  assert(/SIGCHLD delivered \(#1, #2, #3\) → 41, 42 exited \(exit code 0\)/.test(text), text);
  assert(/43 exited \(killed by SIGTERM\): 3 zombies now/.test(text), text);
  // A handler that waits (--reap wait) keeps a line per delivery: §5.10 counts them.
  const waits = render(events.map((e) => e.kind === "sigchld" ? { ...e, reap: "wait" } : e));
  assertEqual(waits.filter((l) => l.includes("SIGCHLD delivered")).length, 3, waits.join("\n"));
  const zh = render(events, "zh").join("\n");
  assert(zh.includes("SIGCHLD 已递交（第 1、2、3 次）"), zh);
});

Deno.test("CompactRenderer: exits folded outside a SIGCHLD line name every child", () => {
  const events: EchoEvent[] = [
    ev(1, "scenario", "scenario-start", { scenario: "signals-not-queued", section: "5.10" }),
    ev(10, "server", "returned", { op: "waitpid", value: 0 }),
    ev(10.1, "server", "child-exited", { pid: 41, code: 0, live: 1 }),
    ev(10.2, "server", "child-zombie", { pid: 41, state: "Z", zombies: 1 }),
    ev(10.3, "server", "child-exited", { pid: 42, code: 0, live: 0 }),
    ev(10.4, "server", "child-zombie", { pid: 42, state: "Z", zombies: 2 }),
  ];
  const text = render(events).join("\n");
  assert(/41, 42 exited \(exit code 0\): 2 zombies now/.test(text), text);
  assert(!/2× child/.test(text), text);
});

Deno.test("CompactRenderer: a poller's retransmissions, each undone by an unreachable error, fold to one line", () => {
  const events: EchoEvent[] = [
    ev(1, "scenario", "scenario-start", { scenario: "host-unreachable", section: "5.14" }),
  ];
  for (let n = 3; n <= 5; n++) {
    const t = n * 400;
    events.push(ev(t, "kernel", "retransmit", { n, trigger: "rto", at_ms: t, rto_ms: 810 }));
    events.push(ev(t + 200, "kernel", "rto-revert", { from_ms: 810, to_ms: 400, at_ms: t + 200 }));
  }
  events.push(ev(2500, "client", "error", { op: "read", errno: "EHOSTUNREACH" }));
  const lines = render(events);
  const text = lines.join("\n").replace(/\n\s+/g, " ");
  assert(/3× retransmission #5 .*then RTO 810 → 400 ms/.test(text), text);
  assertEqual(lines.filter((l) => /^\s+[0-9.]+ms /.test(l)).length, 3, text);
});

Deno.test("CompactRenderer: the EOF line says the chapter's words itself; a gloss is never cut mid-word", () => {
  for (const lang of ["en", "zh"] as const) {
    const lines = render(RUN, lang);
    const eof = lines.find((l) => l.includes("EOF")) ?? "";
    assert(eof.includes(lang === "en" ? "server terminated prematurely" : "服务器过早终止"), eof);
    // A gloss is whole or up to its colon: no line ends in a cut word.
    for (const l of lines) assert(!/\S…$/.test(l), l);
  }
  const zombie = "§5.10 the child is a zombie: terminated, but nobody fetched its status";
  assertEqual(fitGloss(zombie, 80), zombie);
  assertEqual(fitGloss(zombie, 30), "§5.10 the child is a zombie");
  assertEqual(fitGloss(zombie, 20), undefined);
  assertEqual(fitGloss("§5.12 server terminated prematurely", 30), undefined);
});

Deno.test("CompactRenderer, serve: a killed child's end before the SIGCHLD it causes; an empty delivery says so", () => {
  const out = memoryOut(100);
  const r = new CompactRenderer(out, { lang: "en" });
  const events = [
    ev(30, "server", "listening", { host: "127.0.0.1", port: 9877, pid: 42, engine: "book" }),
    ev(5000, "server", "sigchld", { count: 1 }),
    ev(5000.2, "server", "child-exited", { pid: 43, signal: "SIGTERM", live: 0 }),
    ev(5000.3, "server", "reaped", { pid: 43, by: "waitpid" }),
    ev(9000, "server", "sigchld", { count: 2, waitpid: "ECHILD" }),
  ];
  for (const e of events) r.render(e);
  r.flush();
  const text = out.lines.join("\n");
  const killed = out.lines.findIndex((l) => l.includes("killed by SIGTERM"));
  const delivered = out.lines.findIndex((l) => l.includes("SIGCHLD delivered (#1)"));
  const reaped = out.lines.findIndex((l) => /reaped/.test(l) && !l.includes("SIGCHLD"));
  assert(killed >= 0 && killed < delivered && delivered < reaped, text);
  // Time never goes back: the exit is shown at the delivery's time.
  assert(out.lines[killed].trimStart().startsWith("5000.0ms"), text);
  assert(/SIGCHLD delivered \(#2\): waitpid ECHILD, no child left/.test(text), text);
});

Deno.test("CompactRenderer, router-unreachable: the data segment an ICMP quotes, then the ICMP, seq relative", () => {
  const CL = "198.18.0.1:40000";
  const SV = "198.18.1.2:9877";
  const events = [
    ev(1, "scenario", "scenario-start", { scenario: "router-unreachable", section: "5.14" }),
    ev(2, "kernel", "packet", { from: CL, to: SV, flags: "SYN", seq: 0, len: 0 }),
    ev(344.6, "client", "write", { op: "write", bytes: 14 }),
    ev(344.65, "kernel", "packet", {
      from: CL,
      to: SV,
      flags: "PSH,ACK",
      seq: 7,
      ack: 7,
      len: 14,
      icmpQuoted: true,
    }),
    ev(344.7, "kernel", "icmp", {
      from: "198.18.0.254",
      to: "198.18.0.1",
      icmpType: 3,
      code: 1,
      name: "host-unreachable",
      quotedFrom: CL,
      quotedTo: SV,
      quotedSeq: 3130481060,
      quotedSeqRel: 7,
    }),
  ];
  const lines = render(events);
  const text = lines.join("\n");
  const write = lines.findIndex((l) => l.includes("write"));
  const data = lines.findIndex((l) => l.includes("seq 7:21"));
  const icmp = lines.findIndex((l) => l.includes("ICMP"));
  assert(write >= 0 && write < data && data < icmp, text);
  assert(!text.includes("3130481060") && /quoting client → server seq 7\b/.test(text), text);
});

Deno.test("CompactRenderer: with every packet captured, an ICMP brings the data segment it quotes", () => {
  const CL = "198.18.0.1:40000";
  const SV = "198.18.1.2:9877";
  const data = (t: number, seq: number, retransmit = false) =>
    ev(t, "kernel", "packet", {
      from: CL,
      to: SV,
      flags: "PSH,ACK",
      seq,
      ack: 7,
      len: 14,
      ...(retransmit ? { retransmit, gap: 200 } : {}),
    });
  const icmp = (t: number) =>
    ev(t, "kernel", "icmp", {
      from: "198.18.0.254",
      to: "198.18.0.1",
      name: "host-unreachable",
      quotedFrom: CL,
      quotedTo: SV,
      quotedSeq: 3130481060,
      quotedSeqRel: 7,
    });
  const lines = render([
    ev(1, "scenario", "scenario-start", { scenario: "router-unreachable", section: "5.14" }),
    ev(2, "kernel", "packet", { from: CL, to: SV, flags: "SYN", seq: 0, len: 0 }),
    data(10, 1),
    ev(344.6, "client", "write", { op: "write", bytes: 14 }),
    data(344.65, 7),
    icmp(344.7),
    data(544, 7, true),
    icmp(544.1),
  ]);
  const text = lines.join("\n");
  assertEqual(lines.filter((l) => l.includes("seq 7:21")).length, 2, text);
  // An ICMP that answers a later copy (a router that waited for ARP) brings nothing back.
  const late = render([
    ev(1, "scenario", "scenario-start", { scenario: "host-unreachable", section: "5.14" }),
    ev(2, "kernel", "packet", { from: CL, to: SV, flags: "SYN", seq: 0, len: 0 }),
    data(344.65, 7),
    data(544, 7, true),
    icmp(900),
  ]);
  assertEqual(late.filter((l) => l.includes("seq 7:21 ack 7")).length, 0, late.join("\n"));
  assert(!text.includes("seq 1:15"), text);
  const first = lines.findIndex((l) => l.includes("seq 7:21 ack 7"));
  assert(first >= 0 && lines[first + 1].includes("ICMP"), text);
});

Deno.test("CompactRenderer, serve: the Ctrl-C shutdown line leaves two columns for the echoed ^C", () => {
  for (const lang of ["en", "zh"] as const) {
    const out = memoryOut(100);
    const r = new CompactRenderer(out, { lang });
    r.render(
      ev(9000, "server", "shutdown", { signal: "SIGINT", children: 12, zombies: 3, exit: 130 }),
    );
    r.flush();
    for (const l of out.lines) assert(displayWidth(l) <= 98, `too wide: ${l}`);
  }
});

Deno.test("CompactRenderer, zh: the worker is 工作进程, a list of children is joined with 、", () => {
  const events: EchoEvent[] = [
    ev(1, "scenario", "scenario-start", { scenario: "signals-not-queued", section: "5.10" }),
    ev(2, "server", "listening", { host: "127.0.0.1", port: 9877, pid: 10, engine: "book" }),
    ev(2.1, "server", "worker", { worker: "cat" }),
  ];
  for (let i = 0; i < 3; i++) {
    events.push(ev(10 + i, "client", "connected", { local: `127.0.0.1:${4000 + i}`, peer: S }));
    events.push(
      ev(10.5 + i, "server", "accepted", {
        peer: `127.0.0.1:${4000 + i}`,
        child: 100 + i,
        live: i + 1,
        worker: "cat",
      }),
    );
  }
  const text = render(events, "zh").join("\n");
  assert(text.includes("工作进程 cat"), text);
  assert(!/(?<![-\w])worker(?![-\w])/.test(text), text);
  assert(text.includes("子进程 100、101、102"), text);
});
