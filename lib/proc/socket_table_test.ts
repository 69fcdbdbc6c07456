import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { canUnshare } from "../../tests/helpers/namespaces.ts";
import { eventually } from "../../tests/helpers/proc.ts";
import { socketTable } from "./socket_table.ts";
import { libc } from "../sys/libc.ts";

// Open libc before the tests: the sanitizer counts a library opened inside a test as a leak.
if (Deno.build.os === "linux") libc();

function _find(port: number, state: string, local?: number) {
  return socketTable({ ports: [port] }).find((r) =>
    r.state === state && (local === undefined || r.localPort === local)
  );
}

Deno.test("socketTable: a live listener, and Recv-Q counting a connection waiting for accept", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  try {
    const listen = _find(port, "LISTEN");
    assert(listen, "the listener is not in /proc/net/tcp");
    assertEqual([listen.local, listen.recvQ], [`127.0.0.1:${port}`, 0]);
    // Our namespace seen through our own pid gives the same socket.
    assertEqual(
      socketTable({ ports: [port], pid: Deno.pid }).find((r) => r.state === "LISTEN")?.inode,
      listen.inode,
    );
    const client = await Deno.connect({ hostname: "127.0.0.1", port });
    assert(
      await eventually(() => _find(port, "LISTEN")?.recvQ === 1, 3000),
      "Recv-Q of LISTEN did not become 1",
    );
    const server = await listener.accept();
    assertEqual(_find(port, "LISTEN")?.recvQ, 0);
    server.close();
    client.close();
  } finally {
    listener.close();
  }
});

Deno.test("socketTable: server closes first → FIN_WAIT2 / CLOSE_WAIT with Recv-Q 1 (the unread FIN), then TIME_WAIT", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  const client = await Deno.connect({ hostname: "127.0.0.1", port });
  const server = await listener.accept();
  listener.close();
  const clientPort = (client.localAddr as Deno.NetAddr).port;
  try {
    server.close(); // like the killed server child of UNP §5.12
    assert(
      await eventually(() => _find(port, "FIN_WAIT2", port) !== undefined, 3000),
      "no FIN_WAIT2",
    );
    const closeWait = _find(port, "CLOSE_WAIT", clientPort);
    assert(closeWait, "no CLOSE_WAIT");
    assertEqual(closeWait.recvQ, 1); // the FIN takes one sequence number; not read yet
    assertEqual(await client.read(new Uint8Array(8)), null); // EOF
    assertEqual(_find(port, "CLOSE_WAIT", clientPort)?.recvQ, 0);
  } finally {
    client.close();
  }
  assert(
    await eventually(() => _find(port, "TIME_WAIT", port) !== undefined, 3000),
    "no TIME_WAIT",
  );
});

Deno.test("socketTable: reads fixture files under procRoot and filters by port", () => {
  const root = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${root}/net`);
    Deno.writeTextFileSync(
      `${root}/net/tcp`,
      "  sl  local_address rem_address   st\n" +
        "   0: 0100007F:2695 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n" +
        "   1: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0\n",
    );
    // no tcp6 file: a kernel without IPv6
    assertEqual(socketTable({ procRoot: root }).length, 2);
    assertEqual(socketTable({ procRoot: root, ports: [9877] }).map((r) => r.local), [
      "127.0.0.1:9877",
    ]);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test({
  name: "socketTable: pid reads another network namespace's sockets",
  ignore: !canUnshare(),
  async fn() {
    const code =
      "Deno.listen({ hostname: '127.0.0.1', port: 9 }); console.log('ready'); await Deno.stdin.read(new Uint8Array(1));";
    const child = new Deno.Command("unshare", {
      args: ["-rn", Deno.execPath(), "eval", code],
      stdin: "piped",
      stdout: "piped",
    }).spawn();
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    try {
      assertEqual((await lines.read()).value?.trim(), "ready");
      // unshare execs deno in place, so child.pid is the process inside the namespace.
      const theirs = socketTable({ pid: child.pid, ports: [9] });
      assertEqual(theirs.map((r) => [r.state, r.local]), [["LISTEN", "127.0.0.1:9"]]);
      assertEqual(socketTable({ ports: [9] }).filter((r) => r.state === "LISTEN"), []);
    } finally {
      await child.stdin.close();
      await lines.cancel();
      await child.status;
    }
  },
});
