/**
 * The lab's router (UNP §5.14's intermediate router): chaos router-unreachable
 * and no-route, read from --json — the client's errno, the ICMP errors whose
 * source is the router (neither the client's nor the server's address) with
 * type and code, and nothing of the lab left afterwards. Where the lab cannot
 * run, the scenarios say `skipped` with the reason.
 */

import type { EchoEvent } from "../lib/events.ts";
import { TOPOLOGY } from "../lib/lab/topology.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli } from "./helpers/cli.ts";
import { NO_LAB, runLabChaos } from "./helpers/lab.ts";

const noLab = NO_LAB;

const chaos = runLabChaos;

/** ICMP errors sent by the router: neither the client's nor the server's address. */
function routerIcmps(events: EchoEvent[]): EchoEvent[] {
  return events.filter((e) =>
    e.kind === "icmp" && e.from !== TOPOLOGY.clientAddr && e.from !== TOPOLOGY.serverAddr
  );
}

function clientError(events: EchoEvent[], op: string): EchoEvent[] {
  return events.filter((e) => e.actor === "client" && e.kind === "error" && e.op === op);
}

Deno.test({
  name:
    "chaos router-unreachable: ICMP host unreachable from the router, retransmissions go on, EHOSTUNREACH",
  ignore: noLab !== undefined,
  async fn() {
    const { events, verdict } = await chaos("router-unreachable");
    assertEqual(verdict.status, "as-book", String(verdict.observed));
    assertEqual(clientError(events, "read")[0]?.errno, "EHOSTUNREACH");
    const icmps = routerIcmps(events);
    assert(icmps.length >= 1, `ICMP from the router: ${JSON.stringify(events)}`);
    for (const e of icmps) {
      assertEqual([e.type, e.code], [3, 1], "destination unreachable, host unreachable");
      assertEqual(e.to, TOPOLOGY.clientAddr);
      assertEqual(String(e.quotedTo), `${TOPOLOGY.serverAddr}:${TOPOLOGY.port}`);
    }
    // A soft error: the client kept retransmitting after the first ICMP.
    const first = icmps[0].t;
    assert(
      events.some((e) => e.kind === "retransmit" && e.t > first),
      "a retransmission after the first ICMP",
    );
    const error = clientError(events, "read")[0];
    assert(error.t > first, "the read failed after the ICMP, not at it");
    const counters = events.find((e) => e.kind === "router-icmp");
    assert(counters && Number(counters.dest_unreachable) >= 1, JSON.stringify(counters));
    // Fewer ICMPs than segments is explained by the rate limit, in the verdict.
    const segments = 1 + events.filter((e) => e.kind === "retransmit").length;
    if (icmps.length < segments) {
      assert(String(verdict.observed).includes("icmp_ratelimit"), String(verdict.observed));
    }
  },
});

Deno.test({
  name:
    "chaos no-route: SYN → ICMP net unreachable from the router, connect ENETUNREACH at once; blackhole → ETIMEDOUT, no ICMP",
  ignore: noLab !== undefined,
  async fn() {
    const { events, verdict } = await chaos("no-route");
    // Linux fails the connect at once; the book's 4.4BSD kept sending SYNs for 75 s (§4.3).
    assertEqual(verdict.status, "differs", String(verdict.observed));
    assert(events.some((e) => e.actor === "client" && e.kind === "connected"), "the path worked");
    const connects = clientError(events, "connect");
    assertEqual(connects.map((e) => e.errno), ["ENETUNREACH", "ETIMEDOUT"]);
    assert(Number(connects[0].connect_ms) < 500, `at once: ${connects[0].connect_ms} ms`);
    assert(Number(connects[1].connect_ms) >= 2000, `waited: ${connects[1].connect_ms} ms`);
    const icmps = routerIcmps(events);
    assert(icmps.length >= 1, `ICMP from the router: ${JSON.stringify(events)}`);
    for (const e of icmps) {
      assertEqual([e.type, e.code], [3, 0], "net unreachable");
      assertEqual(String(e.quotedTo), `${TOPOLOGY.serverAddr}:${TOPOLOGY.port}`);
    }
    const blackhole = events.find((e) => e.kind === "router-route" && e.route === "blackhole");
    assert(blackhole, "the blackhole route was set");
    assertEqual(icmps.filter((e) => e.t > blackhole.t).length, 0, "a blackhole sends no ICMP");
  },
});

Deno.test({
  name:
    "chaos host-unreachable: the router's ARP fails and it sends ICMP host unreachable; host-crash: the router stays silent",
  ignore: noLab !== undefined,
  async fn() {
    const unreachable = await chaos("host-unreachable");
    const icmps = routerIcmps(unreachable.events);
    assert(icmps.length >= 1, "the router reported the host unreachable");
    assert(icmps.every((e) => e.type === 3 && e.code === 1), JSON.stringify(icmps));
    const crash = await chaos("host-crash");
    assertEqual(clientError(crash.events, "read")[0]?.errno, "ETIMEDOUT");
    assert(String(crash.verdict.observed).includes("static ARP"), String(crash.verdict.observed));
  },
});

Deno.test("router scenarios: skipped with the reason when user namespaces are off", async () => {
  const fake = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${fake}/sys/user`, { recursive: true });
    await Deno.writeTextFile(`${fake}/sys/user/max_user_namespaces`, "0\n");
    for (const name of ["router-unreachable", "no-route"]) {
      const r = await runCli(["chaos", name, "--json"], "", { env: { ECHOLAB_LAB_PROC: fake } });
      assertEqual(r.code, 0, r.stderr);
      const events = parseEvents(r.stdout);
      const verdict = events.find((e) => e.kind === "verdict");
      assertEqual(verdict?.status, "skipped", name);
      assert(String(verdict?.note).includes("max_user_namespaces"), String(verdict?.note));
      assert(!events.some((e) => e.kind === "lab-ready"), "no lab was built");
    }
  } finally {
    await Deno.remove(fake, { recursive: true });
  }
});
