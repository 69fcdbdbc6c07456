/**
 * `echolab check` grading the book's own programs (issue #15): on the port
 * a server really listens on, §5.16's shutdown, nothing left behind however
 * echolab ends, the server's own system calls, bad commands.
 */

import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli, spawnCli } from "./helpers/cli.ts";
import { onPath } from "./helpers/commands.ts";
import { canUnshare } from "./helpers/namespaces.ts";
import { eventually } from "./helpers/proc.ts";
import {
  HAVE_GCC,
  NO_GCC_REASON,
  serverBinary,
  type Started,
  startedFrom,
  stillThere,
} from "./helpers/servers.ts";
import { selfCommand } from "../lib/sys/self_command.ts";

const HAVE_STRACE = onPath("strace");
const NO_STRACE_REASON = HAVE_STRACE ? "" : " (skipped: strace not found)";
const NO_UNSHARE_REASON = canUnshare()
  ? ""
  : " (skipped: unshare -rn unavailable, 9877 cannot be made private)";

const _FIXTURES = new URL("./fixtures/", import.meta.url).pathname;
const _built = new Map<string, string>();

/** Compile tests/fixtures/NAME.c once per run (gcc), into a temporary directory. */
function fixture(name: string): string {
  let out = _built.get(name);
  if (out) return out;
  out = `${Deno.makeTempDirSync({ prefix: "echolab-fixture-" })}/${name}`;
  const r = new Deno.Command("gcc", {
    args: ["-O2", "-o", out, `${_FIXTURES}${name}.c`],
    stderr: "piped",
  }).outputSync();
  if (!r.success) throw new Error(new TextDecoder().decode(r.stderr));
  _built.set(name, out);
  return out;
}

/** Run `echolab ...args` in a private network namespace (lo up), so 9877 is ours. */
async function inPrivateNet(args: string[]) {
  const self = selfCommand(args);
  const quoted = [self.cmd, ...self.args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const out = await new Deno.Command("unshare", {
    args: ["-rn", "sh", "-c", `ip link set lo up && exec ${quoted}`],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", LANG: "C.UTF-8" },
  }).output();
  return {
    code: out.code,
    stderr: new TextDecoder().decode(out.stderr),
    events: parseEvents(out.stdout),
  };
}

Deno.test({
  name:
    `check grades the book's tcpserv04 on its fixed 9877 (INADDR_ANY, no SO_REUSEADDR), exit 0${NO_GCC_REASON}${NO_UNSHARE_REASON}`,
  ignore: !HAVE_GCC || !canUnshare(),
  async fn() {
    const book = fixture("book_tcpserv04");
    const r = await inPrivateNet(["check", "--json", "--timeout", "1.5", "--", book]);
    const checks = r.events.filter((e) => e.kind === "check");
    assertEqual(r.code, 0, r.stderr + JSON.stringify(checks, null, 1));
    const note = r.events.find((e) => e.kind === "check-note" && e.note === "port");
    assertEqual(note?.port, 9877, "it says where the server listens");
    assert(note!.offered !== 9877, "the offered port was another");
    for (const c of checks) assertEqual(c.port, 9877, `${c.name} graded on 9877`);
    const chapterChecks = checks.filter((c) => !c.beyond);
    assert(chapterChecks.length === 8 && chapterChecks.every((c) => c.status === "pass"));
    const graceful = checks.find((c) => c.name === "graceful-stop")!;
    assertEqual([graceful.beyond, graceful.status], [true, "fail"], "beyond the book, and fails");

    // --port names it: graded there from the first check on, no discovery note.
    const named = await inPrivateNet([
      "check",
      "--json",
      "--only",
      "echo",
      "--port",
      "9877",
      "--",
      book,
    ]);
    assertEqual(named.code, 0, named.stderr);
    assertEqual(named.events.find((e) => e.kind === "check-note" && e.note === "port"), undefined);
  },
});

Deno.test({
  name:
    `check: a fixed port held by another program is said clearly${NO_GCC_REASON}${NO_UNSHARE_REASON}`,
  ignore: !HAVE_GCC || !canUnshare(),
  async fn() {
    const book = fixture("book_tcpserv04");
    const self = selfCommand(["check", "--json", "--only", "echo", "--port", "9877", "--", book]);
    const q = (a: string) => `'${a.replaceAll("'", "'\\''")}'`;
    // python-free holder: a second copy of the book's server, started first.
    const script = `ip link set lo up; ${q(book)} & holder=$!; sleep 0.3; ` +
      `${[self.cmd, ...self.args].map(q).join(" ")}; rc=$?; kill $holder; exit $rc`;
    const out = await new Deno.Command("unshare", {
      args: ["-rn", "sh", "-c", script],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const check = parseEvents(out.stdout).find((e) => e.kind === "check")!;
    assertEqual(out.code, 1);
    assertEqual(check.status, "fail");
    assert(
      /port 9877, where your server listens, is held by another program: pid \d+ \(book_tcpserv04\)/
        .test(String(check.observed)),
      String(check.observed),
    );
  },
});

/**
 * Spawn a check (its TMPDIR `tmp`), wait until its server runs, remember the
 * tree, then `signal` echolab: no process of the server is left. A trace
 * file can outlive only a SIGKILL that comes between its creation and
 * strace opening it; it is named after the killed run, so the next check
 * removes it.
 */
async function killMidCheck(binary: string, signal: Deno.Signal, comm: string, tmp: string) {
  const run = spawnCli(["check", "--json", "--timeout", "1.5", "--", binary], {
    env: { TMPDIR: tmp },
  });
  let tree: Started[] = [];
  assert(
    await eventually(() => {
      tree = startedFrom(run.process.pid);
      // the server listens (a daemon: its grandchild) and has served a client
      return tree.filter((p) => p.comm === comm).length >= 2;
    }, 15000),
    `the server ran: ${JSON.stringify(startedFrom(run.process.pid))}`,
  );
  const pid = run.process.pid;
  run.kill(signal);
  await run.finish();
  assert(
    await eventually(() => stillThere(tree).length === 0, 5000),
    `left behind after ${signal}: ${JSON.stringify(stillThere(tree))}`,
  );
  const left = [...Deno.readDirSync(tmp)].map((f) => f.name);
  assert(
    left.every((name) => name.startsWith(`echolab-trace-${pid}-`)),
    `left in TMPDIR after ${signal}, not the killed run's trace file: ${left}`,
  );
}

Deno.test({
  name:
    `check: SIGKILL or SIGHUP of echolab mid-check leaves no server process, a daemonizing one included${NO_GCC_REASON}${NO_UNSHARE_REASON}`,
  // The guarantee needs the server's own PID namespace (user namespaces, as unshare -rn does).
  ignore: !HAVE_GCC || !canUnshare(),
  async fn() {
    const daemon = fixture("daemon_server");
    const tmp = Deno.makeTempDirSync({ prefix: "echolab-kill-tmp-" });
    try {
      await killMidCheck(daemon, "SIGKILL", "daemon_server", tmp);
      await killMidCheck(daemon, "SIGHUP", "daemon_server", tmp);
      await killMidCheck(serverBinary("tcpserv01"), "SIGKILL", "tcpserv01", tmp);
      // The next check (strace or not) leaves the directory empty: a killed run's file
      // is swept, its own path unlinked once strace has it open and gone at the end.
      const next = await runCli(
        ["check", "--json", "--only", "echo", "--", serverBinary("tcpserv04")],
        "",
        { env: { TMPDIR: tmp } },
      );
      assertEqual(next.code, 0, next.stderr);
      assertEqual([...Deno.readDirSync(tmp)].map((f) => f.name), [], "TMPDIR after the next check");
    } finally {
      Deno.removeSync(tmp, { recursive: true });
    }
  },
});

Deno.test({
  name: `check: a daemonizing server that ignores SIGTERM is graded and ended${NO_GCC_REASON}`,
  ignore: !HAVE_GCC,
  async fn() {
    const daemon = fixture("daemon_server");
    const run = spawnCli([
      "check",
      "--json",
      "--timeout",
      "1.5",
      "--only",
      "echo,sigterm",
      "--",
      daemon,
    ]);
    const tree: Started[] = [];
    const poll = setInterval(() => {
      for (const p of startedFrom(run.process.pid)) {
        if (!tree.some((t) => t.pid === p.pid && t.start === p.start)) tree.push(p);
      }
    }, 20);
    const { status, events } = await run.finish();
    clearInterval(poll);
    const checks = events.filter((e) => e.kind === "check");
    assertEqual(checks.map((c) => [c.name, c.status]), [["echo", "pass"], ["sigterm", "fail"]]);
    assert(String(checks[1].observed).includes("ignores SIGTERM"), String(checks[1].observed));
    assertEqual(status.code, 1);
    assert(tree.some((p) => p.comm === "daemon_server"), "the daemon was seen");
    assert(
      await eventually(() => stillThere(tree).length === 0, 3000),
      JSON.stringify(stillThere(tree)),
    );
  },
});

Deno.test({
  name:
    `check: a failing server's trace shows its accept interrupted with EINTR${NO_GCC_REASON}${NO_STRACE_REASON}`,
  ignore: !HAVE_GCC || !HAVE_STRACE,
  async fn() {
    const r = await runCli(["check", "--json", "--only", "eintr", "--", serverBinary("tcpserv02")]);
    const eintr = parseEvents(r.stdout).find((e) => e.kind === "check")!;
    assertEqual(eintr.status, "fail");
    const trace = eintr.trace as string[];
    assert(Array.isArray(trace) && trace.length > 0, "the check carries a trace");
    const i = trace.findIndex((l) => /--- SIGCHLD/.test(l));
    const j = trace.findIndex((l) => /= -1 EINTR/.test(l));
    const k = trace.findIndex((l) => /exit_group\(1\)|\+\+\+ exited with 1/.test(l));
    assert(i >= 0 && j > i && k > j, `SIGCHLD, then EINTR, then exit(1):\n${trace.join("\n")}`);
    // Aligned: seconds since the server started, and host pids (the check's own pid).
    assert(trace.every((l) => /^\+\d+\.\d{3}s pid \d+ /.test(l)), trace.join("\n"));
    assert(
      trace.some((l) => l.includes(`pid ${eintr.pid} `)),
      `pid ${eintr.pid}:\n${trace.join("\n")}`,
    );

    const human = await runCli(["check", "--only", "eintr", "--", serverBinary("tcpserv02")]);
    const text = new TextDecoder().decode(human.stdout);
    assert(text.includes("your server's system calls") && text.includes("EINTR"), text);
  },
});

Deno.test("check -- FILE that is not executable (or missing): exit 2, one line, before any check", async () => {
  const plain = Deno.makeTempFileSync();
  const dir = Deno.makeTempDirSync();
  try {
    for (const [lang, word] of [["en", "not executable"], ["zh", "不是可执行文件"]]) {
      for (const file of [plain, dir, "/etc/hostname"]) {
        const r = await runCli(["check", "--lang", lang, "--", file]);
        assertEqual(r.code, 2, r.stderr);
        assertEqual(r.stdout.length, 0, "no check ran");
        assertEqual(r.stderr.trim().split("\n").length <= 2, true, r.stderr);
        assert(r.stderr.startsWith("echolab: ") && r.stderr.includes(word), r.stderr);
      }
    }
    const missing = await runCli(["check", "--", `${dir}/nope`]);
    assertEqual(missing.code, 2);
    assert(missing.stderr.includes("not found"), missing.stderr);
    const notOnPath = await runCli(["check", "--", "echolab-no-such-server"]);
    assertEqual(notOnPath.code, 2);
    assert(notOnPath.stderr.includes("not found on PATH"), notOnPath.stderr);
    const badPort = await runCli(["check", "--port", "70000", "--", "true"]);
    assertEqual(badPort.code, 2, badPort.stderr);
  } finally {
    Deno.removeSync(plain);
    Deno.removeSync(dir);
  }
});

Deno.test({
  name:
    `check without a PID namespace says once why, and still leaves nothing behind${NO_GCC_REASON}`,
  ignore: !HAVE_GCC,
  async fn() {
    const binary = serverBinary("tcpserv04");
    const run = spawnCli(["check", "--json", "--only", "echo,sigterm", "--", binary], {
      env: { ECHOLAB_CHECK_ISOLATION: "session" },
    });
    const { status, events } = await run.finish();
    assertEqual(status.code, 0);
    const notes = events.filter((e) => e.kind === "check-note" && e.note === "no-namespace");
    assertEqual(notes.length, 1);
    assert(String(notes[0].text).includes("setsid"), String(notes[0].text));
  },
});

Deno.test("check --list and --help mark graceful-stop as beyond the book, in both languages", async () => {
  for (const [lang, mark] of [["en", "(beyond the book)"], ["zh", "（超出本书）"]]) {
    for (const args of [["check", "--list"], ["check", "--help"]]) {
      const r = await runCli([...args, "--lang", lang]);
      const text = new TextDecoder().decode(r.stdout);
      const line = text.split("\n").find((l) => l.trimStart().startsWith("graceful-stop"));
      assert(line?.includes(mark), `${args.join(" ")} --lang ${lang}: ${line}`);
      const sigterm = text.split("\n").find((l) => l.trimStart().startsWith("sigterm"));
      assert(
        sigterm !== undefined && !sigterm.includes(mark),
        `sigterm is the chapter's: ${sigterm}`,
      );
    }
  }
  const json = parseEvents((await runCli(["check", "--list", "--json"])).stdout);
  assertEqual(json.filter((e) => e.beyond === true).map((e) => e.name), ["graceful-stop"]);
});
