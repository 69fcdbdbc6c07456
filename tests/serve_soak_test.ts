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
import { descendantsOf, zombieChildren } from "../lib/proc/process_tree.ts";
import { fdCount, rssKiB } from "../lib/proc/tree_memory.ts";

const LONG = Deno.env.get("ECHOLAB_SOAK") === "long";
const CYCLES = LONG ? 10_000 : 300;
const CYCLE_SECONDS = LONG ? 600 : 60;
const CONCURRENT = LONG ? 256 : 64;
const WORKERS = 4;
const PROBE = LONG ? { warm: 500, cycles: 5000 } : { warm: 60, cycles: 150 };

interface Baseline {
  serve: CliProcess;
  port: number;
  pid: number;
  fds: number;
  rss: number;
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
  return { serve, port, pid, fds: fdCount(pid), rss: rssKiB(pid) };
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
    try {
      const deadline = Date.now() + CYCLE_SECONDS * 1000;
      let next = 0, ok = 0, lost = 0, altered = 0, noEof = 0;
      const worker = async () => {
        while (next < CYCLES && Date.now() < deadline) {
          const i = next++;
          const payload = binaryPattern(1 + (i * 37) % 3000, i);
          const back = await echoRoundTrip(b.port, payload, 10000);
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
      await assertBackToBaseline(b, `${CYCLES} cycles`);
    } finally {
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
