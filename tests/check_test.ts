import type { EchoEvent } from "../lib/events.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli, spawnCli } from "./helpers/cli.ts";
import { eventually } from "./helpers/proc.ts";
import {
  HAVE_GCC,
  NO_GCC_REASON,
  processesOf,
  serverBinary,
  type Started,
  startedFrom,
  stillThere,
} from "./helpers/servers.ts";

const NAMES = [
  "echo",
  "concurrent",
  "zombies",
  "signals-not-queued",
  "rst-before-accept",
  "client-killed",
  "eintr",
  "sigterm",
  "graceful-stop", // beyond the book: never fails the chapter
];

/**
 * Expected status per check, in NAMES order: P pass, F fail. `sigterm` is
 * §5.16's shutdown (SIGTERM to every process), which the book's servers
 * pass; `graceful-stop` (SIGTERM to the parent alone) is beyond the book.
 */
const PATTERNS: Record<string, string> = {
  // iterative, fgets/fputs: NUL bytes cut, one client at a time, SIGPIPE kills it all
  tcpserv00: "FFPFPFPPP",
  // never reaps: zombies; its children outlive kill PID
  tcpserv01: "PPFFPPPPF",
  // wait once, no SA_RESTART, EINTR fatal: dies as soon as a second client needs it
  tcpserv02: "PPFFFFFPF",
  // wait once, EINTR handled: signals are not queued
  tcpserv03: "PPPFPPPPF",
  // the book's final server: waitpid loop, EINTR → continue, no SIGTERM handler
  tcpserv04: "PPPPPPPPF",
  // tcpserv04 plus SIGTERM forwarded to its children (beyond the book)
  tcpserv05: "PPPPPPPPP",
};

/** The chapter's part of a pattern (the checks beyond the book never fail it). */
const chapter = (p: string) => p.slice(0, NAMES.indexOf("graceful-stop"));

async function grade(binary: string, extra: string[] = []) {
  const r = await runCli(["check", "--json", "--timeout", "1.5", ...extra, "--", binary]);
  return { code: r.code, stderr: r.stderr, events: parseEvents(r.stdout) };
}

function pattern(events: EchoEvent[]): string {
  const checks = events.filter((e) => e.kind === "check");
  assertEqual(checks.map((e) => e.name), NAMES);
  return checks.map((e) => e.status === "pass" ? "P" : "F").join("");
}

for (const [name, expected] of Object.entries(PATTERNS)) {
  Deno.test({
    name: `check grades ${name} as ${expected} and leaves nothing behind${NO_GCC_REASON}`,
    ignore: !HAVE_GCC,
    async fn() {
      const binary = serverBinary(name);
      const { code, events, stderr } = await grade(binary);
      const got = pattern(events);
      assertEqual(got, expected, JSON.stringify(events.filter((e) => e.kind === "check"), null, 1));
      assertEqual(code, chapter(expected).includes("F") ? 1 : 0, stderr);
      const summary = events.at(-1)!;
      assertEqual([summary.kind, summary.passed, summary.failed], [
        "check-summary",
        [...chapter(expected)].filter((c) => c === "P").length,
        [...chapter(expected)].filter((c) => c === "F").length,
      ]);
      for (const e of events.filter((e) => e.kind === "check")) {
        assert(
          typeof e.observed === "string" && e.observed.length > 0,
          `${e.name} says what it saw`,
        );
        assert(/^\d+\.\d+$/.test(String(e.section)), `${e.name} cites a section`);
        if (e.status === "fail") {
          assert(typeof e.output === "string", `${e.name} shows the server's output`);
        }
        assertEqual(e.escaped, undefined, `${e.name}: nothing escaped`);
      }
      const pids = events.filter((e) => e.kind === "check").map((e) => e.pid as number);
      assert(pids.every((pid) => pid > 0), "each check names its server");
      assert(
        await eventually(() => processesOf(binary).length === 0, 3000),
        `no server process left: ${processesOf(binary)}`,
      );
    },
  });
}

Deno.test({
  name: `check explains a failure from what it observed${NO_GCC_REASON}`,
  ignore: !HAVE_GCC,
  async fn() {
    const { events } = await grade(serverBinary("tcpserv02"), ["--only", "eintr"]);
    const eintr = events.find((e) => e.kind === "check")!;
    assertEqual(eintr.status, "fail");
    assert(String(eintr.output).includes("accept: Interrupted system call"), String(eintr.output));
    assert(String(eintr.observed).includes("exited with code 1"), String(eintr.observed));
    const zombies = await grade(serverBinary("tcpserv01"), ["--only", "zombies"]);
    const z = zombies.events.find((e) => e.kind === "check")!;
    assertEqual((z.zombies as number[]).length, 3);
    assertEqual(z.sigchld, "default");
  },
});

Deno.test({
  name: `check replaces {port} in the arguments; human output in Chinese${NO_GCC_REASON}`,
  ignore: !HAVE_GCC,
  async fn() {
    const script = `unset ECHOLAB_PORT; exec "${serverBinary("tcpserv04")}" "$1"`;
    const r = await runCli([
      "check",
      "--only",
      "echo",
      "--lang",
      "zh",
      "--",
      "sh",
      "-c",
      script,
      "sh",
      "{port}",
    ]);
    const text = new TextDecoder().decode(r.stdout);
    assertEqual(r.code, 0, text + r.stderr);
    assert(text.includes("通过") && text.includes("1 项检查中通过 1 项"), text);
  },
});

Deno.test({
  name: `check: Ctrl-C ends the run and the learner's server at once${NO_GCC_REASON}`,
  ignore: !HAVE_GCC,
  async fn() {
    const binary = serverBinary("tcpserv01");
    const run = spawnCli(["check", "--json", "--", binary]);
    await run.waitFor((e) => e.kind === "check", 20000, "the first check");
    // The second check's server: a descendant of this echolab process running our binary.
    let second: Started[] = [];
    await eventually(() => {
      second = startedFrom(run.process.pid).filter((p) => processesOf(binary).includes(p.pid));
      return second.length > 0;
    }, 5000);
    run.kill("SIGINT");
    const { status, events } = await run.finish();
    assertEqual(status.code, 130);
    assert(events.filter((e) => e.kind === "check").length < NAMES.length, "the run stopped early");
    assert(second.length > 0, "a server was running when Ctrl-C came");
    assert(await eventually(() => stillThere(second).length === 0, 3000), "it is gone");
  },
});

Deno.test("check: a server that exits or never listens fails clearly, every check, exit 1", async () => {
  const exits = await runCli([
    "check",
    "--json",
    "--",
    "sh",
    "-c",
    "echo 'cannot start' >&2; exit 3",
  ]);
  assertEqual(exits.code, 1);
  const checks = parseEvents(exits.stdout).filter((e) => e.kind === "check");
  assertEqual(checks.length, NAMES.length);
  assert(checks.every((e) => e.status === "fail"));
  assert(String(checks[0].observed).includes("exited with code 3"), String(checks[0].observed));
  assert(String(checks[0].output).includes("cannot start"));
  assert(String(checks[1].observed).startsWith("not run"), String(checks[1].observed));

  const t0 = performance.now();
  const silent = await runCli(["check", "--json", "--ready-timeout", "0.5", "--", "sleep", "30"]);
  assert(performance.now() - t0 < 8000, "bounded by --ready-timeout, not by the program");
  assertEqual(silent.code, 1);
  const first = parseEvents(silent.stdout).find((e) => e.kind === "check")!;
  assert(String(first.observed).includes("did not listen on any port"), String(first.observed));
});

Deno.test("check: bad input is one line and exit 2", async () => {
  for (
    const args of [
      ["check"],
      ["check", "--"],
      ["check", "./server"],
      ["check", "--only", "nope", "--", "true"],
      ["check", "--timeout", "0", "--", "true"],
      ["check", "--", "/nonexistent/echolab-server"],
    ]
  ) {
    const r = await runCli(args);
    assertEqual(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert(r.stderr.startsWith("echolab: "), r.stderr);
    assert(!r.stderr.includes("    at "), "no stack trace");
  }
});

Deno.test("check --list names every check with its section", async () => {
  const r = await runCli(["check", "--list", "--json"]);
  assertEqual(r.code, 0);
  const list = parseEvents(r.stdout);
  assertEqual(list.map((e) => e.name), NAMES);
  assert(list.every((e) => /^\d+\.\d+$/.test(String(e.section))));
});

Deno.test("check: Ctrl-C while the server is still starting ends it too", async () => {
  const run = spawnCli(["check", "--json", "--", "sleep", "30"]);
  let sleeper: Started[] = [];
  assert(
    await eventually(() => {
      sleeper = startedFrom(run.process.pid).filter((p) => p.comm === "sleep");
      return sleeper.length > 0;
    }, 10000),
    "the server was started",
  );
  const t0 = performance.now();
  run.kill("SIGINT");
  const { status } = await run.finish();
  assertEqual(status.code, 130);
  assert(performance.now() - t0 < 5000, "no waiting for the 15 s readiness bound");
  assert(await eventually(() => stillThere(sleeper).length === 0, 3000), "sleep is gone");
});

Deno.test({
  name:
    `deno task start check -- ./server runs the server from the user's directory (INIT_CWD)${NO_GCC_REASON}`,
  ignore: !HAVE_GCC,
  async fn() {
    const binary = serverBinary("tcpserv04");
    const dir = binary.slice(0, binary.lastIndexOf("/"));
    const config = new URL("../deno.json", import.meta.url).pathname;
    // deno task runs echolab from deno.json's directory, where ./tcpserv04 is not.
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "-q", "--config", config, "start", "check", "--json", "--only", "echo", "--"]
        .concat(["./tcpserv04", "{port}"]),
      cwd: dir,
      // As typed in a shell: deno task keeps an INIT_CWD it inherits (this
      // test runs under `deno task test`, whose INIT_CWD is the repository).
      clearEnv: true,
      env: Object.fromEntries(
        Object.entries(Deno.env.toObject()).filter(([k]) => k !== "INIT_CWD"),
      ),
      stdout: "piped",
      stderr: "piped",
    }).output();
    const events = parseEvents(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    assertEqual(out.code, 0, stderr);
    assertEqual(events.find((e) => e.kind === "check")?.status, "pass", stderr);
  },
});
