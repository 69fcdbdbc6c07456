/**
 * Hostile clients against `echolab serve` (every engine it has): each test checks the
 * bytes that come back, that the server keeps serving a fresh client
 * throughout, and that nothing is left behind (children, zombies, descriptors).
 */
import { serveEngines } from "./helpers/engines.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import type { EchoEvent } from "../lib/events.ts";
import { type CliProcess, listeningPort, spawnServe } from "./helpers/cli.ts";
import {
  binaryPattern,
  echoLine,
  echoRoundTrip,
  firstDifference,
  readAll,
} from "./helpers/echo_client.ts";
import { eventually } from "./helpers/proc.ts";
import { descendantsOf, zombieChildren } from "../lib/proc/process_tree.ts";
import { fdCount, rssKiB } from "../lib/proc/tree_memory.ts";
import { rstConnect } from "./helpers/rst_client.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Served {
  serve: CliProcess;
  port: number;
  pid: number;
  /** Descriptors of the idle server after one warm-up client. */
  fds: number;
}

async function startServe(extra: string[] = []): Promise<Served> {
  const serve = spawnServe(extra);
  const port = await listeningPort(serve);
  const pid = serve.process.pid;
  // One warm-up client: the runtime opens its lazy descriptors (child-process machinery) once.
  const { conn, echoed } = await echoLine(port, "warm up\n");
  assertEqual(echoed, "warm up\n");
  conn.close();
  assert(await eventually(() => descendantsOf(pid).length === 0), "warm-up child ended");
  // The child can end before the server is back in poll (whose eventfd is one of its
  // descriptors while it waits): let it settle, then take the baseline.
  await new Promise((r) => setTimeout(r, 200));
  return { serve, port, pid, fds: fdCount(pid) };
}

/** The first event matching `pred` among those emitted after `mark` (an index into events). */
function eventAfter(s: Served, mark: number, pred: (e: EchoEvent) => boolean, what: string) {
  return s.serve.waitFor((e) => pred(e) && s.serve.events.indexOf(e) >= mark, 10000, what);
}

async function assertFreshClientServed(port: number, tag: string): Promise<void> {
  const line = `fresh client during ${tag}\n`;
  const { conn, echoed } = await echoLine(port, line, 10000);
  conn.close();
  assertEqual(echoed, line, `a fresh client is still served during ${tag}`);
}

async function assertNothingLeft(s: Served): Promise<void> {
  assert(await eventually(() => descendantsOf(s.pid).length === 0, 10000), "every child ended");
  assertEqual(zombieChildren(s.pid).length, 0, "no zombie");
  assert(
    await eventually(() => fdCount(s.pid) === s.fds, 5000),
    `descriptors back to ${s.fds}, got ${fdCount(s.pid)}`,
  );
}

async function stopServe(s: Served): Promise<void> {
  s.serve.kill("SIGTERM");
  const { status } = await s.serve.finish();
  assertEqual(status.code, 143);
}

for (const engine of serveEngines()) {
  Deno.test(`hostile (${engine.name} engine): slowloris — a line never finished is echoed as it comes; others are served`, async () => {
    const s = await startServe(engine.args);
    try {
      const slow = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
      await slow.write(new TextEncoder().encode("a line that never "));
      const first = await readAll(slow, 5000, 18);
      assertEqual(
        new TextDecoder().decode(first.data),
        "a line that never ",
        "partial line echoed at once",
      );
      await sleep(200);
      await slow.write(new TextEncoder().encode("ends"));
      const more = await readAll(slow, 5000, 4);
      assertEqual(new TextDecoder().decode(more.data), "ends");
      for (let i = 0; i < 3; i++) await assertFreshClientServed(s.port, `slowloris #${i}`);
      assert(
        await eventually(() => descendantsOf(s.pid).length === 1),
        "the fresh clients' children ended; the slow client still holds its own",
      );
      slow.close();
      await assertNothingLeft(s);
    } finally {
      await stopServe(s);
    }
  });

  Deno.test(`hostile (${engine.name} engine): a client that floods without reading is blocked; server memory stays bounded`, async () => {
    const s = await startServe(engine.args);
    try {
      const flood = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
      let sent = 0;
      let stop = false;
      const chunk = binaryPattern(64 * 1024);
      const flooding = (async () => {
        const end = Date.now() + 8000; // bounded
        try {
          while (!stop && Date.now() < end) sent += await flood.write(chunk);
        } catch { /* closed below */ }
      })();
      await sleep(1500);
      const sentEarly = sent, rssEarly = rssKiB(s.pid);
      await assertFreshClientServed(s.port, "a flood");
      await sleep(1500);
      const sentLate = sent, rssLate = rssKiB(s.pid);
      // Backpressure: socket buffers, pipes and one chunk per hop hold the data; the writer blocks.
      assert(sentLate < 64 * 1024 * 1024, `the flooder was blocked (it wrote ${sentLate} bytes)`);
      assert(
        sentLate - sentEarly < 4 * 1024 * 1024,
        `no progress while blocked: ${sentEarly} → ${sentLate}`,
      );
      assert(rssLate - rssEarly < 16 * 1024, `parent RSS bounded: ${rssEarly} → ${rssLate} KiB`);
      assertEqual(descendantsOf(s.pid).length, 1, "only the flooder's child is live");
      stop = true;
      flood.close(); // unread data in its receive buffer: the kernel answers with RST
      await flooding;
      await assertNothingLeft(s);
    } finally {
      await stopServe(s);
    }
  });

  Deno.test(`hostile (${engine.name} engine): half-close — the rest is echoed, then the server closes`, async () => {
    const s = await startServe(engine.args);
    try {
      const payload = binaryPattern(300 * 1024, 7);
      const mark = s.serve.events.length;
      const back = await echoRoundTrip(s.port, payload);
      assert(back.eof, `the server closed after the half-close (${back.error ?? "no error"})`);
      assertEqual(back.data.length, payload.length, "every byte came back");
      assertEqual(firstDifference(back.data, payload), -1, "and unaltered");
      const exited = await eventAfter(s, mark, (e) => e.kind === "child-exited", "child-exited");
      assertEqual(exited.code, 0, "the child saw EOF and exited normally");
      await assertFreshClientServed(s.port, "after a half-close");
      await assertNothingLeft(s);
    } finally {
      await stopServe(s);
    }
  });

  Deno.test(`hostile (${engine.name} engine): 1 MiB lines and binary data with NUL bytes come back unaltered`, async () => {
    const s = await startServe(engine.args);
    try {
      const line = new Uint8Array(1024 * 1024 + 1).fill(0x61);
      line[line.length - 1] = 0x0a;
      const lines = new Uint8Array(line.length * 3);
      for (let i = 0; i < 3; i++) lines.set(line, i * line.length);
      const binary = binaryPattern(2 * 1024 * 1024, 3); // every byte value, NUL included
      const [a, b] = await Promise.all([
        echoRoundTrip(s.port, lines),
        echoRoundTrip(s.port, binary),
        assertFreshClientServed(s.port, "1 MiB lines and binary data"),
      ]);
      assert(a.eof && b.eof, "both closed after their half-close");
      assertEqual(a.data.length, lines.length);
      assertEqual(firstDifference(a.data, lines), -1, "three 1 MiB lines unaltered");
      assertEqual(b.data.length, binary.length);
      assertEqual(firstDifference(b.data, binary), -1, "binary data with NUL bytes unaltered");
      await assertNothingLeft(s);
    } finally {
      await stopServe(s);
    }
  });

  Deno.test(`hostile (${engine.name} engine): RST mid-echo (SO_LINGER{1,0}) ends that child only; the server serves on`, async () => {
    const s = await startServe(engine.args);
    try {
      const mark = s.serve.events.length;
      const rst = await rstConnect(s.port);
      try {
        await rst.write(binaryPattern(1024 * 1024)); // more than the buffers hold: the echo is mid-way
        const some = await rst.read(4096);
        assert(some.length > 0, "the echo had started");
        assertEqual(descendantsOf(s.pid).length, 1, "its child is live");
      } finally {
        rst.reset();
      }
      const exited = await eventAfter(
        s,
        mark,
        (e) => e.kind === "child-exited",
        "child-exited after RST",
      );
      assert(exited.code !== undefined || exited.signal !== undefined, "exit status reported");
      await assertFreshClientServed(s.port, "after an RST");
      await assertNothingLeft(s);
    } finally {
      await stopServe(s);
    }
  });
}
