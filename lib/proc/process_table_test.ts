import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { eventually } from "../../tests/helpers/proc.ts";
import { processRow, processTable } from "./process_table.ts";
import { libc } from "../sys/libc.ts";

// Open libc before the tests: the sanitizer counts a library opened inside a test as a leak.
if (Deno.build.os === "linux") libc();

Deno.test("processRow: args from cmdline, [comm] when empty, <defunct> for a zombie", () => {
  const live = processRow(
    "10 (deno) S 1 10 10 0 -1 0 0 0 0 0 0 0 0 0 20 0 6 0 5 0 0",
    "inet_csk_accept\n",
    "deno\0run\0-A\0x.ts\0",
  );
  assertEqual([live.args, live.wchan, live.stat], ["deno run -A x.ts", "inet_csk_accept", "Ssl"]);
  const kthread = processRow(
    "2 (kthreadd) S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0",
    "kthreadd",
    "",
  );
  assertEqual(kthread.args, "[kthreadd]");
  const zombie = processRow("12 (sleep) Z 10 10 10 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9 0 0", "0", "");
  assertEqual([zombie.state, zombie.wchan, zombie.args], ["Z", "-", "[sleep] <defunct>"]);
});

Deno.test("processTable: a real zombie shows state Z and <defunct>", async () => {
  // The shell starts sleep in the background and blocks reading stdin: it does not
  // wait, so the sleep becomes a zombie (UNP §5.9). Closing stdin lets it wait and reap.
  const parent = new Deno.Command("sh", {
    args: ["-c", "sleep 0.1 & read x; wait"],
    stdin: "piped",
    stdout: "null",
  }).spawn();
  try {
    // Wait for both: the sleep has exited (zombie) and the shell sits in read (on a busy machine
    // the shell may reach its read later than 0.1 s).
    const ready = () => {
      const rows = processTable({ root: parent.pid });
      return rows[0]?.wchan === "anon_pipe_read" && rows.some((r) => r.state === "Z");
    };
    assert(
      await eventually(ready, 5000),
      `no zombie child appeared: ${JSON.stringify(processTable({ root: parent.pid }))}`,
    );
    const rows = processTable({ root: parent.pid });
    assertEqual(rows[0].pid, parent.pid);
    const zombie = rows.find((r) => r.state === "Z")!;
    assertEqual([zombie.ppid, zombie.stat, zombie.wchan, zombie.args], [
      parent.pid,
      "Z",
      "-",
      "[sleep] <defunct>",
    ]);
    assertEqual(rows[0].wchan, "anon_pipe_read"); // the parent blocks in read on its stdin pipe
  } finally {
    await parent.stdin.close();
    await parent.status;
  }
  assertEqual(processTable({ root: parent.pid }), []);
});

Deno.test("processTable: a blocking accept sleeps in inet_csk_accept, a blocking read in wait_woken", async () => {
  const server = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./testdata/blocking_accept.ts", import.meta.url).pathname],
    stdout: "piped",
  }).spawn();
  const lines = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let conn: Deno.TcpConn | undefined;
  try {
    let text = "";
    while (!text.includes("\n")) text += (await lines.read()).value ?? "\n";
    const port = Number(/port (\d+)/.exec(text)?.[1]);
    const wchan = () => processTable({ pids: [server.pid] })[0]?.wchan;
    assert(await eventually(() => wchan() === "inet_csk_accept", 5000), `wchan ${wchan()}`);
    conn = await Deno.connect({ hostname: "127.0.0.1", port });
    assert(await eventually(() => wchan() === "wait_woken", 5000), `wchan ${wchan()}`);
  } finally {
    conn?.close();
    await lines.cancel();
    await server.status;
  }
});

Deno.test("processTable: Deno's own accept sleeps in do_epoll_wait (the runtime multiplexes)", async () => {
  const code =
    "const l = Deno.listen({ hostname: '127.0.0.1', port: 0 }); console.log(l.addr.port); await l.accept();";
  const server = new Deno.Command(Deno.execPath(), { args: ["eval", code], stdout: "piped" })
    .spawn();
  const lines = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    await lines.read();
    const wchan = () => processTable({ pids: [server.pid] })[0]?.wchan;
    assert(await eventually(() => wchan() === "do_epoll_wait", 5000), `wchan ${wchan()}`);
  } finally {
    server.kill("SIGKILL");
    await lines.cancel();
    await server.status;
  }
});
