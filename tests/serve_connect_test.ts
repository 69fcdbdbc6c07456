import { assert, assertEqual } from "./helpers/assert.ts";
import { type CliProcess, parseEvents, runCli, spawnCli } from "./helpers/cli.ts";
import { childrenOf, eventually, pidExists } from "./helpers/proc.ts";

async function startServe(extra: string[] = []): Promise<{ serve: CliProcess; port: number }> {
  const serve = spawnCli(["serve", "--port", "0", "--json", ...extra]);
  const listening = await serve.waitFor((e) => e.kind === "listening", 15000, "listening");
  return { serve, port: listening.port as number };
}

async function stopServe(serve: CliProcess): Promise<Deno.CommandStatus> {
  serve.kill("SIGTERM");
  const { status } = await serve.finish();
  return status;
}

Deno.test("serve + connect: a line goes round trip and the child is reaped", async () => {
  const { serve, port } = await startServe();
  try {
    const listening = serve.events[0];
    assertEqual(listening.kind, "listening");
    assertEqual(listening.host, "127.0.0.1");
    assert(port > 0, "port 0 reports the real port");
    assertEqual(listening.pid, serve.process.pid);

    const client = await runCli(
      ["connect", "--port", String(port), "--json"],
      "hello, chapter 5\n",
    );
    assertEqual(client.code, 0, client.stderr);
    const events = parseEvents(client.stdout);
    const connected = events.find((e) => e.kind === "connected");
    assert(connected, "connected event");
    assertEqual(connected.peer, `127.0.0.1:${port}`);
    assertEqual(events.find((e) => e.kind === "echo")?.text, "hello, chapter 5\n");
    assertEqual(events.at(-1)?.kind, "stdin-eof");

    const accepted = await serve.waitFor((e) => e.kind === "accepted");
    assertEqual(accepted.peer, connected.local);
    const exited = await serve.waitFor((e) =>
      e.kind === "child-exited" && e.pid === accepted.child
    );
    assertEqual(exited.code, 0);
    await serve.waitFor((e) => e.kind === "reaped" && e.pid === accepted.child);
    await serve.waitFor((e) => e.kind === "sigchld");
    assert(await eventually(() => childrenOf(serve.process.pid).length === 0), "no child left");
  } finally {
    assertEqual((await stopServe(serve)).code, 143);
  }
});

Deno.test("connect: binary data with NUL bytes is echoed byte for byte", async () => {
  const { serve, port } = await startServe();
  try {
    const data = new Uint8Array(200_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 256; // every byte value, NULs included
    const client = await runCli(["connect", "--port", String(port)], data);
    assertEqual(client.code, 0, client.stderr);
    assertEqual(client.stdout.length, data.length);
    assert(client.stdout.every((b, i) => b === data[i]), "bytes identical");
    assert(client.stderr.includes("EOF on stdin"), "human annotations go to stderr");
  } finally {
    await stopServe(serve);
  }
});

Deno.test("connect --json: a short binary echo has bytes but no lossy text; UTF-8 has its text", async () => {
  const { serve, port } = await startServe();
  try {
    const binary = await runCli(
      ["connect", "--port", String(port), "--json"],
      new Uint8Array([0xff, 0xfe, 0, 0x41, 0x0a]),
    );
    assertEqual(binary.code, 0, binary.stderr);
    const echo = parseEvents(binary.stdout).find((e) => e.kind === "echo")!;
    assertEqual(echo.bytes, 5);
    assertEqual("text" in echo, false, JSON.stringify(echo));
    const text = await runCli(["connect", "--port", String(port), "--json"], "héllo 回射\n");
    assertEqual(parseEvents(text.stdout).find((e) => e.kind === "echo")?.text, "héllo 回射\n");
  } finally {
    await stopServe(serve);
  }
});

Deno.test("kill the child (UNP §5.12): the client sees EOF, then EPIPE on the next write", async () => {
  const { serve, port } = await startServe();
  const client = spawnCli(["connect", "--port", String(port), "--json"]);
  try {
    await client.write("first line\n");
    await client.waitFor((e) => e.kind === "echo", 10000, "first echo");
    const accepted = await serve.waitFor((e) => e.kind === "accepted");
    Deno.kill(accepted.child as number, "SIGTERM");
    const exited = await serve.waitFor((e) =>
      e.kind === "child-exited" && e.pid === accepted.child
    );
    assertEqual(exited.signal, "SIGTERM");

    await client.write("second line\n");
    const eof = await client.waitFor((e) => e.kind === "eof", 10000, "premature EOF");
    assertEqual(eof.op, "read");
    assertEqual(eof.got, 0);
    // §5.12: the write after the FIN succeeded, and the client says so before the EOF.
    const i = client.events.indexOf(eof);
    const wrote = client.events.slice(0, i).findLast((e) => e.kind === "write");
    assertEqual(wrote?.topic, "write-after-fin", JSON.stringify(client.events));
    assertEqual(wrote?.bytes, "second line\n".length);
    await client.write("third line\n");
    const epipe = await client.waitFor((e) => e.kind === "error", 10000, "write error");
    assertEqual(epipe.op, "write");
    assertEqual(epipe.errno, "EPIPE");
    const { status, events } = await client.finish();
    assertEqual(status.code, 1);
    assert(!events.some((e) => e.kind === "echo" && e.text !== "first line\n"), "no other echo");
  } finally {
    client.kill();
    await client.finish();
    await stopServe(serve);
  }
});

Deno.test("five connections ended together (tcpcli04): five children reaped, no zombie", async () => {
  const { serve, port } = await startServe();
  try {
    const client = await runCli(
      ["connect", "--port", String(port), "--connections", "5", "--json"],
      "one\n",
    );
    assertEqual(client.code, 0, client.stderr);
    const events = parseEvents(client.stdout);
    assertEqual(events.filter((e) => e.kind === "connected").length, 5);
    const exits = await eventually(
      () => serve.events.filter((e) => e.kind === "child-exited").length === 5,
      15000,
    );
    assert(exits, `five exits, saw ${JSON.stringify(serve.events)}`);
    const reaped = serve.events.filter((e) => e.kind === "reaped").map((e) => e.pid).sort();
    const accepted = serve.events.filter((e) => e.kind === "accepted").map((e) => e.child).sort();
    assertEqual(reaped, accepted);
    const sigchld = serve.events.filter((e) => e.kind === "sigchld").length;
    assert(sigchld >= 1 && sigchld <= 5, `SIGCHLD deliveries ${sigchld} between 1 and 5`);
    assert(await eventually(() => childrenOf(serve.process.pid).length === 0), "no child left");
    for (const pid of accepted) assert(!pidExists(pid as number), `child ${pid} gone from /proc`);
  } finally {
    await stopServe(serve);
  }
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`${signal} to serve with live children: all ended and reaped, exit ${signal === "SIGTERM" ? 143 : 130}`, async () => {
    const { serve, port } = await startServe();
    const clients = [0, 1, 2].map(() => spawnCli(["connect", "--port", String(port), "--json"]));
    try {
      for (const c of clients) await c.waitFor((e) => e.kind === "connected", 10000, "connected");
      await eventually(() => serve.events.filter((e) => e.kind === "accepted").length === 3, 10000);
      const children = serve.events.filter((e) => e.kind === "accepted").map((e) =>
        e.child as number
      );
      assertEqual(children.length, 3);
      serve.kill(signal);
      const { status, events } = await serve.finish();
      assertEqual(status.code, signal === "SIGTERM" ? 143 : 130);
      const shutdown = events.find((e) => e.kind === "shutdown");
      assertEqual(shutdown?.signal, signal);
      assertEqual(shutdown?.children, 3);
      for (const pid of children) assert(!pidExists(pid), `child ${pid} left behind`);
    } finally {
      for (const c of clients) {
        c.kill();
        await c.finish();
      }
    }
  });
}

Deno.test("past --max-clients a client is refused and the server keeps running", async () => {
  const { serve, port } = await startServe(["--max-clients", "1"]);
  const holder = spawnCli(["connect", "--port", String(port), "--json"]);
  try {
    await holder.write("hold\n");
    await holder.waitFor((e) => e.kind === "echo");
    const refused = await runCli(["connect", "--port", String(port), "--json"], "x\n");
    const events = parseEvents(refused.stdout);
    // The server accepts and closes at once: the client reads EOF, or, when its
    // line reached the closed socket first, the RST comes back (ECONNRESET/EPIPE).
    assert(
      events.some((e) =>
        e.kind === "eof" ||
        (e.kind === "error" && ["ECONNRESET", "EPIPE"].includes(e.errno as string))
      ),
      `refused client reads EOF or meets the RST: ${JSON.stringify(events)}`,
    );
    await serve.waitFor((e) => e.kind === "refused");
    await holder.closeStdin();
    await holder.finish();
    await serve.waitFor((e) => e.kind === "child-exited");
    const later = await runCli(["connect", "--port", String(port), "--json"], "again\n");
    assertEqual(parseEvents(later.stdout).find((e) => e.kind === "echo")?.text, "again\n");
  } finally {
    holder.kill();
    await holder.finish();
    await stopServe(serve);
  }
});

Deno.test("connect --keepalive and --timeout are annotated", async () => {
  // A listener that accepts but never echoes: the read timeout must fire (§14.2).
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const accepting = listener.accept();
  try {
    const client = await runCli(
      ["connect", "--port", String(port), "--keepalive", "--timeout", "0.3", "--json"],
      "are you there?\n",
    );
    const events = parseEvents(client.stdout);
    assert(events.some((e) => e.kind === "keepalive-on"), "keepalive-on");
    const timeout = events.find((e) => e.kind === "read-timeout");
    assertEqual(timeout?.seconds, 0.3);
    assertEqual(client.code, 1);
  } finally {
    (await accepting).close();
    listener.close();
  }
});

Deno.test("connect to a closed port: ECONNREFUSED with its errno name", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const client = await runCli(["connect", "--port", String(port), "--json"], "");
  assertEqual(client.code, 1);
  const error = parseEvents(client.stdout).find((e) => e.kind === "error");
  assertEqual(error?.op, "connect");
  assertEqual(error?.errno, "ECONNREFUSED");
});

/**
 * A server that answers every line with `reply(line)`: a liar for the tests
 * (it reads what it can, one reply per read that ends a line).
 */
function fakeServer(reply: (line: string) => string): {
  port: number;
  close: () => Promise<void>;
} {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const serving = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      (async () => {
        const buf = new Uint8Array(4096);
        let pending = "";
        try {
          for (;;) {
            const n = await conn.read(buf);
            if (n === null) break;
            pending += new TextDecoder().decode(buf.subarray(0, n));
            let nl: number;
            while ((nl = pending.indexOf("\n")) >= 0) {
              await conn.write(new TextEncoder().encode(reply(pending.slice(0, nl + 1))));
              pending = pending.slice(nl + 1);
            }
          }
        } catch { /* the client went away */ }
      })();
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    close: async () => {
      listener.close();
      await serving.catch(() => {});
      for (const c of conns) {
        try {
          c.close();
        } catch { /* closed */ }
      }
    },
  };
}

Deno.test("connect is str_cli: three piped lines give three echo events, one line each", async () => {
  const { serve, port } = await startServe();
  try {
    const client = await runCli(["connect", "--port", String(port), "--json"], "one\ntwo\nthree");
    assertEqual(client.code, 0, client.stderr);
    const echoes = parseEvents(client.stdout).filter((e) => e.kind === "echo");
    // The last line has no newline: it is sent and read back as it is (fgets at EOF).
    assertEqual(echoes.map((e) => e.text), ["one\n", "two\n", "three"]);
    const human = await runCli(["connect", "--port", String(port)], "a\nb\n");
    assertEqual(new TextDecoder().decode(human.stdout), "a\nb\n");
    assertEqual(human.stderr.split("\n").filter((l) => l.includes("echoed")).length, 2);
  } finally {
    await stopServe(serve);
  }
});

Deno.test("connect catches a lying server: exit 1, both lines shown escaped, no raw ESC on stderr", async () => {
  const liar = fakeServer(() => "\x1b[31mXXXX\n");
  try {
    const json = await runCli(["connect", "--port", String(liar.port), "--json"], "hello\nworld\n");
    assertEqual(json.code, 1, json.stderr);
    const events = parseEvents(json.stdout);
    const mismatches = events.filter((e) => e.kind === "echo-mismatch");
    assertEqual(mismatches.length, 2, JSON.stringify(events));
    assertEqual(mismatches[0].sent, "hello\\n");
    assertEqual(mismatches[0].got, "\\x1b[31mXXXX\\n");
    assertEqual(events.some((e) => e.kind === "echo"), false);

    const human = await runCli(["connect", "--port", String(liar.port)], "hello\n");
    assertEqual(human.code, 1);
    assert(human.stderr.includes('"\\x1b[31mXXXX\\n" (10 bytes)'), human.stderr);
    assert(!human.stderr.includes("\x1b"), "no escape code reaches stderr");
    const zh = await runCli(["connect", "--port", String(liar.port), "--lang", "zh"], "hello\n");
    assert(zh.stderr.includes("回复与发出的行不同"), zh.stderr);
  } finally {
    await liar.close();
  }
});

Deno.test("connect: a shorter reply is not waited for silently; --timeout gives up with what came", async () => {
  const short = fakeServer(() => "hel");
  try {
    // readline waits for the newline; after 3 s it says so, at 3.5 s --timeout gives up.
    const client = await runCli(
      ["connect", "--port", String(short.port), "--timeout", "3.5", "--json"],
      "hello\n",
    );
    assertEqual(client.code, 1, client.stderr);
    const events = parseEvents(client.stdout);
    const waiting = events.find((e) => e.kind === "readline-waiting");
    assertEqual(waiting?.got, 3, JSON.stringify(events));
    const timeout = events.find((e) => e.kind === "read-timeout");
    assertEqual(timeout?.got, 3);
    assertEqual(timeout?.expected, 6);
  } finally {
    await short.close();
  }
});
