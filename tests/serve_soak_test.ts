/**
 * Soak: many connect/echo/close cycles and many concurrent clients against
 * `echolab serve`, every byte checked; afterwards no zombie, no leaked
 * descriptor in the server, memory back near its baseline.
 *
 * In the suite: 300 cycles and 64 concurrent clients. The long form
 * (`deno task soak`, ECHOLAB_SOAK=long): 10 000 cycles and 256 clients.
 * Every loop is bounded in count and in time.
 */
import { serveEngines } from "./helpers/engines.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { type CliProcess, listeningPort, spawnServe } from "./helpers/cli.ts";
import { binaryPattern, echoLine, echoRoundTrip, firstDifference } from "./helpers/echo_client.ts";
import { eventually } from "./helpers/proc.ts";
import { parseNetTcp } from "../lib/proc/parse_net_tcp.ts";
import { descendantsOf, zombieChildren } from "../lib/proc/process_tree.ts";
import { fdCount, rssKiB } from "../lib/proc/tree_memory.ts";

const LONG = Deno.env.get("ECHOLAB_SOAK") === "long";
/** ECHOLAB_SOAK_CYCLES=N: a shorter (or longer) cycle run, e.g. to reproduce a failure cheaply. */
const CYCLES = Number(Deno.env.get("ECHOLAB_SOAK_CYCLES")) || (LONG ? 10_000 : 300);
const CYCLE_SECONDS = LONG ? 600 : 60;
const CONCURRENT = LONG ? 256 : 64;
const WORKERS = 4;
/**
 * ECHOLAB_SOAK_BUSY=N: N busy loops (bounded by the cycle run's time) keep the
 * cores busy while the cycles run, as other benchmarks do on a shared machine.
 */
const BUSY = Math.min(8, Number(Deno.env.get("ECHOLAB_SOAK_BUSY")) || 0);
const PROBE = LONG ? { warm: 500, cycles: 5000 } : { warm: 60, cycles: 150 };

interface Baseline {
  serve: CliProcess;
  port: number;
  pid: number;
  fds: number;
  rss: number;
  /** The listening socket's inode: the same socket must listen from start to end. */
  listener: number | undefined;
  /** Accept-queue counters of this network namespace when the run started. */
  counters: Record<string, number>;
  /** Set once the server has exited. */
  exited?: Deno.CommandStatus;
}

/** The inode of the socket listening on `port` (IPv4 or IPv6), if one is. */
function listenerInode(port: number): number | undefined {
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    try {
      const row = parseNetTcp(Deno.readTextFileSync(file)).find((r) =>
        r.state === "LISTEN" && r.localPort === port
      );
      if (row) return row.inode;
    } catch { /* no IPv6 */ }
  }
  return undefined;
}

/** TcpExt counters that say the accept queue overflowed (per network namespace). */
function acceptCounters(): Record<string, number> {
  const lines = Deno.readTextFileSync("/proc/net/netstat").split("\n").filter((l) =>
    l.startsWith("TcpExt:")
  );
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/) ?? [];
  const out: Record<string, number> = {};
  for (const name of ["ListenOverflows", "ListenDrops", "TCPReqQFullDrop"]) {
    const i = names.indexOf(name);
    if (i > 0) out[name] = Number(values[i]);
  }
  return out;
}

/**
 * Why a client could not get through, from what can be seen: is the same
 * socket still listening, is the server alive, did the accept queue overflow.
 */
function diagnose(b: Baseline): string {
  const now = listenerInode(b.port);
  const listener = now === undefined
    ? "no socket listens on the port"
    : now === b.listener
    ? `the same socket still listens (inode ${now})`
    : `another socket listens (inode ${b.listener} → ${now})`;
  const server = b.exited ? `the server exited (${JSON.stringify(b.exited)})` : "the server runs";
  const c = acceptCounters();
  const deltas = Object.entries(c).map(([k, v]) => `${k} +${v - (b.counters[k] ?? 0)}`).join(", ");
  const last = b.serve.events.slice(-3).map((e) => JSON.stringify(e)).join(" ");
  return `${listener}; ${server}; ${deltas}; last events: ${last}`;
}

async function startWarm(engineArgs: string[]): Promise<Baseline> {
  const serve = spawnServe(["--max-clients", String(CONCURRENT + 8), ...engineArgs]);
  const port = await listeningPort(serve);
  const pid = serve.process.pid;
  // Warm up (lazy descriptors, JIT): a few clients, then the idle baseline.
  for (let i = 0; i < 4; i++) {
    const { conn, echoed } = await echoLine(port, `warm ${i}\n`);
    conn.close();
    assertEqual(echoed, `warm ${i}\n`);
  }
  assert(await eventually(() => descendantsOf(pid).length === 0), "warm-up children ended");
  await new Promise((r) => setTimeout(r, 200));
  const b: Baseline = {
    serve,
    port,
    pid,
    fds: fdCount(pid),
    rss: rssKiB(pid),
    listener: listenerInode(port),
    counters: acceptCounters(),
  };
  serve.process.status.then((s) => b.exited = s);
  return b;
}

/** Start `n` busy loops that end by themselves after `seconds`; returns the function that ends them. */
function busyLoops(n: number, seconds: number): () => Promise<void> {
  const loops = Array.from({ length: n }, () =>
    new Deno.Command("timeout", {
      args: [String(seconds), "sh", "-c", "while :; do :; done"],
      stdout: "null",
      stderr: "null",
    }).spawn());
  return async () => {
    for (const l of loops) {
      try {
        l.kill("SIGKILL");
      } catch { /* ended */ }
    }
    for (const l of loops) await l.status;
  };
}

async function assertBackToBaseline(b: Baseline, what: string): Promise<void> {
  assert(
    await eventually(() => descendantsOf(b.pid).length === 0, 30000),
    `${what}: every child ended`,
  );
  assertEqual(zombieChildren(b.pid).length, 0, `${what}: no zombie`);
  assert(
    await eventually(() => fdCount(b.pid) === b.fds, 5000),
    `${what}: descriptors back to ${b.fds} (now ${fdCount(b.pid)})`,
  );
  // V8 keeps the heap it grew until it needs it back (RSS is a high-water mark): "near" is
  // within 128 MiB of the idle baseline whatever the count; the heap probe below checks leaks.
  const rss = rssKiB(b.pid);
  if (LONG) {
    console.log(
      `${what}: fds ${b.fds} → ${fdCount(b.pid)}, zombies 0, server RSS ${b.rss} → ${rss} KiB`,
    );
  }
  assert(
    rss - b.rss < 128 * 1024,
    `${what}: server RSS back near baseline (${b.rss} → ${rss} KiB)`,
  );
}

async function stop(b: Baseline): Promise<void> {
  b.serve.kill("SIGTERM");
  const { status } = await b.serve.finish();
  assertEqual(status.code, 143);
}

for (const engine of serveEngines()) {
  Deno.test(`soak (${engine.name} engine): ${CYCLES} connect/echo/close cycles, every byte checked, nothing leaked`, async () => {
    const b = await startWarm(engine.args);
    const endBusy = busyLoops(BUSY, CYCLE_SECONDS);
    try {
      const deadline = Date.now() + CYCLE_SECONDS * 1000;
      let next = 0, ok = 0, lost = 0, altered = 0, noEof = 0;
      const worker = async () => {
        while (next < CYCLES && Date.now() < deadline) {
          const i = next++;
          const payload = binaryPattern(1 + (i * 37) % 3000, i);
          const back = await echoRoundTrip(b.port, payload, 10000).catch((err) => {
            throw new Error(`cycle ${i}: ${err}; ${diagnose(b)}`);
          });
          if (!back.eof) noEof++;
          if (back.data.length !== payload.length) lost++;
          else if (firstDifference(back.data, payload) !== -1) altered++;
          else ok++;
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));
      assertEqual(
        { lost, altered, noEof },
        { lost: 0, altered: 0, noEof: 0 },
        "0 bytes lost or altered",
      );
      assertEqual(ok, CYCLES, `all ${CYCLES} cycles within ${CYCLE_SECONDS} s`);
      if (LONG) {
        console.log(
          `${ok} cycles in ${((Date.now() - deadline) / 1000 + CYCLE_SECONDS).toFixed(1)} s`,
        );
      }
      const exits = b.serve.events.filter((e) => e.kind === "child-exited");
      assert(exits.every((e) => e.code === 0), "every child exited with status 0");
      assertEqual(
        listenerInode(b.port),
        b.listener,
        `the listener never went away: ${diagnose(b)}`,
      );
      if (LONG || BUSY) console.log(`${CYCLES} cycles, ${BUSY} busy loops: ${diagnose(b)}`);
      await assertBackToBaseline(b, `${CYCLES} cycles`);
    } finally {
      await endBusy();
      await stop(b);
    }
  });

  Deno.test(`soak (${engine.name} engine): ${CONCURRENT} concurrent clients, every byte checked, nothing leaked`, async () => {
    const b = await startWarm(engine.args);
    const conns: Deno.TcpConn[] = [];
    try {
      const lines = await Promise.all(
        Array.from(
          { length: CONCURRENT },
          (_, i) => echoLine(b.port, `concurrent client ${i}\n`, 60000),
        ),
      );
      for (const [i, { conn, echoed }] of lines.entries()) {
        conns.push(conn);
        assertEqual(echoed, `concurrent client ${i}\n`, `client ${i}`);
      }
      assertEqual(descendantsOf(b.pid).length, CONCURRENT, "one child per held client");
      // Then a binary payload on every connection at once, half-close, read to EOF.
      const results = await Promise.all(conns.map(async (conn, i) => {
        const payload = binaryPattern(16 * 1024, i);
        const reading = (async () => {
          const chunks: number[] = [];
          const buf = new Uint8Array(65536);
          for (;;) {
            const n = await conn.read(buf);
            if (n === null) return Uint8Array.from(chunks);
            for (let k = 0; k < n; k++) chunks.push(buf[k]);
          }
        })();
        let off = 0;
        while (off < payload.length) off += await conn.write(payload.subarray(off));
        await conn.closeWrite();
        return firstDifference(await reading, payload);
      }));
      assertEqual(results.filter((d) => d !== -1).length, 0, "0 bytes lost or altered");
      for (const c of conns.splice(0)) c.close();
      await assertBackToBaseline(b, `${CONCURRENT} concurrent clients`);
    } finally {
      for (const c of conns) c.close();
      await stop(b);
    }
  });
}

Deno.test(`soak (deno engine, in-process): no leak per connection — JS heap after full GC is flat over ${PROBE.cycles} cycles`, async () => {
  const probe = new URL("./fixtures/serve_heap_probe.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--v8-flags=--expose-gc", probe, String(PROBE.warm), String(PROBE.cycles)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  assert(out.success && text, `probe ran: ${new TextDecoder().decode(out.stderr)}`);
  const { before, after } = JSON.parse(text);
  if (LONG) console.log(`heap probe: ${text}`);
  // 512 KiB over the run: a leak of a few hundred bytes per connection (long form) would show.
  assert(
    after.heapUsed - before.heapUsed < 512 * 1024,
    `JS heap flat: ${before.heapUsed} → ${after.heapUsed}`,
  );
  assert(
    after.external - before.external < 256 * 1024,
    `external flat: ${before.external} → ${after.external}`,
  );
});
