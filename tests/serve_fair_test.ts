/**
 * A fair classroom server (beyond the book): one client address that opens
 * 100 connections and sends nothing holds only --per-address children; a
 * client from another address is still served. The second address is
 * 127.0.0.2 (all of 127.0.0.0/8 is loopback), the client socket bound to it.
 */
import { bind, close, connect, socket } from "../lib/sys/socket.ts";
import { readSome, writeAll } from "../lib/sys/tcp.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { listeningPort, runCli, spawnServe } from "./helpers/cli.ts";
import { serveEngines } from "./helpers/engines.ts";
import { eventually } from "./helpers/proc.ts";
import { descendantsOf } from "../lib/proc/process_tree.ts";

// libc is loaded here, not inside the first test (the resource sanitizer counts it).
const _warm = socket(4);
if (_warm.ok) close(_warm.value);

const IDLE = 100;
const PER_ADDRESS = 4;

/** Echo one line from a socket bound to `source`; the text read back. */
async function echoFrom(source: string, port: number, line: string): Promise<string> {
  const s = socket(4, { nonblocking: true });
  assert(s.ok, "socket");
  const fd = s.value;
  try {
    const b = bind(fd, source, 0);
    assert(b.ok, `bind ${source}: ${!b.ok && b.errno}`);
    const c = connect(fd, "127.0.0.1", port);
    assert(c.ok || c.errno === "EINPROGRESS", `connect: ${!c.ok && c.errno}`);
    const w = await writeAll(fd, new TextEncoder().encode(line), { timeoutMs: 10000 });
    assert(w.ok, `write: ${!w.ok && w.errno}`);
    let got = "";
    while (!got.endsWith("\n")) {
      const r = await readSome(fd, 4096, { timeoutMs: 10000 });
      assert(r.ok, `read: ${!r.ok && r.errno}`);
      if (r.value.length === 0) break; // EOF: refused
      got += new TextDecoder().decode(r.value);
    }
    return got;
  } finally {
    close(fd);
  }
}

for (const engine of serveEngines()) {
  Deno.test(`per-address (${engine.name} engine): ${IDLE} idle connections from 127.0.0.1 do not lock out 127.0.0.2`, async () => {
    const serve = spawnServe(["--per-address", String(PER_ADDRESS), ...engine.args]);
    const idle: Deno.TcpConn[] = [];
    try {
      const port = await listeningPort(serve);
      for (let i = 0; i < IDLE; i++) idle.push(await Deno.connect({ hostname: "127.0.0.1", port }));
      const settled = await eventually(
        () =>
          serve.events.filter((e) => e.kind === "accepted").length === PER_ADDRESS &&
          serve.events.filter((e) => e.kind === "refused-address").length === IDLE - PER_ADDRESS,
        20000,
      );
      assert(settled, `accepted ${PER_ADDRESS}, refused ${IDLE - PER_ADDRESS}`);
      const refused = serve.events.find((e) => e.kind === "refused-address")!;
      assertEqual(refused.address, "127.0.0.1");
      assertEqual(refused.max, PER_ADDRESS);
      assertEqual(descendantsOf(serve.process.pid).length, PER_ADDRESS, "no child for a refusal");

      assertEqual(
        await echoFrom("127.0.0.2", port, "from another machine\n"),
        "from another machine\n",
      );
      const served = await serve.waitFor((e) =>
        e.kind === "accepted" && String(e.peer).startsWith("127.0.0.2:")
      );
      assert(served, "the other address was accepted");
    } finally {
      for (const c of idle) c.close();
      serve.kill("SIGTERM");
      await serve.finish();
    }
  });
}

Deno.test("per-address: refused in English and Chinese, labelled beyond the book; help documents it", async () => {
  const explain = await runCli(["explain", "refused-address"]);
  assert(
    explain.stdout.length > 0 && /beyond the book/.test(new TextDecoder().decode(explain.stdout)),
  );
  const zh = await runCli(["explain", "refused-address", "--lang", "zh"]);
  assert(new TextDecoder().decode(zh.stdout).includes("本书之外"));
  const help = new TextDecoder().decode((await runCli(["serve", "--help"])).stdout);
  assert(help.includes("--per-address N"), "serve --help lists --per-address");
  const bad = await runCli(["serve", "--per-address", "0"]);
  assertEqual(bad.code, 2);
  assert(bad.stderr.startsWith("echolab: bad --per-address '0'"), bad.stderr);
});
