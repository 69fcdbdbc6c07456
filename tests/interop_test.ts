import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli } from "./helpers/cli.ts";
import { onPath } from "./helpers/commands.ts";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error(`nothing listening on ${port}`);
}

const PEERS: [string, (port: number) => string[]][] = [
  ["socat", (p) => ["socat", `TCP-LISTEN:${p},bind=127.0.0.1,fork,reuseaddr`, "EXEC:cat"]],
  ["ncat", (p) => ["ncat", "-l", "-k", "127.0.0.1", String(p), "--exec", "/bin/cat"]],
];

for (const [tool, argv] of PEERS) {
  Deno.test({
    name: `connect works against ${tool}'s echo server`,
    ignore: !onPath(tool),
    async fn() {
      const port = freePort();
      const [cmd, ...args] = argv(port);
      const server = new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).spawn();
      try {
        await waitListening(port);
        const r = await runCli(
          ["connect", "--port", String(port), "--json"],
          "through another server\n",
        );
        assertEqual(r.code, 0, r.stderr);
        const events = parseEvents(r.stdout);
        assertEqual(events.find((e) => e.kind === "echo")?.text, "through another server\n");
        assert(events.some((e) => e.kind === "connected"));
      } finally {
        server.kill("SIGTERM");
        await server.status;
      }
    },
  });
}
