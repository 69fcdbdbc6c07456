import type { EchoEvent } from "../lib/events.ts";
import { entryFor } from "../lib/explain/catalogue.ts";
import { parseNetTcp } from "../lib/proc/parse_net_tcp.ts";
import { isLabScenario } from "../lib/scenarios/lab_scenario.ts";
import { findScenario, SCENARIOS } from "../lib/scenarios/registry.ts";
import { RUNNER_KINDS, type Scenario } from "../lib/scenarios/scenario.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { type CliProcess, parseEvents, runCli, spawnCli } from "./helpers/cli.ts";
import { childrenOf, pidExists } from "./helpers/proc.ts";
import { socketInodes } from "../lib/proc/process_tree.ts";

const linux = Deno.build.os === "linux";

async function _chaos(name: string): Promise<{ events: EchoEvent[]; verdict: EchoEvent }> {
  const r = await runCli(["chaos", name, "--json"]);
  assertEqual(r.code, 0, r.stderr);
  const events = parseEvents(r.stdout);
  const verdict = events.at(-1)!;
  assertEqual(verdict.kind, "verdict");
  assertEqual(verdict.scenario, name);
  for (const key of ["book", "observed", "note"]) {
    assert(typeof verdict[key] === "string" && (verdict[key] as string).length > 20, key);
  }
  return { events, verdict };
}

/** Wait for `run` to end, calling `sample` every 10 ms meanwhile (what /proc shows during the run). */
async function _finishSampling(run: CliProcess, sample: () => void) {
  const poll = setInterval(sample, 10);
  try {
    return await run.finish();
  } finally {
    clearInterval(poll);
  }
}

function _find(events: EchoEvent[], pred: (e: EchoEvent) => boolean, what: string): EchoEvent {
  const e = events.find(pred);
  assert(e, `${what}; events: ${JSON.stringify(events)}`);
  return e;
}

/**
 * TCP sockets in LISTEN (0A) or ESTABLISHED (01) state as `port → inodes`.
 * A port number alone is not a socket: another program may bind the same
 * port after the run, so a leftover is a port *and* an inode the run held.
 */
function _liveSockets(): Map<number, Set<number>> {
  const live = new Map<number, Set<number>>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = Deno.readTextFileSync(file);
    } catch {
      continue;
    }
    for (const row of parseNetTcp(text)) {
      if (row.state !== "LISTEN" && row.state !== "ESTABLISHED") continue;
      const inodes = live.get(row.localPort) ?? new Set<number>();
      inodes.add(row.inode);
      live.set(row.localPort, inodes);
    }
  }
  return live;
}

/** Server ports the run's events name. */
function _serverPorts(events: EchoEvent[]): number[] {
  const ports: number[] = [];
  for (const e of events) {
    if (typeof e.port === "number") ports.push(e.port);
    if (e.kind === "connected" && typeof e.peer === "string") {
      ports.push(Number(e.peer.split(":").at(-1)));
    }
  }
  return ports;
}

/**
 * Pids of every process the run says it started, on this host's pid
 * namespace. Lab scenarios run their server host in a pid namespace of its
 * own, so the pids they report (9, say) name other processes out here; their
 * real processes are covered by walking the process tree instead.
 */
function _startedPids(events: EchoEvent[]): number[] {
  const pids: number[] = [];
  let current: number[] = [];
  for (const e of events) {
    if (e.kind === "accepted") current.push(e.child as number);
    if (e.kind === "spawned" || e.kind === "runtime-reaped") current.push(e.pid as number);
    if (e.kind === "verdict") {
      const scenario = findScenario(e.scenario as string);
      if (scenario && !isLabScenario(scenario)) pids.push(...current);
      current = [];
    }
  }
  return [...pids, ...current];
}

Deno.test({
  name: "chaos zombies: three real zombies (state Z) seen in /proc, then reaped and gone",
  ignore: !linux,
  async fn() {
    const { events: all, verdict } = await _chaos("zombies");
    assertEqual(verdict.status, "as-book");
    // The book's part: everything before SIGCHLD is set to SIG_IGN (beyond the book, below).
    const ignored = all.findIndex((e) => e.kind === "sigaction" && e.signal === "SIGCHLD");
    assert(ignored > 0, "the part beyond the book follows");
    const events = all.slice(0, ignored);
    const pids = events.filter((e) => e.kind === "accepted").map((e) => e.child);
    assertEqual(pids.length, 3);
    const zombies = events.filter((e) => e.kind === "proc-state" && e.state === "Z");
    assertEqual(zombies.map((e) => e.pid), [...pids, ...pids], "Z, and still Z later");
    assertEqual(events.filter((e) => e.kind === "child-zombie").length, 3);
    const reaped = events.filter((e) => e.kind === "reaped").map((e) => e.pid);
    assertEqual(reaped.sort(), [...pids].sort());
    assertEqual(
      events.filter((e) => e.kind === "proc-state" && e.state === "gone").length,
      3,
    );
    _find(all, (e) => e.kind === "runtime-reaped" && e.engine === "deno", "deno view");
    for (const pid of pids) assert(!pidExists(pid as number), `child ${pid} left behind`);
    // Each experiment begins with a part marker, before the first event that belongs to it.
    const parts = all.filter((e) => e.kind === "part");
    assertEqual(parts.map((e) => [e.n, e.of]), [[1, 4], [2, 4], [3, 4], [4, 4]]);
    const at = (e: EchoEvent | undefined) => all.indexOf(e!);
    const first = (kind: string, more: (e: EchoEvent) => boolean = () => true) =>
      at(all.find((e) => e.kind === kind && more(e)));
    assert(at(parts[0]) < first("accepted"), "part 1 before the book server's first accept");
    assert(first("proc-state", (e) => e.state === "gone") < at(parts[1]), "part 2 after part 1");
    assert(at(parts[1]) < ignored, "part 2 before SIGCHLD is set to SIG_IGN");
    const ncw = first("sigaction", (e) => String(e.flags).includes("SA_NOCLDWAIT"));
    assert(at(parts[1]) < at(parts[2]) && at(parts[2]) < ncw, "part 3 before SA_NOCLDWAIT");
    assert(at(parts[3]) < first("runtime-reaped"), "part 4 before the runtime reaps");
    // Who reaped: echolab's shutdown, not the server that never waits.
    const observed = verdict.observed as string;
    assert(!observed.includes("did not wait. waitpid reaped"), observed);
    assert(
      /server called no wait\. Then echolab stopped it \(SIGTERM\), and its shutdown/.test(
        observed,
      ),
      observed,
    );
  },
});

Deno.test({
  name:
    "chaos eintr: EINTR under sigaction without SA_RESTART; glibc signal() reads back SA_RESTART and accept restarts",
  ignore: !linux,
  async fn() {
    const { events, verdict } = await _chaos("eintr");
    assertEqual(verdict.status, "differs");
    // Each handler is installed, then the blocked call meets the signal; events follow in order.
    const installs = events.filter((e) => ["sigaction", "glibc-signal"].includes(e.kind));
    assertEqual(installs.map((e) => `${e.kind} ${e.flags}`), [
      "sigaction 0",
      "glibc-signal SA_RESTART",
      "sigaction 0",
      "glibc-signal SA_RESTART",
    ]);
    assert(events.filter((e) => e.kind === "handler-ran").every((e) => e.ran === true));
    assertEqual(events.filter((e) => e.kind === "handler-ran").length, 4);
    _find(
      events,
      (e) => e.kind === "thread-blocked" && e.op === "accept" && e.wchan === "inet_csk_accept",
      "accept blocked in the kernel",
    );
    // accept: EINTR under sigaction(0) only; under glibc's signal() restarted, then a connection.
    const after = (from: EchoEvent, until?: EchoEvent) =>
      events.slice(events.indexOf(from) + 1, until ? events.indexOf(until) : undefined);
    const [bare, glibc, bareConnect, glibcConnect] = installs;
    const acceptEintr = after(bare, glibc).filter((e) =>
      e.kind === "error" && e.op === "accept" && e.errno === "EINTR"
    );
    assertEqual(acceptEintr.length, 1, "accept: EINTR under sigaction without SA_RESTART");
    const underGlibc = after(glibc, bareConnect);
    assertEqual(underGlibc.filter((e) => e.kind === "error"), [], "no EINTR under glibc signal()");
    _find(
      underGlibc,
      (e) => e.kind === "restarted" && e.op === "accept" && e.blocked === true,
      "accept restarted",
    );
    _find(underGlibc, (e) => e.kind === "returned" && e.op === "accept", "accept returned");
    const connectErrors = events.filter((e) => e.kind === "error" && e.op === "connect").map((e) =>
      e.errno
    );
    assertEqual(connectErrors, ["EINTR", "EALREADY"]);
    assert(
      after(bareConnect, glibcConnect).some((e) => e.kind === "error" && e.errno === "EINTR"),
      "connect: EINTR before glibc's signal() is installed",
    );
    const retried = _find(
      events,
      (e) => e.kind === "returned" && e.op === "connect" && e.topic === "connect-retried",
      "blocking connect retried",
    );
    assertEqual(retried.value, 0);
    const deno = _find(events, (e) => e.kind === "runtime-retried", "deno view");
    assertEqual(deno.pending, true);
    assert(String(deno.saFlags).includes("SA_RESTART"));
    // Each event names the side that did it: the client's alarms and handlers are the client's,
    // and its connects run on threads of their own, never the server's accept thread.
    const alarms = events.filter((e) => ["signal-sent", "handler-ran"].includes(e.kind));
    assertEqual(alarms.map((e) => e.actor), [
      ...["server", "server", "server", "server"],
      ...["client", "client", "client", "client"],
    ]);
    const blocked = events.filter((e) => e.kind === "thread-blocked");
    const acceptTids = new Set(blocked.filter((e) => e.op === "accept").map((e) => e.tid));
    const connectTids = blocked.filter((e) => e.op === "connect").map((e) => e.tid);
    assertEqual(acceptTids.size, 1);
    assertEqual(new Set(connectTids).size, 2, "two connect threads");
    assert(connectTids.every((tid) => !acceptTids.has(tid)), "no server thread in connect");
    assert(installs.every((e) => e.handler === "umask" && e.witness === true));
    // The verdict differs because of connect: the note's first sentence (all the
    // default view may show) says so.
    assert(
      /^[^.]*connect differs on Linux\./.test(verdict.note as string),
      String(verdict.note),
    );
  },
});

Deno.test({
  name:
    "chaos eintr: a connect interrupted under SA_RESTART (glibc signal()) is restarted and completes",
  ignore: !linux,
  async fn() {
    const { events } = await _chaos("eintr");
    const glibc = events.filter((e) => e.kind === "glibc-signal").at(-1)!;
    assertEqual(glibc.actor, "client");
    const later = events.slice(events.indexOf(glibc) + 1);
    const blocked = _find(
      later,
      (e) => e.kind === "thread-blocked" && e.op === "connect" && e.wchan === "wait_woken",
      "the second connect blocked",
    );
    const sent = _find(later, (e) => e.kind === "signal-sent", "SIGALRM aimed at it");
    assertEqual(sent.tid, blocked.tid);
    const ran = _find(later, (e) => e.kind === "handler-ran", "handler ran");
    assertEqual(ran.ran, true);
    const restarted = _find(
      later,
      (e) => e.kind === "restarted" && e.op === "connect",
      "connect restarted",
    );
    assertEqual([restarted.tid, restarted.blocked, restarted.wchan], [
      blocked.tid,
      true,
      "wait_woken",
    ]);
    const done = _find(
      later,
      (e) => e.kind === "returned" && e.op === "connect" && e.topic === "connect-restarted",
      "the restarted connect returned",
    );
    assertEqual(done.value, 0);
    assert(events.indexOf(done) > events.indexOf(restarted));
    // Only the sigaction-without-SA_RESTART connect ever saw EINTR.
    assertEqual(
      later.filter((e) => e.kind === "error" && e.errno === "EINTR"),
      [],
      "no EINTR after glibc's signal()",
    );
  },
});

Deno.test({
  name: "chaos eintr: signalling Deno's accept never opens its inspector (no listener on 9229)",
  ignore: !linux,
  async fn() {
    // Deno starts its inspector on SIGUSR1, as Node does; the scenario must not
    // send it to itself. Sampled from /proc while the run lasts: a LISTEN
    // socket on port 9229 held by echolab.
    const run = spawnCli(["chaos", "eintr", "--json"]);
    const inspector: string[] = [];
    const result = await _finishSampling(run, () => {
      const held = socketInodes(run.process.pid);
      for (const row of parseNetTcp(Deno.readTextFileSync("/proc/net/tcp"))) {
        if (row.state === "LISTEN" && row.localPort === 9229 && held.has(row.inode)) {
          inspector.push(row.local);
        }
      }
    });
    assertEqual(result.status.code, 0, result.stderr);
    assertEqual(inspector, [], "echolab listened on the inspector port");
    const deno = _find(result.events, (e) => e.kind === "runtime-retried", "deno view");
    assert(deno.signal !== "SIGUSR1", `signal ${deno.signal}`);
    assertEqual(deno.delivered, 1);
  },
});

Deno.test({
  name:
    "chaos zombies, beyond the book: SIGCHLD SIG_IGN — no state Z, waitpid(-1, WNOHANG) 0 while a child runs, wait ECHILD",
  ignore: !linux,
  async fn() {
    const { events, verdict } = await _chaos("zombies");
    assertEqual(verdict.status, "as-book", "the part beyond the book never fails the chapter");
    const ignore = _find(
      events,
      (e) => e.kind === "sigaction" && e.signal === "SIGCHLD" && e.handler === "SIG_IGN",
      "SIGCHLD set to SIG_IGN",
    );
    const nocldwait = _find(
      events,
      (e) =>
        e.kind === "sigaction" && e.signal === "SIGCHLD" &&
        String(e.flags).includes("SA_NOCLDWAIT"),
      "SA_NOCLDWAIT on Deno's handler",
    );
    const ign = events.slice(events.indexOf(ignore) + 1, events.indexOf(nocldwait));
    const kids = ign.filter((e) => e.kind === "accepted").map((e) => e.child as number);
    assertEqual(kids.length, 2);
    const reaped = ign.filter((e) => e.kind === "kernel-reaped");
    assertEqual(reaped.map((e) => e.pid), kids, "each child ended");
    for (const r of reaped) {
      assertEqual([r.gone, r.zombie, r.waitid], [true, false, "ECHILD"], JSON.stringify(r));
      assert((r.looks as number) >= 1);
    }
    // No SIGCHLD at all under SIG_IGN, and no zombie in any other event either.
    assertEqual(ign.filter((e) => ["sigchld", "child-zombie"].includes(e.kind)), []);
    const zero = _find(
      ign,
      (e) => e.kind === "returned" && e.op === "waitpid" && e.value === 0,
      "waitpid(-1, WNOHANG) → 0",
    );
    assertEqual(
      [zero.args, zero.running],
      ["-1, WNOHANG", [kids[1]]],
      "while a live child remains",
    );
    assert(
      ign.indexOf(zero) > ign.indexOf(reaped[0]) && ign.indexOf(zero) < ign.indexOf(reaped[1]),
    );
    const blocked = _find(
      ign,
      (e) => e.kind === "thread-blocked" && e.op === "wait" && e.wchan === "do_wait",
      "wait blocked while the last child ran",
    );
    assert(ign.indexOf(blocked) < ign.indexOf(reaped[1]), "blocked before the last child ended");
    const waitFailed = _find(
      ign,
      (e) => e.kind === "error" && e.op === "wait",
      "wait returned",
    );
    assertEqual(waitFailed.errno, "ECHILD");
    assert(ign.indexOf(waitFailed) > ign.indexOf(reaped[1]), "only after the last child ended");
    _find(
      ign,
      (e) => e.kind === "error" && e.op === "waitpid" && e.errno === "ECHILD",
      "waitpid → ECHILD afterwards",
    );
    // SA_NOCLDWAIT: SIGCHLD still delivered on Linux, still no zombie.
    const ncw = events.slice(events.indexOf(nocldwait) + 1);
    const kid = _find(ncw, (e) => e.kind === "accepted", "a child").child;
    const gone = _find(
      ncw,
      (e) => e.kind === "kernel-reaped" && e.pid === kid,
      "reaped by the kernel",
    );
    assertEqual([gone.gone, gone.zombie], [true, false]);
    _find(ncw, (e) => e.kind === "sigchld", "SIGCHLD delivered under SA_NOCLDWAIT");
    _find(ncw, (e) => e.kind === "error" && e.op === "waitpid" && e.errno === "ECHILD", "ECHILD");
    for (const pid of _startedPids(events)) assert(!pidExists(pid), `child ${pid} left behind`);
  },
});

Deno.test({
  name: "chaos signals-not-queued: deliveries against exits; waitpid leaves no zombie",
  ignore: !linux,
  async fn() {
    const { events, verdict } = await _chaos("signals-not-queued");
    const counts = events.filter((e) => e.kind === "signal-count");
    assertEqual(counts.map((e) => e.policy), ["wait", "waitpid"]);
    const [once, loop] = counts;
    for (const c of counts) {
      assertEqual(c.exits, 5);
      assert((c.sigchld as number) >= 1 && (c.sigchld as number) <= 5, JSON.stringify(c));
    }
    assertEqual(once.reaped, once.sigchld, "wait: exactly one reap per delivery");
    assertEqual(once.zombies, 5 - (once.reaped as number), "wait: the rest stay zombies");
    assertEqual([loop.reaped, loop.zombies], [5, 0], "waitpid loop: all reaped");
    // tcpserv04's loop ends on 0 (children still running) or ECHILD: the one that
    // reaped the last child found none left.
    const waitpidRun = events.slice(events.indexOf(once) + 1, events.indexOf(loop));
    const ends = waitpidRun.filter((e) => e.op === "waitpid" && e.args === "-1, WNOHANG");
    assert(ends.length >= 1, "the waitpid loop's end is shown");
    for (const e of ends) {
      assert(
        (e.kind === "returned" && e.value === 0) || (e.kind === "error" && e.errno === "ECHILD"),
        JSON.stringify(e),
      );
    }
    const lastReap = waitpidRun.findLastIndex((e) => e.kind === "reaped");
    const after = waitpidRun.slice(lastReap + 1).find((e) => e.op === "waitpid");
    assertEqual(
      [after?.kind, after?.errno],
      ["error", "ECHILD"],
      "no child left after the last reap",
    );
    assertEqual(
      events.slice(0, events.indexOf(once)).filter((e) => e.op === "waitpid" && e.args),
      [],
      "tcpserv03 (one wait per SIGCHLD) has no loop to end",
    );
    assertEqual(verdict.status, (once.sigchld as number) < 5 ? "as-book" : "differs");
    for (const pid of _startedPids(events)) assert(!pidExists(pid), `child ${pid} left behind`);
  },
});

Deno.test({
  name:
    "chaos abort-before-accept: Linux accept succeeds, ENOTCONN, ECONNRESET, EOF; Deno ENOTCONN",
  ignore: !linux,
  async fn() {
    const { events, verdict } = await _chaos("abort-before-accept");
    assertEqual(verdict.status, "differs");
    const rsts = events.filter((e) => e.kind === "rst-sent");
    assertEqual(rsts.length, 2);
    const first = _find(
      events,
      (e) => e.kind === "returned" && e.op === "accept" && e.topic === "accept-after-rst",
      "accept returned the reset connection",
    );
    assertEqual(first.peer, rsts[0].local, "accept reports the client's address");
    const book = events.filter((e) => e.engine === "book" && e.kind === "error");
    assertEqual(book.map((e) => `${e.op} ${e.errno}`), ["getpeername ENOTCONN", "read ECONNRESET"]);
    _find(events, (e) => e.kind === "returned" && e.op === "read" && e.value === 0, "then EOF");
    _find(
      events,
      (e) =>
        e.kind === "error" && e.engine === "deno" && e.op === "accept" && e.errno === "ENOTCONN",
      "Deno's accept: NotConnected",
    );
    const accepts = events.filter((e) => e.kind === "returned" && e.op === "accept");
    assertEqual(accepts.map((e) => e.engine), ["book", "book", "deno"], "both keep accepting");
  },
});

Deno.test({
  name: "chaos sigpipe: EPIPE in Deno; sh killed by SIGPIPE (141); sh with SIGPIPE ignored lives",
  ignore: !linux,
  async fn() {
    const { events, verdict } = await _chaos("sigpipe");
    assertEqual(verdict.status, "as-book");
    _find(
      events,
      (e) => e.kind === "disposition" && e.signal === "SIGPIPE" && e.action === "ignore",
      "Deno ignores SIGPIPE",
    );
    const writes = events.filter((e) =>
      e.engine === "deno" && (e.kind === "write" || e.kind === "error")
    );
    assertEqual(writes.map((e) => e.kind === "write" ? "ok" : e.errno), ["ok", "EPIPE"]);
    const ended = events.filter((e) => e.kind === "process-ended");
    assertEqual(ended.length, 2);
    assertEqual([ended[0].signal, ended[0].shellStatus, ended[0].sigpipe], [
      "SIGPIPE",
      141,
      "default",
    ]);
    assertEqual(ended[1].signal, undefined);
    assert(typeof ended[1].code === "number" && ended[1].code !== 0, "its write failed instead");
    for (const pid of _startedPids(events)) assert(!pidExists(pid), `process ${pid} left behind`);
  },
});

Deno.test("chaos data-format: text sums right; the byte-swapped struct gives -16777314", async () => {
  const { events, verdict } = await _chaos("data-format");
  assertEqual(verdict.status, "as-book");
  const sums = events.filter((e) => e.kind === "sum");
  assertEqual(sums.map((e) => [e.result, e.expected]), [
    ["-99", "-99"],
    ["3, -99", "3, -99"],
    ["3", "3"],
    ["-16777314", "-99"],
    ["4, 6", "3, 7"],
  ]);
  const swapped = events.filter((e) => e.kind === "sum-request" && e.args).map((e) => e.args);
  assert(
    swapped.some((a) => JSON.stringify(a) === JSON.stringify(["-352321537", "-1275068417"])),
    "the server read the byte-swapped arguments",
  );
});

Deno.test({
  name: "chaos all: every event explained, every verdict well formed, nothing left behind",
  ignore: !linux,
  async fn() {
    const run = spawnCli(["chaos", "all", "--json"]);
    const seen = new Set<number>();
    // Every socket a process of the run held while it ran (by inode).
    const held = new Set<number>();
    const result = await _finishSampling(run, () => {
      const stack = [run.process.pid];
      while (stack.length) {
        const pid = stack.pop()!;
        for (const inode of socketInodes(pid)) held.add(inode);
        for (const c of childrenOf(pid)) {
          seen.add(c.pid);
          stack.push(c.pid);
        }
      }
    });
    assertEqual(result.status.code, 0, result.stderr);
    const events = result.events;
    const summary = events.at(-1)!;
    assertEqual(summary.kind, "summary");
    const verdicts = events.filter((e) => e.kind === "verdict");
    assertEqual(
      (summary.scenarios as { name: string }[]).map((s) => s.name),
      verdicts.map((v) => v.scenario),
    );
    for (const v of verdicts) {
      assert(["as-book", "differs", "skipped"].includes(v.status as string), JSON.stringify(v));
    }
    const unexplained = new Set(
      events.filter((e) => !["verdict", "summary"].includes(e.kind) && !entryFor(e)).map((e) =>
        e.kind
      ),
    );
    assertEqual([...unexplained], [], "every event kind has a catalogue entry");
    // Each scenario emits only the kinds it declares (Scenario.emits), so the
    // fast unit test in lib/scenarios/registry_test.ts covers every kind a run shows.
    const undeclared = new Set<string>();
    let current: Scenario | undefined;
    for (const e of events) {
      if (e.kind === "scenario-start") current = SCENARIOS.find((s) => s.name === e.scenario);
      else if (current && !current.emits.includes(e.kind) && !RUNNER_KINDS.includes(e.kind)) {
        undeclared.add(`${current.name}: ${e.kind}`);
      }
      // After its verdict a scenario emits nothing: `chaos all`'s summary is not data-format's.
      if (e.kind === "verdict") current = undefined;
    }
    assertEqual([...undeclared], [], "every emitted kind is declared by its scenario");
    for (const pid of new Set([...seen, ..._startedPids(events)])) {
      assert(!pidExists(pid), `process ${pid} left behind`);
    }
    assertEqual(childrenOf(run.process.pid), []);
    const ports = _serverPorts(events);
    assert(ports.length >= 5, `server ports seen: ${ports}`);
    const live = _liveSockets();
    const left = ports.filter((p) => [...(live.get(p) ?? [])].some((inode) => held.has(inode)));
    assertEqual(left, [], "no socket of the run left listening or connected");
  },
});

Deno.test({
  name: "chaos all: Ctrl-C while eintr blocks in connect exits 130 and leaves no process",
  ignore: !linux,
  async fn() {
    const run = spawnCli(["chaos", "all", "--json"]);
    await run.waitFor((e) => e.kind === "thread-blocked" && e.op === "connect", 15000);
    run.kill("SIGINT");
    const { status, events } = await run.finish();
    assertEqual(status.code, 130);
    const verdict = _find(events, (e) => e.kind === "verdict" && e.scenario === "eintr", "verdict");
    assertEqual([verdict.status, verdict.note], ["error", "interrupted"]);
    assert(!events.some((e) => e.kind === "summary"), "no summary after Ctrl-C");
    for (const pid of _startedPids(events)) assert(!pidExists(pid), `process ${pid} left behind`);
  },
});

Deno.test({
  name: "chaos zombies: SIGTERM while the zombies exist still reaps them all",
  ignore: !linux,
  async fn() {
    const run = spawnCli(["chaos", "zombies", "--json"]);
    const zombie = await run.waitFor((e) => e.kind === "child-zombie", 15000);
    run.kill("SIGTERM");
    const { status, events } = await run.finish();
    assertEqual(status.code, 143);
    assert(pidExists(zombie.pid as number) === false, "the zombie was reaped");
    for (const pid of _startedPids(events)) assert(!pidExists(pid), `process ${pid} left behind`);
  },
});
