import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { displayWidth } from "../term/text_width.ts";
import { composeScreen, insertLogLine, type LogLine } from "./screen.ts";
import type { WatchSnapshot } from "./snapshot.ts";

const SNAP: WatchSnapshot = {
  sockets: [],
  processes: [{
    pid: 4242,
    ppid: 1,
    stat: "Z",
    state: "Z",
    wchan: "-",
    args: "[tcpserv01] <defunct>",
    comm: "tcpserv01",
  }],
  server: 1,
  ports: [9877],
};

Deno.test("watch screen: exactly the terminal's height, no line wider than it, the newest changes wrapped whole", () => {
  const log = Array.from({ length: 30 }, (_, i) => ({
    t: i,
    text: `change ${i}: CLOSE_WAIT on the client (Recv-Q 1): the server's FIN arrived — §5.12`,
  }));
  for (const [columns, rows] of [[80, 24], [40, 12], [120, 8], [30, 5]]) {
    const lines = composeScreen({
      snapshot: SNAP,
      log,
      title: "echolab watch — port 9877",
      lang: "en",
    }, {
      columns,
      rows,
      color: false,
    });
    assertEqual(lines.length, rows, `${columns}x${rows}`);
    assert(lines.every((l) => displayWidth(l) <= columns), lines.join("\n"));
    if (rows >= 8) {
      const text = lines.join("\n");
      assert(text.includes("§5.12"), text); // wrapped, not cut
      assert(text.includes("change 29"), text); // the newest
      assert(!text.includes("change 0:"), text);
      assert(lines.some((l) => l.startsWith("── changes")), text);
    }
  }
  const zh = composeScreen({ snapshot: SNAP, log: [], title: "t", lang: "zh" }, {
    columns: 80,
    rows: 10,
    color: false,
  });
  assert(zh.some((l) => l.includes("该端口上没有套接字")), zh.join("\n"));
  assert(zh.some((l) => l.includes("<defunct>")), zh.join("\n"));
});

Deno.test("insertLogLine: a packet captured after the look that saw its effect goes before it", () => {
  const log: LogLine[] = [{ t: 13.96, text: "FIN_WAIT2 on the server" }];
  insertLogLine(log, { t: 13.955, text: "⇢ ACK seq 7 ack 8", tone: "packet" });
  insertLogLine(log, { t: 13.96, text: "later, same time" });
  assertEqual(log.map((l) => l.text), [
    "⇢ ACK seq 7 ack 8",
    "FIN_WAIT2 on the server",
    "later, same time",
  ]);
});
