import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli, spawnCli } from "./helpers/cli.ts";
import { freshTag, labProcesses } from "./helpers/lab.ts";
import { eventually } from "./helpers/proc.ts";

async function host(env: Record<string, string>, ...args: string[]) {
  const r = await runCli(["host", ...args, "--json"], "", { env });
  const events = parseEvents(r.stdout);
  return {
    code: r.code,
    stderr: r.stderr,
    events,
    done: events.find((e) => e.kind === "host-done"),
  };
}

async function withLab(
  body: (env: Record<string, string>, serve: ReturnType<typeof spawnCli>) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  const tag = freshTag();
  const env = { ECHOLAB_RUNTIME_DIR: dir, ECHOLAB_LAB_TAG: tag };
  const serve = spawnCli(["serve", "--lab", "--json"], { env });
  try {
    await serve.waitFor((e) => e.kind === "lab-demo", 10_000, "lab-demo");
    const rt = JSON.parse(await Deno.readTextFile(`${dir}/lab.json`));
    assertEqual(rt.tag, tag);
    await body(env, serve);
  } finally {
    serve.kill("SIGTERM");
    const { status } = await serve.finish();
    assertEqual(status.code, 143);
    assert(await eventually(() => labProcesses(tag).length === 0, 3000), "no lab process left");
    const left = [...Deno.readDirSync(dir)].map((e) => e.name);
    assertEqual(left, [], "runtime file and socket removed");
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("demo: connect --lab, host cut/restore (the echo comes back), crash/reboot (ECONNRESET)", async () => {
  await withLab(async (env, serve) => {
    const client = spawnCli(["connect", "--lab", "--json"], { env });
    try {
      await client.write("hello\n");
      const connected = await client.waitFor((e) => e.kind === "connected");
      assertEqual(connected.peer, "198.18.1.2:9877");
      await client.waitFor((e) => e.kind === "echo");

      const status = await host(env, "status");
      assertEqual(status.code, 0, status.stderr);
      const st = status.events.find((e) => e.kind === "host-status");
      assertEqual(st?.state, "up");
      const clients = st?.clients as { local: string; state: string }[];
      assert(clients.some((c) => c.local === connected.local && c.state === "ESTABLISHED"));

      assertEqual((await host(env, "cut")).done?.ok, true);
      await client.write("through the outage\n");
      await serve.waitFor((e) => e.kind === "retransmit", 5000, "a retransmission");
      assertEqual((await host(env, "restore")).done?.ok, true);
      const echo = await client.waitFor((e) =>
        e.kind === "echo" && e.text === "through the outage\n"
      );
      assert(echo, "the retransmission got through after restore");

      const crash = await host(env, "crash");
      assertEqual(crash.done?.state, "crashed");
      const refused = await host(env, "restore");
      assertEqual(refused.code, 1, "a crashed host cannot be restored");
      assert(String(refused.done?.message).includes("reboot"));
      await client.write("are you back?\n");
      const n = serve.events.filter((e) => e.kind === "retransmit").length;
      await serve.waitFor(
        (e) =>
          e.kind === "retransmit" && serve.events.filter((x) => x.kind === "retransmit").length > n,
        5000,
        "a retransmission after the crash",
      );
      const reboot = await host(env, "reboot");
      assertEqual(reboot.done?.ok, true);
      assertEqual(reboot.events.find((e) => e.kind === "host-reboot")?.generation, 2);
      const err = await client.waitFor((e) => e.kind === "error", 10_000, "the client's error");
      assertEqual(err.errno, "ECONNRESET");
    } finally {
      client.kill("SIGTERM");
      await client.finish();
    }
  });
});

Deno.test("demo: host shutdown — SIGTERM to all, the idle client's next read sees EOF", async () => {
  await withLab(async (env) => {
    const client = spawnCli(["connect", "--lab", "--json"], { env });
    try {
      await client.write("hello\n");
      await client.waitFor((e) => e.kind === "echo");
      const down = await host(env, "shutdown", "--grace", "1");
      assertEqual(down.code, 0, down.stderr);
      assert(down.events.some((e) => e.kind === "init-sigterm"), "init sent SIGTERM");
      assertEqual(down.done?.state, "down");
      await client.write("still there?\n");
      await client.waitFor((e) => e.kind === "eof", 5000, "EOF");
    } finally {
      await client.closeStdin();
      await client.finish();
    }
  });
});

Deno.test("demo: host unreachable — the router's ICMP reaches the client, status counts it, restore brings the echo back", async () => {
  await withLab(async (env, serve) => {
    const client = spawnCli(["connect", "--lab", "--json"], { env });
    try {
      await client.write("hello\n");
      await client.waitFor((e) => e.kind === "echo");
      const fault = await host(env, "unreachable");
      assertEqual([fault.code, fault.done?.ok], [0, true], fault.stderr);
      const route = fault.events.find((e) => e.kind === "router-route");
      assertEqual(route?.route, "unreachable");
      await client.write("through the router\n");
      // The router answers with ICMP host unreachable; serve --lab shows it (its capture on veth-c).
      const icmp = await serve.waitFor(
        (e) => e.kind === "icmp" && e.from === "198.18.0.254",
        10_000,
        "an ICMP from the router",
      );
      assertEqual([icmp.type, icmp.code], [3, 1]);
      const status = await host(env, "status");
      const st = status.events.find((e) => e.kind === "host-status");
      assertEqual(st?.route, "unreachable");
      assert(Number(st?.icmp_unreachable_sent) >= 1, JSON.stringify(st));
      const back = await host(env, "restore");
      assertEqual([back.code, back.done?.ok], [0, true], back.stderr);
      const echo = await client.waitFor(
        (e) => e.kind === "echo" && e.text === "through the router\n",
        15_000,
        "the echo after restore",
      );
      assert(echo, "the retransmission got through after restore (the soft error was forgotten)");
    } finally {
      client.kill("SIGTERM");
      await client.finish();
    }
  });
});

Deno.test("demo: host and connect --lab without a running lab say so (exit 2)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const env = { ECHOLAB_RUNTIME_DIR: dir };
    const r = await runCli(["host", "crash"], "", { env });
    assertEqual(r.code, 2);
    assert(r.stderr.includes("no lab is running"), r.stderr);
    const c = await runCli(["connect", "--lab"], "", { env });
    assertEqual(c.code, 2);
    assert(c.stderr.includes("echolab serve --lab"), c.stderr);
    const bad = await runCli(["host", "explode"], "", { env });
    assertEqual(bad.code, 2);
    assert(bad.stderr.includes("unknown action 'explode'"), bad.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
