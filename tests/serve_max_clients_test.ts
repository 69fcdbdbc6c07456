/**
 * Past `--max-clients` the server refuses cleanly (accept, then close: the
 * client reads EOF), reports a `refused` event each time with a running
 * count, and serves again as soon as a client leaves.
 */
import { summarize } from "../lib/report/summary.ts";
import { serveEngines } from "./helpers/engines.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { listeningPort, spawnServe } from "./helpers/cli.ts";
import { echoLine, readAll } from "./helpers/echo_client.ts";
import { eventually } from "./helpers/proc.ts";
import { descendantsOf, zombieChildren } from "../lib/proc/process_tree.ts";

const MAX = 3;

for (const engine of serveEngines()) {
  Deno.test(`max-clients (${engine.name} engine): the ${MAX + 1}th and ${MAX + 2}th clients are refused and counted; then served again`, async () => {
    const serve = spawnServe(["--max-clients", String(MAX), ...engine.args]);
    const held: Deno.TcpConn[] = [];
    try {
      const port = await listeningPort(serve);
      for (let i = 0; i < MAX; i++) {
        const { conn, echoed } = await echoLine(port, `held ${i}\n`);
        held.push(conn);
        assertEqual(echoed, `held ${i}\n`);
      }
      for (let k = 1; k <= 2; k++) {
        const extra = await Deno.connect({ hostname: "127.0.0.1", port });
        const { data, eof, error } = await readAll(extra, 5000);
        extra.close();
        assert(eof, `refused client ${k} reads EOF (${error ?? "no error"})`);
        assertEqual(data.length, 0, "and no data");
        const refused = await serve.waitFor(
          (e) => e.kind === "refused" && e.refused === k,
          5000,
          `refused #${k}`,
        );
        assertEqual(refused.live, MAX);
        assertEqual(refused.max, MAX);
        assert(summarize(refused).endsWith(`(#${k} refused)`), "the human line carries the count");
      }
      assertEqual(descendantsOf(serve.process.pid).length, MAX, "no child for a refused client");

      held.shift()!.close();
      assert(
        await eventually(() => descendantsOf(serve.process.pid).length === MAX - 1),
        "a child ended",
      );
      const { conn, echoed } = await echoLine(port, "served again\n");
      held.push(conn);
      assertEqual(echoed, "served again\n", "the server recovered when a client left");
      assertEqual(
        serve.events.filter((e) => e.kind === "refused").length,
        2,
        "exactly two refusals",
      );

      for (const c of held.splice(0)) c.close();
      assert(
        await eventually(() => descendantsOf(serve.process.pid).length === 0),
        "every child ended",
      );
      assertEqual(zombieChildren(serve.process.pid).length, 0);
    } finally {
      for (const c of held) c.close();
      serve.kill("SIGTERM");
      const { status } = await serve.finish();
      assertEqual(status.code, 143);
    }
  });
}
