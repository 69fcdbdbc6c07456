import { assert, assertEqual } from "./helpers/assert.ts";
import { runCli, spawnCli } from "./helpers/cli.ts";
import { binaryPattern, echoLine, echoRoundTrip, firstDifference } from "./helpers/echo_client.ts";
import { childrenOf } from "./helpers/proc.ts";

const linux = Deno.build.os === "linux";

/** What /proc shows of a live child: its program and its environment. */
function _childProc(pid: number): { exe: string; environ: string } {
  return {
    exe: Deno.readLinkSync(`/proc/${pid}/exe`),
    environ: Deno.readTextFileSync(`/proc/${pid}/environ`),
  };
}

for (const worker of ["cat", "echolab"]) {
  Deno.test({
    name: `serve --engine book --worker ${worker}: binary data echoed, every child reaped`,
    ignore: !linux,
    async fn() {
      const serve = spawnCli(["serve", "--port", "0", "--json", "--worker", worker]);
      let heldConn: Deno.TcpConn | undefined;
      try {
        const listening = await serve.waitFor((e) => e.kind === "listening");
        const port = listening.port as number;
        const announced = await serve.waitFor((e) => e.kind === "worker");
        assertEqual(announced.worker, worker);

        // A connection held open: its child is live, seen in /proc.
        const held = await echoLine(port, "held\n");
        heldConn = held.conn;
        assertEqual(held.echoed, "held\n");
        const first = await serve.waitFor((e) => e.kind === "accepted");
        assertEqual(first.worker, worker);
        const proc = _childProc(first.child as number);
        if (worker === "cat") {
          assert(proc.exe.endsWith("/cat"), `child runs ${proc.exe}`);
          assertEqual(proc.environ, "", "cat starts with an empty environment");
        } else {
          assertEqual(proc.exe, Deno.execPath());
          assert(proc.environ.length > 0, "the deno child keeps the environment");
        }

        // Every byte value, NUL included, several socket buffers' worth.
        const payload = binaryPattern(worker === "cat" ? 1 << 20 : 256 << 10, 7);
        const back = await echoRoundTrip(port, payload);
        assertEqual(firstDifference(back.data, payload), -1, "echo differs");

        heldConn.close();
        heldConn = undefined;
        await serve.waitFor(
          () => serve.events.filter((e) => e.kind === "reaped").length === 2,
          10000,
          "2 reaped",
        );
        assertEqual(childrenOf(serve.process.pid), []);
      } finally {
        heldConn?.close();
        serve.kill("SIGTERM");
      }
      const { status, events } = await serve.finish();
      assertEqual(status.code, 143);
      const exits = events.filter((e) => e.kind === "child-exited").map((e) => e.code);
      assertEqual(exits, [0, 0], "both children read EOF and exited 0");
      assertEqual(childrenOf(serve.process.pid), []);
    },
  });
}

Deno.test({
  name: "serve --worker: bad value and --engine deno are one-line usage errors (exit 2)",
  ignore: !linux,
  async fn() {
    for (
      const [args, says] of [
        [["--worker", "sh"], "bad --worker 'sh'"],
        [["--engine", "deno", "--worker", "cat"], "--worker needs the book engine"],
      ] as const
    ) {
      const r = await runCli(["serve", "--port", "0", ...args]);
      assertEqual(r.code, 2);
      const stderr = r.stderr.trim().split("\n");
      assert(stderr[0].startsWith(`echolab: ${says}`), r.stderr);
      assert(stderr.length <= 2 && !r.stderr.includes("    at "), r.stderr);
    }
  },
});

Deno.test({
  name: "serve without cat in PATH: --worker cat is exit 2, the default falls back to echolab",
  ignore: !linux,
  async fn() {
    const env = { PATH: "/nonexistent" };
    const r = await runCli(["serve", "--port", "0", "--worker", "cat"], "", { env });
    assertEqual(r.code, 2);
    assert(r.stderr.startsWith("echolab: --worker cat: no cat program in PATH"), r.stderr);

    const serve = spawnCli(["serve", "--port", "0", "--json"], { env });
    try {
      const announced = await serve.waitFor((e) => e.kind === "worker");
      assertEqual(announced.worker, "echolab");
      assert(String(announced.note).includes("no cat in PATH"), String(announced.note));
    } finally {
      serve.kill("SIGTERM");
    }
    assertEqual((await serve.finish()).status.code, 143);
  },
});
