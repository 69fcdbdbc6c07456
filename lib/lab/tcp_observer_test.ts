import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { type EchoEvent, EventBus } from "../events.ts";
import type { Counters } from "./net_counters.ts";
import { TcpObserver } from "./tcp_observer.ts";

const HEADER =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

/** A /proc/net/tcp line: 198.18.0.1:`port` → 198.18.0.2:9877 in state `st` (hex). */
function _line(port: number, st: string): string {
  const local = port.toString(16).toUpperCase().padStart(4, "0");
  return `   5: 010012C6:${local} 020012C6:2695 ${st} 00000005:00000000 01:0000002A 00000000  1000        0 4243 2 0000000000000000 20 4 30 10 -1\n`;
}

async function _until(what: string, ok: () => boolean): Promise<void> {
  const end = performance.now() + 3000;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

Deno.test("TcpObserver: a new connection is reported as new and its retransmissions count from 1", async () => {
  const events: EchoEvent[] = [];
  const bus = new EventBus([(e) => void events.push(e)]);
  let table = HEADER + _line(40000, "01");
  const counters: Counters = { RetransSegs: 0, InSegs: 0 };
  const obs = new TcpObserver(bus, { remotePort: 9877, intervalMs: 1 }, {
    counters: () => ({ ...counters }),
    table: () => Promise.resolve(table),
  });
  const kinds = () => events.map((e) => `${e.kind} ${e.from ?? e.n ?? ""}→${e.to ?? ""}`);
  obs.start();
  try {
    await _until("the first read", () => obs.states.length === 1);
    counters.RetransSegs += 3;
    await _until("3 retransmissions", () => obs.retransmissions.length === 3);
    assertEqual(events.map((e) => e.n), [1, 2, 3]);

    // The first client is gone, a second one connects.
    events.length = 0;
    table = HEADER + _line(40002, "01");
    counters.InSegs += 1;
    await _until("the new connection", () => events.length === 2);
    assertEqual(kinds(), ["tcp-state ESTABLISHED→CLOSED", "tcp-state CLOSED→ESTABLISHED"]);
    assertEqual(obs.retransmissions.length, 0);
    counters.RetransSegs += 1;
    await _until("its retransmission", () => events.length === 3);
    assertEqual([events[2].kind, events[2].n], ["retransmit", 1]);

    // A third connects while the second is still there (CLOSE_WAIT): the newest is followed.
    await new Promise((r) => setTimeout(r, 30));
    events.length = 0;
    table = HEADER + _line(40002, "08") + _line(40004, "02");
    counters.InSegs += 1;
    await _until("the third connection", () => events.length === 1);
    assertEqual(kinds(), ["tcp-state CLOSED→SYN_SENT"]);
    // Times count from the moment the connection appeared.
    assert(Number(events[0].at_ms) < 5, JSON.stringify(events[0]));
    counters.RetransSegs += 2;
    await _until("its retransmissions", () => events.length === 3);
    assertEqual(events.slice(1).map((e) => e.n), [1, 2]);
    assertEqual(obs.lastRow?.localPort, 40004);
  } finally {
    await obs.stop();
  }
});
