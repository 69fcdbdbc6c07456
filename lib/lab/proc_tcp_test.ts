import { assertEqual } from "../../tests/helpers/assert.ts";
import { parseProcTcp } from "./proc_tcp.ts";

const SAMPLE =
  `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 011212C6:D3A4 021212C6:2695 01 0000000F:00000000 01:00000046 00000003     0        0 123456 2 0000000000000000 160 4 30 10 -1
   1: 0100007F:2695 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7777 1 0000000000000000 100 0 0 10 0
`;

Deno.test("proc_tcp: parses addresses, state, queues, retransmits and RTO", () => {
  const [conn, listen] = parseProcTcp(SAMPLE);
  assertEqual(conn.localAddr, "198.18.18.1");
  assertEqual(conn.localPort, 0xd3a4);
  assertEqual(conn.remoteAddr, "198.18.18.2");
  assertEqual(conn.remotePort, 9877);
  assertEqual(conn.state, "ESTABLISHED");
  assertEqual(conn.txQueue, 15);
  assertEqual(conn.timer, 1);
  assertEqual(conn.retransmits, 3);
  assertEqual(conn.rtoMs, 1600);
  assertEqual(listen.state, "LISTEN");
  assertEqual(listen.localAddr, "127.0.0.1");
});

Deno.test("proc_tcp: the live file parses", () => {
  const rows = parseProcTcp(Deno.readTextFileSync("/proc/net/tcp"));
  for (const r of rows) assertEqual(typeof r.state, "string");
});
