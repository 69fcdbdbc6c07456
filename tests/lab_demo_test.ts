import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli, spawnCli } from "./helpers/cli.ts";
import { freshTag, labProcesses, labTest } from "./helpers/lab.ts";
import { eventually } from "./helpers/proc.ts";

/** Why the lab cannot run here (decided before any test), or undefined when it can. */

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
  try {
    await withLabIn(dir, body);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** A lab whose runtime files go in `dir`; afterwards nothing of it is left there. */
async function withLabIn(
  dir: string,
  body: (env: Record<string, string>, serve: ReturnType<typeof spawnCli>) => Promise<void>,
): Promise<void> {
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
  }
}

labTest(
  "demo: connect --lab, host cut/restore (the echo comes back), crash/reboot (ECONNRESET)",
  async () => {
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
            e.kind === "retransmit" &&
            serve.events.filter((x) => x.kind === "retransmit").length > n,
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
  },
);

labTest("demo: host shutdown — SIGTERM to all, the idle client's next read sees EOF", async () => {
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

/** The inode of `path` (a socket replaced by another has a new one). */
function inodeOf(path: string): number | null {
  try {
    return Deno.statSync(path).ino;
  } catch {
    return null;
  }
}

labTest(
  "demo: a second serve --lab says a lab is running (exit 2) and leaves the first one's files alone",
  async () => {
    await withLab(async (env, first) => {
      const dir = env.ECHOLAB_RUNTIME_DIR;
      const json = await Deno.readTextFile(`${dir}/lab.json`);
      const sock = inodeOf(`${dir}/lab.sock`);
      const second = await runCli(["serve", "--lab"], "", {
        env: { ...env, ECHOLAB_LAB_TAG: freshTag() },
      });
      assertEqual(second.code, 2, second.stderr);
      const lines = second.stderr.trimEnd().split("\n");
      assert(
        lines[0] ===
          `echolab: a lab is already running (pid ${first.process.pid}); end it with Ctrl-C in its terminal`,
        second.stderr,
      );
      assertEqual(await Deno.readTextFile(`${dir}/lab.json`), json, "lab.json untouched");
      assertEqual(inodeOf(`${dir}/lab.sock`), sock, "the same lab.sock, not a new one");
      const status = await host(env, "status");
      assertEqual(status.code, 0, `the first lab still answers: ${status.stderr}`);
    });
  },
);

labTest("demo: two serve --lab started together — one runs, the other exits 2", async () => {
  const dir = await Deno.makeTempDir();
  const tags = [freshTag(), freshTag()];
  const labs = tags.map((tag) =>
    spawnCli(["serve", "--lab", "--json"], {
      env: { ECHOLAB_RUNTIME_DIR: dir, ECHOLAB_LAB_TAG: tag },
    })
  );
  try {
    const ended = await Promise.race(labs.map((l, i) => l.process.status.then(() => i)));
    const winner = labs[1 - ended];
    await winner.waitFor((e) => e.kind === "lab-demo", 10_000, "lab-demo");
    assertEqual((await labs[ended].process.status).code, 2);
    const rt = JSON.parse(await Deno.readTextFile(`${dir}/lab.json`));
    assertEqual(rt.tag, tags[1 - ended], "lab.json is the running lab's");
    assertEqual(rt.owner, winner.process.pid);
    assert(inodeOf(`${dir}/lab.sock`) !== null, "its control socket is there");
  } finally {
    for (const l of labs) {
      l.kill("SIGTERM");
      await l.finish();
    }
    for (const tag of tags) {
      assert(await eventually(() => labProcesses(tag).length === 0, 3000), "no lab process left");
    }
    assertEqual([...Deno.readDirSync(dir)].map((e) => e.name), [], "nothing left behind");
    await Deno.remove(dir, { recursive: true });
  }
});

for (const signal of ["SIGKILL", "SIGHUP"] as const) {
  labTest(
    `demo: lab files left by ${signal} are stale: the next serve --lab replaces them`,
    async () => {
      const dir = await Deno.makeTempDir();
      const tag = freshTag();
      const killed = spawnCli(["serve", "--lab", "--json"], {
        env: { ECHOLAB_RUNTIME_DIR: dir, ECHOLAB_LAB_TAG: tag },
      });
      try {
        await killed.waitFor((e) => e.kind === "lab-demo", 10_000, "lab-demo");
        killed.kill(signal);
        await killed.finish();
        // The lab dies with its parent (setpriv --pdeathsig); its files stay behind.
        assert(await eventually(() => labProcesses(tag).length === 0, 5000), "the lab ended");
        const stale = JSON.parse(await Deno.readTextFile(`${dir}/lab.json`));
        assertEqual(stale.owner, killed.process.pid);
        await withLabIn(dir, async (env) => {
          const rt = JSON.parse(await Deno.readTextFile(`${dir}/lab.json`));
          assert(rt.owner !== stale.owner || rt.ownerStart !== stale.ownerStart, "a new owner");
          assertEqual((await host(env, "status")).code, 0);
        });
      } finally {
        killed.kill("SIGKILL");
        await killed.finish();
        await Deno.remove(dir, { recursive: true });
      }
    },
  );
}
