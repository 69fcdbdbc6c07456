import { assert, assertEqual } from "./helpers/assert.ts";
import { runCli, spawnCli } from "./helpers/cli.ts";
import { childrenOf, eventually } from "./helpers/proc.ts";

Deno.test("serve + connect: a line goes round trip and the child is reaped", async () => {
  const serve = spawnCli(["serve", "--port", "0", "--json"]);
  try {
    const listening = await serve.waitFor((e) => e.kind === "listening");
    assertEqual(listening.host, "127.0.0.1");
    assert(typeof listening.port === "number" && listening.port > 0, "real port reported");
    assertEqual(listening.pid, serve.process.pid);

    const client = await runCli(
      ["connect", "--port", String(listening.port), "--json"],
      "hello, chapter 5\n",
    );
    assertEqual(client.code, 0, client.stderr);
    const events = new TextDecoder().decode(client.stdout).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    const connected = events.find((e) => e.kind === "connected");
    assert(connected, "connected event");
    assertEqual(connected.peer, `127.0.0.1:${listening.port}`);
    const echo = events.find((e) => e.kind === "echo");
    assertEqual(echo?.text, "hello, chapter 5\n");
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
    serve.kill("SIGTERM");
    const { status } = await serve.finish();
    assertEqual(status.code, 143);
  }
});
