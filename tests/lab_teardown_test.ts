import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli, spawnCli } from "./helpers/cli.ts";
import { freshTag, labProcesses, labTest, namespaceHolders } from "./helpers/lab.ts";
import { eventually } from "./helpers/proc.ts";
import { whichTool } from "../lib/sys/which_tool.ts";

async function killedHalfway(
  signal: Deno.Signal,
  env: Record<string, string> = {},
): Promise<number | null> {
  const tag = freshTag();
  const chaos = spawnCli(["chaos", "host-crash", "--json"], {
    env: { ECHOLAB_LAB_TAG: tag, ...env },
  });
  const ready = await chaos.waitFor((e) => e.kind === "lab-ready", 10_000, "lab-ready");
  await chaos.waitFor((e) => e.kind === "retransmit", 10_000, "a retransmission");
  const namespaces = [
    ready.userns,
    ready.clientNetns,
    ready.routerNetns,
    ready.serverNetns,
    ready.serverPidns,
  ] as string[];
  const during = labProcesses(tag);
  // unshare, the lab's PID 1, the server host's init, its serve (+ nsenter): all tagged.
  assert(during.length >= 4, `lab processes found mid-run: ${during}`);
  assert(namespaceHolders(namespaces).length >= 2, "the namespaces are held mid-run");
  chaos.kill(signal);
  const { status } = await chaos.finish();
  assert(
    await eventually(() => labProcesses(tag).length === 0, 3000),
    `left: ${labProcesses(tag)}`,
  );
  assert(
    await eventually(() => namespaceHolders(namespaces).length === 0, 3000),
    `namespaces still held by ${namespaceHolders(namespaces)}`,
  );
  return status.code;
}

labTest("lab: SIGKILL of echolab mid-scenario leaves no process and no namespace", async () => {
  assertEqual(await killedHalfway("SIGKILL"), 137);
});

labTest(
  "lab: without setpriv, the lab still dies with echolab (its stdin pipe closes)",
  async () => {
    // A PATH with every tool the lab needs except setpriv.
    const bin = await Deno.makeTempDir();
    try {
      for (const tool of ["unshare", "nsenter", "ip", "sleep", "sh"]) {
        await Deno.symlink(whichTool(tool)!, `${bin}/${tool}`);
      }
      assertEqual(await killedHalfway("SIGKILL", { PATH: bin }), 137);
    } finally {
      await Deno.remove(bin, { recursive: true });
    }
  },
);

labTest("lab: Ctrl-C (SIGINT) mid-scenario tears the lab down and exits 130", async () => {
  assertEqual(await killedHalfway("SIGINT"), 130);
});

Deno.test("lab: without unshare on PATH every lab scenario is skipped with the reason", async () => {
  const r = await runCli(["chaos", "host-crash", "--json"], "", {
    env: { PATH: "/nonexistent" },
  });
  assertEqual(r.code, 0, r.stderr);
  const verdict = parseEvents(r.stdout).find((e) => e.kind === "verdict");
  assertEqual(verdict?.status, "skipped");
  assert(String(verdict?.note).includes("`unshare` was not found"), String(verdict?.note));
  assert(String(verdict?.note).includes("util-linux"), "says what to install");
});

Deno.test("lab: user namespaces switched off (a fake /proc) → skipped, in Chinese too", async () => {
  const fake = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${fake}/sys/user`, { recursive: true });
    await Deno.writeTextFile(`${fake}/sys/user/max_user_namespaces`, "0\n");
    const r = await runCli(["chaos", "keepalive", "--json", "--lang", "zh"], "", {
      env: { ECHOLAB_LAB_PROC: fake },
    });
    assertEqual(r.code, 0, r.stderr);
    const events = parseEvents(r.stdout);
    const verdict = events.find((e) => e.kind === "verdict");
    assertEqual(verdict?.status, "skipped");
    assert(String(verdict?.note).includes("user.max_user_namespaces=15000"), String(verdict?.note));
    assert(String(verdict?.note).includes("用户命名空间"), "the reason in Chinese");
    assert(!events.some((e) => e.kind === "lab-ready"), "no lab was built");
  } finally {
    await Deno.remove(fake, { recursive: true });
  }
});

Deno.test("chaos list names the lab scenarios with their sections", async () => {
  const r = await runCli(["chaos", "list", "--json"]);
  const names = parseEvents(r.stdout).map((e) => `${e.name} ${e.section}`);
  for (
    const s of [
      "host-crash 5.14",
      "host-unreachable 5.14",
      "read-timeout 14.2",
      "keepalive 7.5",
      "crash-reboot 5.15",
      "host-shutdown 5.16",
    ]
  ) assert(names.includes(s), `${s} in ${names}`);
});
