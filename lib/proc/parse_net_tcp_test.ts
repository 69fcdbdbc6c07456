import { assertEqual } from "../../tests/helpers/assert.ts";
import { isFullSocket, parseNetTcp } from "./parse_net_tcp.ts";

// Lines as this machine printed them (Linux 6.18, little-endian), plus hand-made ones.
const HEADER =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const LISTEN =
  "   1: 0100007F:ADF9 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 28783 1 0000000050d4ea7d 100 0 0 10 0\n";
const TIME_WAIT =
  "   3: 0100007F:CA90 0100007F:9E49 06 00000000:00000000 03:00000018 00000000     0        0 0 3 00000000805d99e4\n";
const CLOSE_WAIT =
  "   4: 0100007F:9E49 0100007F:2695 08 00000000:00000001 00:00000000 00000000  1000        0 4242 1 0000000000000000 20 4 30 10 -1\n";
const RETRANSMITTING =
  "   5: 020012C6:9E49 030012C6:2695 01 00000005:00000000 01:0000002A 00000003  1000        0 4243 2 0000000000000000 160 4 30 1 2\n";

Deno.test("parseNetTcp: LISTEN on 127.0.0.1 with its inode and rto", () => {
  const [row] = parseNetTcp(HEADER + LISTEN, true);
  assertEqual(row.state, "LISTEN");
  assertEqual(row.local, "127.0.0.1:44537");
  assertEqual(row.foreign, "0.0.0.0:0");
  assertEqual([row.recvQ, row.sendQ, row.inode, row.rtoMs, row.cwnd], [0, 0, 28783, 1000, 10]);
});

Deno.test("parseNetTcp: TIME_WAIT lines are shorter and carry the time-wait timer", () => {
  const [row] = parseNetTcp(TIME_WAIT, true);
  assertEqual(row.state, "TIME_WAIT");
  assertEqual(row.foreign, "127.0.0.1:40521");
  assertEqual([row.timer, row.timerMs, row.inode, row.rtoMs], ["time-wait", 240, 0, undefined]);
});

Deno.test("parseNetTcp: CLOSE_WAIT with Recv-Q 1 and a retransmitting socket", () => {
  const [closeWait, rtx] = parseNetTcp(CLOSE_WAIT + RETRANSMITTING, true);
  assertEqual([closeWait.state, closeWait.recvQ, closeWait.uid], ["CLOSE_WAIT", 1, 1000]);
  assertEqual(rtx.local, "198.18.0.2:40521");
  assertEqual(rtx.foreign, "198.18.0.3:9877");
  assertEqual([rtx.sendQ, rtx.timer, rtx.timerMs, rtx.retransmits], [5, "retransmit", 420, 3]);
});

Deno.test("parseNetTcp: IPv6 loopback and IPv4-mapped addresses are bracketed", () => {
  const line =
    "   0: 00000000000000000000000001000000:2695 0000000000000000FFFF00000100007F:9E49 01 00000000:00000000 00:00000000 00000000     0        0 77 1 0 20 4 30 10 -1\n";
  const [row] = parseNetTcp(line, true);
  assertEqual(row.family, 6);
  assertEqual(row.local, "[::1]:9877");
  assertEqual(row.foreign, "[::ffff:127.0.0.1]:40521");
  assertEqual(row.state, "ESTABLISHED");
});

Deno.test("parseNetTcp: a big-endian machine prints addresses in network order", () => {
  const line = LISTEN.replace("0100007F", "7F000001");
  assertEqual(parseNetTcp(line, false)[0].local, "127.0.0.1:44537");
  assertEqual(parseNetTcp(line, true)[0].local, "1.0.0.127:44537");
});

Deno.test("parseNetTcp: header and blank lines give no rows", () => {
  assertEqual(parseNetTcp(HEADER + "\n\n"), []);
});

// The lab's observer line: a retransmitting connection inside the lab's namespace.
const LAB_CONN =
  "   0: 011212C6:D3A4 021212C6:2695 01 0000000F:00000000 01:00000046 00000003     0        0 123456 2 0000000000000000 160 4 30 10 -1\n";

Deno.test("parseNetTcp: the lab's connection row — addresses, queues, retransmits, RTO", () => {
  const [conn, listen] = parseNetTcp(HEADER + LAB_CONN + LISTEN, true);
  assertEqual(conn.localAddress, "198.18.18.1");
  assertEqual(conn.localPort, 0xd3a4);
  assertEqual(conn.foreignAddress, "198.18.18.2");
  assertEqual(conn.foreignPort, 9877);
  assertEqual(conn.state, "ESTABLISHED");
  assertEqual(conn.sendQ, 15);
  assertEqual(conn.timer, "retransmit");
  assertEqual(conn.retransmits, 3);
  assertEqual(conn.rtoMs, 1600);
  assertEqual(isFullSocket(conn), true);
  assertEqual(listen.state, "LISTEN");
  assertEqual(listen.localAddress, "127.0.0.1");
});

Deno.test("isFullSocket: TIME_WAIT lines carry no rto, full sockets do", () => {
  const [tw, cw] = parseNetTcp(HEADER + TIME_WAIT + CLOSE_WAIT, true);
  assertEqual(isFullSocket(tw), false);
  assertEqual(isFullSocket(cw), true);
});

Deno.test("parseNetTcp: the live file parses", () => {
  const rows = parseNetTcp(Deno.readTextFileSync("/proc/net/tcp"));
  for (const r of rows) assertEqual(typeof r.state, "string");
});
