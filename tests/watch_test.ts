/**
 * `echolab watch` beside a server that is not echolab's: the book's
 * tcpserv01 (examples/servers), which never waits for its children. A client
 * is served, the child is killed, and the change log must show what §5.12
 * and §5.7 show — ESTABLISHED, FIN_WAIT2 on the server's side, CLOSE_WAIT
 * with Recv-Q 1 on the client's, the child a zombie.
 */

import type { EchoEvent } from "../lib/events.ts";
import { canCaptureHere } from "../lib/capture/cap_net_raw.ts";
import { listeningPorts, processExists } from "../lib/watch/observer.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { runCli, spawnCli } from "./helpers/cli.ts";
import { onPath } from "./helpers/commands.ts";
import { HAVE_GCC, NO_GCC_REASON, serverBinary } from "./helpers/servers.ts";
import { libc } from "../lib/sys/libc.ts";
import { labSkipReason } from "../lib/lab/skip_reason.ts";
import { freshTag } from "./helpers/lab.ts";

// Open libc before the tests: the sanitizer counts a library opened inside a test as a leak.
libc();

async function until<T>(what: string, fn: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function startServer(name: string): Deno.ChildProcess {
  return new Deno.Command(serverBinary(name), {
    args: ["0"], // the kernel picks the port; watch --pid finds it
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

function killQuietly(pid: number, signal: Deno.Signal = "SIGKILL"): void {
  try {
    Deno.kill(pid, signal);
  } catch { /* gone */ }
}

const isChange = (topic: string, actor?: string) => (e: EchoEvent) =>
  (e.kind === "state-change" || e.kind === "process-change") && e.topic === topic &&
  (actor === undefined || e.actor === actor);

Deno.test({
  name:
    `watch --json beside tcpserv01: ESTABLISHED, child killed → FIN_WAIT2 / CLOSE_WAIT Recv-Q 1, zombie${NO_GCC_REASON}`,
  ignore: !HAVE_GCC,
  async fn() {
    const server = startServer("tcpserv01");
    const spid = server.pid;
    let conn: Deno.TcpConn | undefined;
    const watch = spawnCli(["watch", "--pid", String(spid), "--json", "--interval", "100"]);
    try {
      const [port] = await until("tcpserv01 to listen", () => {
        const ports = listeningPorts(spid);
        return ports.length ? ports : undefined;
      });
      await watch.waitFor(isChange("watch-server"), 15_000, "watch-server");
      await watch.waitFor(isChange("watch-listen"), 10_000, "watch-listen");

      // A client that is served once, then (like the book's client blocked in fgets) reads no more.
      conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await conn.write(new TextEncoder().encode("hello\n"));
      const buf = new Uint8Array(6);
      let got = 0;
      while (got < 6) got += (await conn.read(buf.subarray(got))) ?? 6;
      assertEqual(new TextDecoder().decode(buf), "hello\n");
      const clientLocal = `127.0.0.1:${(conn.localAddr as Deno.NetAddr).port}`;

      const estClient = await watch.waitFor(
        (e) =>
          isChange("watch-established", "client")(e) &&
          e.key === `|${clientLocal}|127.0.0.1:${port}`,
        10_000,
        "ESTABLISHED on the client",
      );
      await watch.waitFor(
        (e) =>
          isChange("watch-established", "server")(e) &&
          e.key === `|127.0.0.1:${port}|${clientLocal}`,
        10_000,
        "ESTABLISHED on the server",
      );
      const child = await watch.waitFor(isChange("watch-child"), 10_000, "the child");
      const childPid = child.key as number;
      assertEqual((child.after as { ppid: number }).ppid, spid);
      assertEqual(estClient.before, null);

      Deno.kill(childPid, "SIGTERM"); // UNP §5.12: kill the server child
      const finWait2 = await watch.waitFor(
        isChange("watch-fin-wait2", "server"),
        10_000,
        "FIN_WAIT2 on the server",
      );
      const closeWait = await watch.waitFor(
        isChange("watch-close-wait", "client"),
        10_000,
        "CLOSE_WAIT on the client",
      );
      const zombie = await watch.waitFor(
        (e) => isChange("watch-zombie")(e) && e.key === childPid,
        10_000,
        "the zombie",
      );
      assertEqual((finWait2.after as { state: string }).state, "FIN_WAIT2");
      assertEqual((closeWait.before as { state: string }).state, "ESTABLISHED");
      assertEqual((closeWait.after as { recvQ: number }).recvQ, 1); // the unread FIN
      assertEqual(closeWait.section, "5.12");
      assertEqual((zombie.before as { stat: string }).stat.startsWith("Z"), false);
      assertEqual((zombie.after as { stat: string }).stat.startsWith("Z"), true);
      assertEqual(zombie.section, "5.7");

      // Packets where they can be had: the child's FIN from the server's port, or why not.
      if (canCaptureHere()) {
        await watch.waitFor(
          (e) =>
            e.kind === "packet" && String(e.flags).includes("FIN") &&
            String(e.from).endsWith(`:${port}`),
          10_000,
          "the FIN packet",
        );
      } else {
        await watch.waitFor((e) => e.kind === "capture-skipped", 5_000, "capture-skipped");
      }

      // The server ends: its listener goes away.
      conn.close();
      conn = undefined;
      Deno.kill(spid, "SIGTERM");
      await server.status;
      await watch.waitFor(isChange("watch-listen-gone"), 10_000, "LISTEN gone");
      await watch.waitFor(isChange("watch-server-gone"), 10_000, "server gone");
    } finally {
      conn?.close();
      killQuietly(spid);
      await server.status;
      watch.kill("SIGTERM");
    }
    const { status, stderr } = await watch.finish();
    assertEqual(status.code, 143, stderr);
    assertEqual(stderr, "");
  },
});

const NO_SETPRIV = Deno.uid() === 0 && !onPath("setpriv");

Deno.test({
  name:
    `watch: a port with nothing on it waits and says so; without CAP_NET_RAW it says once why no packets${
      NO_SETPRIV ? " (skipped: root without setpriv cannot drop CAP_NET_RAW)" : ""
    }`,
  ignore: NO_SETPRIV,
  async fn() {
    // Drop CAP_NET_RAW when we are root (setpriv's bounding set): the watcher must notice.
    const root = Deno.uid() === 0;
    const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (probe.addr as Deno.NetAddr).port;
    probe.close(); // free: nothing on it
    const watch = spawnCli(["watch", "--port", String(port), "--json", "--interval", "100"], {
      wrapper: root ? ["setpriv", "--bounding-set=-net_raw", "--"] : undefined,
    });
    try {
      const waiting = await watch.waitFor((e) => e.kind === "waiting", 15_000, "waiting");
      assertEqual(waiting.topic, "watch-waiting");
      const skipped = await watch.waitFor((e) => e.kind === "capture-skipped", 5_000, "skipped");
      assert(String(skipped.reason).includes("CAP_NET_RAW"), String(skipped.reason));
      // Then a server comes: watch notices it.
      const listener = Deno.listen({ hostname: "127.0.0.1", port });
      try {
        await watch.waitFor(isChange("watch-listen"), 10_000, "LISTEN");
      } finally {
        listener.close();
      }
      await watch.waitFor(isChange("watch-listen-gone"), 10_000, "LISTEN gone");
    } finally {
      watch.kill("SIGINT");
    }
    const { status, events } = await watch.finish();
    assertEqual(status.code, 130);
    assertEqual(events.filter((e) => e.kind === "capture-skipped").length, 1);
    assertEqual(events.filter((e) => e.kind === "waiting").length, 2); // at start, and after LISTEN went
  },
});

Deno.test("watch: bad input is one line and exit 2", async () => {
  let missing = 4_000_000;
  while (processExists(missing)) missing++;
  const runtime = await Deno.makeTempDir();
  try {
    for (
      const [args, words] of [
        [["watch"], "--port PORT, --pid PID, or --lab"],
        [["watch", "--pid", String(missing)], `no process ${missing}`],
        [["watch", "--port", "0"], "bad port '0'"],
        [["watch", "--lab"], "no lab is running"],
      ] as const
    ) {
      const r = await runCli([...args], "", { env: { ECHOLAB_RUNTIME_DIR: runtime } });
      assertEqual(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      const lines = r.stderr.trim().split("\n");
      assert(lines[0].startsWith("echolab: ") && lines[0].includes(words), r.stderr);
      assert(lines.length <= 2, r.stderr); // the line and its hint
      assertEqual(r.stdout.length, 0);
    }
  } finally {
    await Deno.remove(runtime, { recursive: true });
  }
});

const HAVE_TMUX = onPath("tmux");

Deno.test({
  name:
    `watch on a terminal (tmux): full screen, tables and changes, resize, q or Ctrl-C restores the screen${
      HAVE_TMUX ? "" : " (skipped: tmux not found)"
    }`,
  ignore: !HAVE_TMUX,
  async fn() {
    const sock = `echolab-watch-test-${Deno.pid}`;
    const dir = await Deno.makeTempDir();
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    const tmux = (...args: string[]) =>
      new Deno.Command("tmux", { args: ["-L", sock, ...args], stdout: "piped", stderr: "piped" })
        .outputSync();
    const screen = (target = "w") =>
      new TextDecoder().decode(tmux("capture-pane", "-p", "-t", target).stdout);
    const main = new URL("../main.ts", import.meta.url).pathname;
    const config = new URL("../deno.json", import.meta.url).pathname;
    const cmd =
      `LANG=C.UTF-8 deno run -q --config ${config} -P=echolab ${main} watch --port ${port}` +
      ` --interval 100 --no-packets; echo "exit=$?" > ${dir}/status; sleep 30`;
    try {
      const started = tmux("-u", "new-session", "-d", "-s", "w", "-x", "100", "-y", "30", cmd);
      assert(started.success, new TextDecoder().decode(started.stderr));
      const first = await until("the full screen", () => {
        const s = screen();
        return s.includes("── changes") && s.includes("LISTEN") ? s : undefined;
      }, 20_000);
      assert(first.includes(`echolab watch — port ${port}`), first);
      assert(first.includes("State") && first.includes("Recv-Q"), first);
      assert(first.includes("PID") && first.includes("STAT"), first); // the process table (us)
      assert(first.includes(`LISTEN on 127.0.0.1:${port}`), first);
      // A connection appears in the tables and in the log.
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      const accepted = await listener.accept();
      await until("ESTABLISHED in the log", () => screen().includes("ESTABLISHED on the client"));
      // Narrower: every line fits, the rule follows the width.
      tmux("resize-window", "-t", "w", "-x", "60", "-y", "20");
      const narrow = await until("the narrow redraw", () => {
        const s = screen();
        const lines = s.split("\n");
        return lines.some((l) => l.startsWith("── changes") && l.length === 60) ? s : undefined;
      });
      assert(narrow.split("\n").every((l) => [...l].length <= 60), narrow);
      conn.close();
      accepted.close();
      tmux("send-keys", "-t", "w", "q");
      const status = await until("watch to end", () => {
        try {
          return Deno.readTextFileSync(`${dir}/status`).trim();
        } catch {
          return undefined;
        }
      });
      assertEqual(status, "exit=0");
      // The alternate screen is gone: the shell's screen is back, no table left on it.
      const after = screen();
      assert(!after.includes("── changes"), after);

      // Ctrl-C quits the same way (raw mode: a byte, not a signal), exit 0.
      // A second session beside the first (killing the last one would stop tmux's server).
      await Deno.remove(`${dir}/status`);
      const again = tmux("-u", "new-session", "-d", "-s", "w2", "-x", "80", "-y", "24", cmd);
      assert(again.success, new TextDecoder().decode(again.stderr));
      await until("the full screen again", () => screen("w2").includes("── changes"), 20_000);
      tmux("send-keys", "-t", "w2", "C-c");
      const status2 = await until("watch to end on Ctrl-C", () => {
        try {
          return Deno.readTextFileSync(`${dir}/status`).trim();
        } catch {
          return undefined;
        }
      });
      assertEqual(status2, "exit=0");
      assert(!screen("w2").includes("── changes"), screen("w2"));
    } finally {
      tmux("kill-server");
      listener.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const LAB_SKIP = await labSkipReason("en");

Deno.test({
  name:
    `watch --lab: both hosts' sockets, the server's child, packets (FIN, a retransmission, the router's ICMP)${
      LAB_SKIP ? ` (skipped: ${LAB_SKIP})` : ""
    }`,
  ignore: LAB_SKIP !== undefined,
  async fn() {
    const dir = await Deno.makeTempDir();
    const tag = freshTag();
    const env = { ECHOLAB_RUNTIME_DIR: dir, ECHOLAB_LAB_TAG: tag };
    const serve = spawnCli(["serve", "--lab", "--json"], { env });
    let watch: ReturnType<typeof spawnCli> | undefined;
    let client: ReturnType<typeof spawnCli> | undefined;
    try {
      await serve.waitFor((e) => e.kind === "lab-demo", 15_000, "lab-demo");
      watch = spawnCli(["watch", "--lab", "--json", "--interval", "100"], { env });
      const watching = await watch.waitFor((e) => e.kind === "watching", 15_000, "watching");
      assertEqual(watching.ports, [9877]);
      await watch.waitFor(isChange("watch-server"), 10_000, "the lab's server");
      client = spawnCli(["connect", "--lab", "--json"], { env });
      await client.write("hello\n");
      await client.waitFor((e) => e.kind === "echo", 10_000, "the echo");
      const est = await watch.waitFor(isChange("watch-established", "client"), 10_000, "client");
      assert(String(est.key).startsWith("client|198.18.0.1:"), String(est.key));
      await watch.waitFor(
        (e) => isChange("watch-established", "server")(e) && String(e.key).startsWith("server|"),
        10_000,
        "the server host's end",
      );
      await watch.waitFor(isChange("watch-child"), 10_000, "the server's child");
      // The router loses the server (UNP §5.14's intermediate router): the client's next line
      // is retransmitted — in /proc and on the wire — and the router answers with ICMP.
      const fault = await runCli(["host", "unreachable", "--json"], "", { env });
      assertEqual(fault.code, 0, fault.stderr);
      await client.write("through the router\n");
      await watch.waitFor(isChange("watch-retransmit", "client"), 15_000, "watch-retransmit");
      await watch.waitFor((e) => e.kind === "packet" && e.retransmit === true, 10_000, "rtx");
      const icmp = await watch.waitFor((e) => e.kind === "icmp", 10_000, "the router's ICMP");
      assertEqual([icmp.type, icmp.code], [3, 1]); // host unreachable
      const restore = await runCli(["host", "restore", "--json"], "", { env });
      assertEqual(restore.code, 0, restore.stderr);
      await client.waitFor((e) => e.kind === "echo" && e.text === "through the router\n", 15_000);
      await client.closeStdin(); // the client closes first: its FIN on the wire
      await watch.waitFor(
        (e) => e.kind === "packet" && String(e.flags).includes("FIN"),
        10_000,
        "a FIN",
      );
      await watch.waitFor(isChange("watch-time-wait", "client"), 10_000, "TIME_WAIT on the client");
    } finally {
      await client?.closeStdin(); // EOF: the client ends (a signal would stop only nsenter's parent)
      await client?.finish();
      watch?.kill("SIGTERM");
      serve.kill("SIGTERM");
      await serve.finish();
    }
    const { status, stderr } = await watch!.finish();
    assertEqual(status.code, 143, stderr);
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test("watch in a pipe: an NDJSON change log with the rows before and after, whatever the language", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const self = (await import("../lib/sys/self_command.ts")).selfCommand([
    "watch",
    "--port",
    String(port),
    "--interval",
    "100",
    "--no-packets",
    "--lang",
    "zh",
  ]);
  const child = new Deno.Command(self.cmd, {
    args: self.args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  let text = "";
  const reader = child.stdout.getReader();
  const dec = new TextDecoder();
  try {
    const end = Date.now() + 15_000;
    while (!text.includes(`"LISTEN"`) && Date.now() < end) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value);
    }
  } finally {
    child.kill("SIGINT");
    // Read to the end: a closed pipe would turn a last line into EPIPE (exit 141).
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value);
    }
  }
  const status = await child.status;
  listener.close();
  const stderr = new TextDecoder().decode(await new Response(child.stderr).arrayBuffer());
  assertEqual(status.code, 130, stderr);
  const events = text.trim().split("\n").map((l) => JSON.parse(l));
  assertEqual(events[0].kind, "watching", text);
  const listen = events.find((e) => e.kind === "state-change" && e.after?.state === "LISTEN");
  assert(listen, text);
  assert("before" in listen && listen.section === "5.6", JSON.stringify(listen));
  assert(!text.includes("\x1b["), text); // no screen control in a pipe
});
