import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { libc } from "../sys/libc.ts";
import { listeningPorts, Observer, socketOwners, treePids } from "./observer.ts";

libc(); // opened before the tests: the sanitizer counts a library opened inside one as a leak

Deno.test("observer: finds the listener's owner, both ends of a connection, and their sides", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const obs = new Observer({ port });
  try {
    const first = obs.look(0);
    assertEqual(first.server, Deno.pid); // we hold the listening socket
    assertEqual(first.sockets.map((s) => [s.state, s.side]), [["LISTEN", "listen"]]);
    assert(first.processes[0].self, "our own row is marked");
    assertEqual(listeningPorts(Deno.pid).includes(port), true);
    assertEqual(socketOwners(new Set([first.sockets[0].inode])), [Deno.pid]);
    assertEqual(treePids(Deno.pid)[0], Deno.pid);

    const client = await Deno.connect({ hostname: "127.0.0.1", port });
    const served = await listener.accept();
    // The socket table is read on schedule (socketEveryMs 0: every look).
    const second = obs.look(1);
    const cport = (client.localAddr as Deno.NetAddr).port;
    assertEqual(
      second.sockets.map((s) => [s.state, s.side, s.key]),
      [
        ["LISTEN", "listen", `|127.0.0.1:${port}|0.0.0.0:0`],
        ["ESTABLISHED", "client", `|127.0.0.1:${cport}|127.0.0.1:${port}`],
        ["ESTABLISHED", "server", `|127.0.0.1:${port}|127.0.0.1:${cport}`],
      ],
    );
    client.close();
    served.close();
  } finally {
    listener.close();
  }
  const last = obs.look(2);
  assertEqual(last.sockets.filter((s) => s.state === "LISTEN"), []);
  assertEqual(last.server, undefined);
});

Deno.test("observer: with socketEveryMs, the socket table is kept between reads", () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const obs = new Observer({ port, socketEveryMs: 1000 });
  try {
    assertEqual(obs.look(0).sockets.length, 1);
    listener.close();
    assertEqual(obs.look(500).sockets.length, 1); // not read again yet
    assertEqual(obs.look(1000).sockets.length, 0); // read on schedule
  } finally {
    try {
      listener.close();
    } catch { /* closed above */ }
  }
});
