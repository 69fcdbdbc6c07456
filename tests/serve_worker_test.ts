import { assert, assertEqual } from "./helpers/assert.ts";
import { listeningPort, runCli, spawnServe } from "./helpers/cli.ts";
import { binaryPattern, echoLine, echoRoundTrip, firstDifference } from "./helpers/echo_client.ts";
import { childrenOf } from "./helpers/proc.ts";
import { cloneWorkerUnsupported } from "../lib/sys/clone_worker.ts";
import { sharesMemory } from "../lib/proc/shared_memory.ts";

const linux = Deno.build.os === "linux";
const cloneWhyNot = cloneWorkerUnsupported();

/** What /proc shows of a live child: its program and its environment. */
function _childProc(pid: number): { exe: string; environ: string } {
  return {
    exe: Deno.readLinkSync(`/proc/${pid}/exe`),
    environ: Deno.readTextFileSync(`/proc/${pid}/environ`),
  };
}

for (const worker of ["cat", "clone", "echolab"]) {
  Deno.test({
    name: `serve --engine book --worker ${worker}: binary data echoed, every child reaped`,
    ignore: !linux || (worker === "clone" && cloneWhyNot !== undefined),
    async fn() {
      const serve = spawnServe(["--worker", worker]);
      let heldConn: Deno.TcpConn | undefined;
      try {
        const port = await listeningPort(serve);
        const announced = await serve.waitFor((e) => e.kind === "worker");
        assertEqual(announced.worker, worker);

        // A connection held open: its child is live, seen in /proc.
        const held = await echoLine(port, "held\n");
        heldConn = held.conn;
        assertEqual(held.echoed, "held\n");
        const first = await serve.waitFor((e) => e.kind === "accepted");
        assertEqual(first.worker, worker);
        const proc = _childProc(first.child as number);
        if (worker === "clone") {
          // fork without exec: the same program and memory as the server, named str_echo.
          const child = first.child as number;
          assertEqual(sharesMemory(child, serve.process.pid), true, "clone(CLONE_VM)");
          const status = Deno.readTextFileSync(`/proc/${child}/status`);
          assert(/^Name:\s+str_echo$/m.test(status), status);
          assertEqual(Deno.readDirSync(`/proc/${child}/fd`).toArray().length, 1, "only the socket");
        } else if (worker === "cat") {
          assert(proc.exe.endsWith("/cat"), `child runs ${proc.exe}`);
          assertEqual(proc.environ, "", "cat starts with an empty environment");
        } else {
          assertEqual(proc.exe, Deno.execPath());
          assert(proc.environ.length > 0, "the deno child keeps the environment");
        }

        // Every byte value, NUL included, several socket buffers' worth.
        const payload = binaryPattern(worker === "echolab" ? 256 << 10 : 1 << 20, 7);
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
  name:
    "serve's default worker: clone where it runs; without it and without cat in PATH, echolab — and --worker cat is exit 2",
  ignore: !linux,
  async fn() {
    const defaultServe = spawnServe();
    try {
      const announced = await defaultServe.waitFor((e) => e.kind === "worker");
      assertEqual(announced.worker, cloneWhyNot ? "cat" : "clone");
    } finally {
      defaultServe.kill("SIGTERM");
    }
    assertEqual((await defaultServe.finish()).status.code, 143);

    const env = { PATH: "/nonexistent" };
    const r = await runCli(["serve", "--port", "0", "--worker", "cat"], "", { env });
    assertEqual(r.code, 2);
    assert(r.stderr.startsWith("echolab: --worker cat: no cat program in PATH"), r.stderr);
    if (cloneWhyNot) {
      const serve = spawnServe([], { env });
      try {
        const announced = await serve.waitFor((e) => e.kind === "worker");
        assertEqual(announced.worker, "echolab");
        assert(String(announced.note).includes("no cat in PATH"), String(announced.note));
      } finally {
        serve.kill("SIGTERM");
      }
      assertEqual((await serve.finish()).status.code, 143);
    }
  },
});

Deno.test({
  name:
    "serve --states: a clone child's row says [str_echo] (clone of PPID), not the parent's command line",
  ignore: !linux || cloneWhyNot !== undefined,
  async fn() {
    const serve = spawnServe(["--worker", "clone", "--states"]);
    let conn: Deno.TcpConn | undefined;
    try {
      const port = await listeningPort(serve);
      ({ conn } = await echoLine(port, "table\n", 30000));
      const accepted = await serve.waitFor((e) => e.kind === "accepted");
      const states = await serve.waitFor((e) => e.kind === "states" && e.t >= accepted.t);
      const rows = states.processes as { pid: number; ppid: number; args: string }[];
      const child = rows.find((r) => r.pid === accepted.child);
      assertEqual(child?.args, `[str_echo] (clone of ${serve.process.pid})`, JSON.stringify(rows));
      const server = rows.find((r) => r.pid === serve.process.pid);
      assert(server && /main\.ts serve/.test(server.args), JSON.stringify(rows));
    } finally {
      conn?.close();
      serve.kill("SIGTERM");
      await serve.finish();
    }
  },
});
