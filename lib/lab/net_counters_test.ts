import { assertEqual } from "../../tests/helpers/assert.ts";
import { parseCounters } from "./net_counters.ts";

Deno.test("net_counters: header and value lines pair up, Tcp and TcpExt", () => {
  const snmp = "Ip: Forwarding\nIp: 2\nTcp: RtoMin RetransSegs\nTcp: 200 7\n";
  const netstat = "TcpExt: TCPLossProbes TCPKeepAlive\nTcpExt: 3 4\nIpExt: InNoRoutes\nIpExt: 1\n";
  assertEqual(parseCounters(snmp, netstat), {
    RtoMin: 200,
    RetransSegs: 7,
    TCPLossProbes: 3,
    TCPKeepAlive: 4,
  });
});
