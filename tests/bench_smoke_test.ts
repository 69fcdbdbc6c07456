/**
 * The bench's own machinery, small and fast: the C peer and driver build,
 * the driver's figures add up, the goals judge ratios correctly, and a
 * stopped server leaves nothing behind. (The figures themselves: bench/.)
 */
import { buildBench } from "../bench/lib/build.ts";
import { bulk, churn, hold } from "../bench/lib/driver.ts";
import { checkGoals } from "../bench/lib/goals.ts";
import type { PeerFigures } from "../bench/lib/measure.ts";
import { startServer } from "../bench/lib/server_process.ts";
import { onPath } from "./helpers/commands.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { pidExists } from "./helpers/proc.ts";
import { descendantsOf } from "../lib/proc/process_tree.ts";

const hasGcc = onPath("gcc");

Deno.test({
  name: "bench smoke: C fork server + driver — churn, bulk, hold, stop with nothing left",
  ignore: !hasGcc, // gcc is installed by .ci/run; without it the bench cannot run either
  async fn() {
    const bins = await buildBench();
    const srv = await startServer({
      cmd: bins.forkEcho,
      args: ["0"],
      portFrom: (line) => /^port (\d+)$/.exec(line) ? Number(line.slice(5)) : undefined,
    });
    try {
      const c = await churn(bins.echoLoad, srv.port, { count: 50, seconds: 5, concurrency: 2 });
      assertEqual({ ok: c.ok, errors: c.errors, eof: c.eof, mismatch: c.mismatch }, {
        ok: 50,
        errors: 0,
        eof: 0,
        mismatch: 0,
      });
      const b = await bulk(bins.echoLoad, srv.port, { bytes: 4 * 1024 * 1024, seconds: 5 });
      assertEqual(b.sent, 4 * 1024 * 1024);
      assertEqual(b.received, b.sent, "every byte echoed");
      assertEqual(b.mismatch, 0);
      assert(b.eof, "the C server closes after the half-close");
      const h = await hold(bins.echoLoad, srv.port, 5, 10);
      assertEqual(h.held, 5);
      assertEqual(descendantsOf(srv.pid).length, 5, "one child per held client");
      assertEqual((await h.release()).stillServed, 5);
      const tree = descendantsOf(srv.pid).map((r) => r.pid);
      const held = await hold(bins.echoLoad, srv.port, 3, 10);
      const children = descendantsOf(srv.pid).map((r) => r.pid);
      const stop = await srv.stop("SIGTERM");
      await held.release();
      assertEqual(stop.code, 143);
      assertEqual(stop.leftovers, 0, "the C server ends its own children");
      assert([...tree, ...children].every((pid) => !pidExists(pid)), "nothing left behind");
    } finally {
      await srv.stop("SIGKILL");
    }
  },
});

function _fig(
  id: string,
  role: PeerFigures["role"],
  churnPerSec: number,
  mbPerSec: number,
  rssKiB: number,
) {
  return {
    id,
    label: id,
    role,
    errors: [],
    churn: { per_sec: churnPerSec } as PeerFigures["churn"],
    bulk: { mb_per_s: mbPerSec } as PeerFigures["bulk"],
    hold: {
      wanted: 256,
      held: 256,
      stillServed: 256,
      rssPerClientKiB: rssKiB,
    } as PeerFigures["hold"],
  } satisfies PeerFigures;
}

Deno.test("bench goals: ratios against the C fork server and socat decide pass/fail", () => {
  const figures = [
    _fig("c-fork", "reference", 1000, 1000, 500),
    _fig("c-fork-exec", "reference", 250, 1000, 1500), // churn: x 2×, y 0.8× (limit 0.9×)
    _fig("socat", "reference", 200, 300, 4000),
    _fig("echolab-x", "echolab", 500, 900, 8000), // exactly at every limit
    _fig("echolab-y", "echolab", 199, 899, 8001), // just past every limit
  ];
  const goals = checkGoals(figures, {
    echolabMs: 13,
    emptyMs: 10,
    ratio: 1.3,
    runs: 1,
    commands: { echolab: "", empty: "" },
  });
  const of = (subject: string) => goals.filter((g) => g.subject === subject).map((g) => g.pass);
  assertEqual(of("echolab-x"), [true, true, true, true, true]);
  assertEqual(of("echolab-y"), [false, false, false, false, false]);
  assertEqual(of("CLI"), [true]);
  assertEqual(goals.filter((g) => g.subject === "c-fork" || g.subject === "socat").length, 0);
});
