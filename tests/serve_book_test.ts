import type { EchoEvent } from "../lib/events.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { type CliProcess, listeningPort, runCli, spawnServe } from "./helpers/cli.ts";
import { childrenOf, eventually } from "./helpers/proc.ts";
import { close } from "../lib/sys/socket.ts";
import { setLinger } from "../lib/sys/sockopt.ts";
import { tcpConnect } from "../lib/sys/tcp.ts";

const linux = Deno.build.os === "linux";

async function _serve(args: string[]): Promise<{ serve: CliProcess; port: number }> {
  const serve = spawnServe(args);
  return { serve, port: await listeningPort(serve) };
}

async function _client(port: number, lines: string, extra: string[] = []): Promise<EchoEvent[]> {
  const r = await runCli(["connect", "--port", String(port), "--json", ...extra], lines);
  assertEqual(r.code, 0, r.stderr);
  return new TextDecoder().decode(r.stdout).trim().split("\n").map((l) => JSON.parse(l));
}

function _count(events: EchoEvent[], kind: string): number {
  return events.filter((e) => e.kind === kind).length;
}

Deno.test({
  name: "serve --engine book --reap none: real zombies in /proc, all reaped at SIGTERM",
  ignore: !linux,
  async fn() {
    const { serve, port } = await _serve(["--engine", "book", "--reap", "none"]);
    try {
      const listening = serve.events[0];
      assertEqual(listening.engine, "book");
      assertEqual(listening.reap, "none");
      for (const n of [1, 2, 3]) {
        const events = await _client(port, `line ${n}\n`);
        assertEqual(events.find((e) => e.kind === "echo")?.text, `line ${n}\n`);
      }
      await serve.waitFor((e) => e.kind === "child-zombie" && e.zombies === 3, 10000, "3 zombies");
      const accepted = serve.events.filter((e) => e.kind === "accepted").map((e) => e.child);
      assertEqual(accepted.length, 3);
      // The kernel keeps them: state Z, children of the server.
      const states = childrenOf(serve.process.pid);
      assertEqual(
        accepted.map((pid) => states.find((c) => c.pid === pid)?.state),
        ["Z", "Z", "Z"],
      );
      assertEqual(_count(serve.events, "reaped"), 0, "nobody waited");
      assertEqual(_count(serve.events, "child-exited"), 3);
    } finally {
      serve.kill("SIGTERM");
    }
    const { status, events } = await serve.finish();
    assertEqual(status.code, 143);
    const shutdown = events.find((e) => e.kind === "shutdown");
    assertEqual(shutdown?.zombies, 3);
    assertEqual(shutdown?.live, 0);
    assertEqual(
      events.filter((e) => e.kind === "reaped").map((e) => e.by),
      ["waitpid", "waitpid", "waitpid"],
    );
    assertEqual(childrenOf(serve.process.pid), []);
  },
});

Deno.test({
  name: "serve --engine book --reap waitpid: every child reaped, no zombie left",
  ignore: !linux,
  async fn() {
    const { serve, port } = await _serve(["--engine", "book", "--reap", "waitpid"]);
    try {
      await _client(port, "hello\n", ["--connections", "4"]);
      await serve.waitFor(
        () => serve.events.filter((e) => e.kind === "reaped").length === 4,
        10000,
        "4 reaped",
      );
      assert(
        await eventually(() => childrenOf(serve.process.pid).length === 0),
        "no child or zombie left while the server runs",
      );
      assertEqual(_count(serve.events, "child-zombie"), 0);
      assert(serve.events.filter((e) => e.kind === "reaped").every((e) => e.by === "waitpid"));
      const sigchld = _count(serve.events, "sigchld");
      assert(sigchld >= 1 && sigchld <= 4, `SIGCHLD deliveries ${sigchld} for 4 exits`);
    } finally {
      serve.kill("SIGINT");
    }
    const { status } = await serve.finish();
    assertEqual(status.code, 130);
  },
});

Deno.test({
  name: "serve --engine book --reap wait: one wait per SIGCHLD; what is left are real zombies",
  ignore: !linux,
  async fn() {
    const { serve, port } = await _serve(["--engine", "book", "--reap", "wait"]);
    try {
      await _client(port, "hello\n", ["--connections", "5"]);
      await serve.waitFor(
        () => _count(serve.events, "child-exited") === 5,
        10000,
        "5 exits",
      );
      await new Promise((r) => setTimeout(r, 200)); // let late SIGCHLDs settle
      const sigchld = _count(serve.events, "sigchld");
      const reaped = serve.events.filter((e) => e.kind === "reaped");
      assert(reaped.every((e) => e.by === "wait"));
      assert(reaped.length <= sigchld, "never more than one wait per delivery");
      const zombies = childrenOf(serve.process.pid).filter((c) => c.state === "Z").length;
      assertEqual(zombies, 5 - reaped.length, "each missed delivery left one zombie");
    } finally {
      serve.kill("SIGTERM");
    }
    const { status } = await serve.finish();
    assertEqual(status.code, 143);
    assertEqual(childrenOf(serve.process.pid), []);
  },
});

Deno.test({
  name: "serve --engine deno still works beside the book engine",
  async fn() {
    const { serve, port } = await _serve(["--engine", "deno"]);
    try {
      assertEqual(serve.events[0].engine, "deno");
      const events = await _client(port, "deno\n");
      assertEqual(events.find((e) => e.kind === "echo")?.text, "deno\n");
      await serve.waitFor((e) => e.kind === "reaped" && e.by === "runtime");
    } finally {
      serve.kill("SIGTERM");
    }
    assertEqual((await serve.finish()).status.code, 143);
  },
});

Deno.test({
  name: "serve --engine book --max-clients 1 refuses the second client and keeps serving",
  ignore: !linux,
  async fn() {
    const { serve, port } = await _serve(["--engine", "book", "--max-clients", "1"]);
    try {
      const first = await Deno.connect({ port });
      await serve.waitFor((e) => e.kind === "accepted");
      const second = await Deno.connect({ port });
      const refused = await serve.waitFor((e) => e.kind === "refused");
      assertEqual(refused.max, 1);
      assertEqual(await second.read(new Uint8Array(8)), null, "refused: EOF at once");
      second.close();
      first.close();
      await serve.waitFor((e) => e.kind === "reaped");
      const events = await _client(port, "again\n");
      assertEqual(events.find((e) => e.kind === "echo")?.text, "again\n");
    } finally {
      serve.kill("SIGTERM");
    }
    assertEqual((await serve.finish()).status.code, 143);
  },
});

Deno.test({
  name:
    "serve --engine book: connections reset in the accept queue are annotated (§5.11), get no child, and the server serves on",
  ignore: !linux,
  async fn() {
    const { serve, port } = await _serve(["--engine", "book"]);
    try {
      // Stopped, the server cannot accept: each RST arrives while its connection is queued.
      Deno.kill(serve.process.pid, "SIGSTOP");
      try {
        for (let i = 0; i < 5; i++) {
          const c = await tcpConnect("127.0.0.1", port, { timeoutMs: 3000 });
          assert(c.ok);
          assert(setLinger(c.value, { on: true, seconds: 0 }).ok);
          close(c.value); // RST
        }
      } finally {
        Deno.kill(serve.process.pid, "SIGCONT");
      }
      await serve.waitFor(() => _count(serve.events, "accept-aborted") === 5, 10000, "5 aborted");
      const aborted = serve.events.filter((e) => e.kind === "accept-aborted");
      assert(
        aborted.every((e) => e.errno === "ENOTCONN" && e.topic === "accept-after-rst"),
        JSON.stringify(aborted),
      );
      const events = await _client(port, "still here\n");
      assertEqual(events.find((e) => e.kind === "echo")?.text, "still here\n");
      await serve.waitFor(() => _count(serve.events, "reaped") === 1, 10000, "1 reaped");
      assertEqual(_count(serve.events, "accepted"), 1, "a child for the live client only");
    } finally {
      serve.kill("SIGTERM");
    }
    const { status, events } = await serve.finish();
    assertEqual(status.code, 143);
    assertEqual(events.at(-1)?.kind, "shutdown");
    assertEqual(childrenOf(serve.process.pid), []);
  },
});

Deno.test("serve: bad --engine/--reap values are one line and exit 2", async () => {
  for (
    const [args, message] of [
      [["--engine", "fork"], "echolab: bad --engine 'fork': expected book or deno"],
      [["--reap", "sometimes"], "echolab: bad --reap 'sometimes': expected none, wait or waitpid"],
      [
        ["--engine", "deno", "--reap", "none"],
        "echolab: --reap needs the book engine: the deno runtime reaps every child itself",
      ],
    ] as const
  ) {
    const r = await runCli(["serve", ...args]);
    assertEqual(r.code, 2, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assertEqual(lines[0], message);
    assertEqual(lines[1], "Try 'echolab serve --help'.");
  }
});

Deno.test({
  name: "serve --engine book: a host name or a port in use is one line plus a hint, exit 2",
  ignore: !linux,
  async fn() {
    const r = await runCli(["serve", "--engine", "book", "--host", "example.invalid"]);
    assertEqual(r.code, 2);
    assert(
      r.stderr.startsWith("echolab: the book engine binds numeric addresses (or localhost) only"),
      r.stderr,
    );
    const holder = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    try {
      const port = (holder.addr as Deno.NetAddr).port;
      const busy = await runCli(["serve", "--engine", "book", "--port", String(port)]);
      assertEqual(busy.code, 2);
      assert(busy.stderr.startsWith(`echolab: bind 127.0.0.1:${port}: EADDRINUSE`), busy.stderr);
      const lines = busy.stderr.trim().split("\n");
      assertEqual(lines.length, 2, busy.stderr);
      assert(/--port/.test(lines[1]), lines[1]);
    } finally {
      holder.close();
    }
  },
});
