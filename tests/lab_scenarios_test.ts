import type { EchoEvent } from "../lib/events.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { labTest, runLabChaos } from "./helpers/lab.ts";
import { secs } from "../lib/lab/describe.ts";

const chaos = runLabChaos;

function hostSysctl(name: string): number {
  return Number(Deno.readTextFileSync(`/proc/sys/${name.replaceAll(".", "/")}`).trim());
}

function readError(events: EchoEvent[]): string | undefined {
  return events.find((e) => e.actor === "client" && e.kind === "error" && e.op === "read")
    ?.errno as string | undefined;
}

/** The verdict quotes the time of the client's read result event (its at_ms), as printed. */
function assertSameTime(events: EchoEvent[], verdict: EchoEvent, kind = "error"): void {
  const e = events.find((e) => e.actor === "client" && e.kind === kind && e.at_ms !== undefined);
  assert(e, `a client ${kind} event with at_ms: ${JSON.stringify(events)}`);
  const at = secs(e.at_ms as number);
  assert(String(verdict.observed).includes(at), `verdict says ${at}: ${verdict.observed}`);
}

labTest(
  "chaos host-crash: doubling retransmissions, then ETIMEDOUT; real timeline from the host",
  async () => {
    const { events, verdict } = await chaos("host-crash");
    assertEqual(verdict.status, "as-book", String(verdict.observed));
    assertEqual(readError(events), "ETIMEDOUT");
    assertSameTime(events, verdict);
    const sysctl = events.find((e) =>
      e.kind === "lab-sysctl" && e.name === "net.ipv4.tcp_retries2"
    );
    assertEqual(sysctl?.lab, 2);
    assertEqual(sysctl?.host, hostSysctl("net.ipv4.tcp_retries2"));
    const re = events.filter((e) => e.kind === "retransmit");
    assert(re.length >= 3, `retransmissions: ${JSON.stringify(re)}`);
    assertEqual(re[0].trigger, "tlp", "the first retransmission is a tail loss probe");
    const rto = re.filter((e) => e.trigger === "rto").map((e) => e.rto_ms as number);
    for (let i = 1; i < rto.length; i++) assert(rto[i] > 1.5 * rto[i - 1], `RTO doubles: ${rto}`);
    assert(events.some((e) => e.kind === "tcp-gave-up"), "the kernel's give-up was seen");
    assert(String(verdict.note).includes("924.6 s") || hostSysctl("net.ipv4.tcp_retries2") !== 15);
  },
);

labTest("chaos host-unreachable: the ARP entry fails and the error is EHOSTUNREACH", async () => {
  const { events, verdict } = await chaos("host-unreachable");
  assertEqual(verdict.status, "as-book", String(verdict.observed));
  assertEqual(readError(events), "EHOSTUNREACH");
  assertSameTime(events, verdict);
  assert(events.some((e) => e.kind === "neighbour" && e.state === "unresolved"), "ARP failed");
  assert(String(verdict.note).includes("ENETUNREACH"), "says why not ENETUNREACH");
});

labTest(
  "chaos read-timeout: the client's timer fires while the kernel still retransmits",
  async () => {
    const { events, verdict } = await chaos("read-timeout");
    assertEqual(verdict.status, "as-book", String(verdict.observed));
    const timeout = events.find((e) => e.kind === "read-timeout");
    assertEqual(timeout?.seconds, 1);
    assertSameTime(events, verdict, "read-timeout");
    const snap = events.find((e) => e.kind === "tcp-still-trying");
    assertEqual(snap?.state, "ESTABLISHED");
    assert((snap?.unacked as number) > 0, "data still unacknowledged");
    assertEqual(readError(events), undefined, "no kernel error reached the client");
  },
);

labTest("chaos keepalive: probes on an idle connection, then ETIMEDOUT", async () => {
  const { events, verdict } = await chaos("keepalive");
  assertEqual(verdict.status, "as-book", String(verdict.observed));
  const probes = events.filter((e) => e.kind === "keepalive-probe");
  assertEqual(probes.length, 2);
  assert((probes[0].at_ms as number) >= 700, "first probe after about 1 s of idleness");
  assertEqual(events.filter((e) => e.kind === "retransmit").length, 0, "nothing retransmitted");
  assertEqual(readError(events), "ETIMEDOUT");
  assertSameTime(events, verdict);
  const error = events.find((e) => e.actor === "client" && e.kind === "error");
  assertEqual(error?.topic, "keepalive-timeout", "explained by the probes, not retransmissions");
});

labTest("chaos crash-reboot: the rebooted host answers with an RST: ECONNRESET", async () => {
  const { events, verdict } = await chaos("crash-reboot");
  assertEqual(verdict.status, "as-book", String(verdict.observed));
  const reboot = events.find((e) => e.kind === "host-reboot");
  assertEqual(reboot?.generation, 2);
  assert(events.filter((e) => e.kind === "listening").length === 2, "the server started again");
  const rst = events.find((e) => e.kind === "rst-received");
  assert(rst && (rst.at_ms as number) > (reboot!.down_ms as number), "RST after the reboot");
  assertEqual(readError(events), "ECONNRESET");
  assertSameTime(events, verdict);
});

labTest(
  "chaos host-shutdown: SIGTERM to all, FIN seen while idle, EOF at the next read",
  async () => {
    const { events, verdict } = await chaos("host-shutdown");
    assertEqual(verdict.status, "as-book", String(verdict.observed));
    const term = events.find((e) => e.kind === "init-sigterm");
    assert((term?.pids as string[]).some((p) => p.includes("echolab serve")), JSON.stringify(term));
    const serverExit = events.find((e) => e.actor === "server" && e.kind === "shutdown");
    assertEqual(serverExit?.signal, "SIGTERM");
    const closeWait = events.findIndex((e) => e.kind === "tcp-state" && e.to === "CLOSE_WAIT");
    const write = events.findLastIndex((e) => e.actor === "client" && e.kind === "write");
    assert(closeWait >= 0 && closeWait < write, "FIN arrived before the client used the socket");
    assert(events.some((e) => e.actor === "client" && e.kind === "eof"), "the read saw EOF");
  },
);
