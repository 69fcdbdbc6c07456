import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { parseNetTcp } from "../proc/parse_net_tcp.ts";
import { processRow } from "../proc/process_table.ts";
import { memoryOut } from "../term/output.ts";
import { renderProcessTable } from "./process_table.ts";
import { renderSocketTable } from "./socket_table.ts";
import { stateTopics } from "./state_notes.ts";
import { showStates } from "./states_view.ts";
import { displayWidth } from "../term/text_width.ts";

const SOCKETS = parseNetTcp(
  [
    "0: 0100007F:2695 00000000:0000 0A 00000000:00000002 00:00000000 00000000 0 0 1 1 0 100 0 0 10 0",
    "1: 0100007F:2695 0100007F:9E49 05 00000000:00000000 00:00000000 00000000 0 0 2 1 0 20 4 30 10 -1",
    "2: 0100007F:9E49 0100007F:2695 08 00000000:00000001 00:00000000 00000000 0 0 3 1 0 20 4 30 10 -1",
    "3: 0100007F:9E4A 0100007F:2695 06 00000000:00000000 03:00001770 00000000 0 0 0 3 0",
    "4: 020012C6:9E4B 030012C6:2695 01 00000005:00000000 01:0000002A 00000003 0 0 4 2 0 160 4 30 1 2",
    "5: B80D0120000000000000000001000000:2695 B80D0120000000000000000002000000:D431 01 00000000:00000000 00:00000000 00000000 0 0 5 1 0 20 4 30 10 -1",
  ].join("\n"),
  true,
);

const PROCESSES = [
  processRow(
    "100 (deno) S 1 100 100 0 -1 0 0 0 0 0 0 0 0 0 20 0 6 0 5 0 0",
    "inet_csk_accept",
    "deno\0run\0-A\0main.ts\0serve\0--port\x009877\0--engine\0book\0--reap\0none\0",
  ),
  processRow(
    "101 (deno) S 100 100 100 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0",
    "wait_woken",
    "echolab\0__str-echo\0",
  ),
  processRow("102 (deno) Z 100 100 100 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0", "0", ""),
];

for (const columns of [80, 120, undefined]) {
  Deno.test(`renderSocketTable / renderProcessTable: no line wider than ${columns ?? "a pipe (80)"}`, () => {
    for (
      const line of [
        ...renderSocketTable(SOCKETS, { color: false, columns }),
        ...renderProcessTable(PROCESSES, { color: false, columns }),
      ]
    ) {
      assert(displayWidth(line) <= (columns ?? 80), `too wide (${displayWidth(line)}): ${line}`);
    }
  });
}

Deno.test("renderSocketTable: ss-like columns; LISTEN Send-Q is '-', its peer *:*", () => {
  const lines = renderSocketTable(SOCKETS, { color: false, columns: 120 });
  assert(lines[0].startsWith("State       Recv-Q Send-Q Local Address:Port"), lines[0]);
  const fields = lines.slice(1).map((l) => l.split(/\s+/));
  assertEqual(fields[0].slice(0, 5), ["LISTEN", "2", "-", "127.0.0.1:9877", "0.0.0.0:*"]);
  assertEqual(fields[2].slice(0, 3), ["CLOSE_WAIT", "1", "0"]);
  assertEqual(fields[3][5], "timewait,60.0s,0");
  assertEqual(fields[4][5], "on,0.4s,3");
  assertEqual(fields[5][3], "[2001:db8::1]:9877");
});

Deno.test("renderSocketTable: colour only when the TextOut wants it", () => {
  // deno-lint-ignore no-control-regex
  const ansi = /\x1b\[/;
  assert(!renderSocketTable(SOCKETS, { color: false }).some((l) => ansi.test(l)));
  const colored = renderSocketTable(SOCKETS, { color: true });
  assert(ansi.test(colored.find((l) => l.includes("CLOSE_WAIT"))!));
  assert(
    ansi.test(renderProcessTable(PROCESSES, { color: true }).find((l) => l.includes("<defunct>"))!),
  );
});

Deno.test("renderProcessTable: ps-like columns with the zombie as <defunct>", () => {
  const lines = renderProcessTable(PROCESSES, { color: false, columns: 80 });
  assertEqual(lines[0].trim().split(/\s+/), ["PID", "PPID", "STAT", "WCHAN", "COMMAND"]);
  assertEqual(lines[3].trim().split(/\s+/), ["102", "100", "Z", "-", "[deno]", "<defunct>"]);
  assert(lines[1].endsWith("…"), "a long command line is cut with …");
});

Deno.test("stateTopics: notes come from the rows observed, once each", () => {
  assertEqual(stateTopics(SOCKETS, PROCESSES), [
    "tcp-listen-queue",
    "tcp-FIN_WAIT2",
    "tcp-CLOSE_WAIT",
    "tcp-close-wait-fin-unread",
    "tcp-TIME_WAIT",
    "tcp-retransmitting",
    "wchan-inet_csk_accept",
    "wchan-wait_woken",
    "defunct",
  ]);
  assertEqual(stateTopics(SOCKETS.slice(5), []), []); // a quiet ESTABLISHED socket needs no note
});

Deno.test("showStates: tables and notes in English and Chinese, within 80 columns", () => {
  for (const lang of ["en", "zh"] as const) {
    const out = memoryOut(80);
    const topics = showStates(out, { sockets: SOCKETS, processes: PROCESSES }, lang);
    assertEqual(topics.length, 9);
    const text = out.lines.join("\n");
    assert(text.includes(lang === "en" ? "zombie process" : "僵尸进程"), text);
    assert(text.includes("wait_for_connect"), "the book's name appears next to today's");
    for (const line of out.lines) assert(displayWidth(line) <= 80, `too wide: ${line}`);
  }
});
