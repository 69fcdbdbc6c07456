import { assertEqual } from "../../tests/helpers/assert.ts";
import { portFilter, runFilter } from "./port_filter.ts";

function v4(proto: number, sport: number, dport: number, ihl = 5): Uint8Array {
  const p = new Uint8Array(ihl * 4 + 20);
  p[0] = 0x40 | ihl;
  p[9] = proto;
  const v = new DataView(p.buffer);
  v.setUint16(ihl * 4, sport);
  v.setUint16(ihl * 4 + 2, dport);
  return p;
}

function v6(next: number, sport: number, dport: number): Uint8Array {
  const p = new Uint8Array(60);
  p[0] = 0x60;
  p[6] = next;
  const v = new DataView(p.buffer);
  v.setUint16(40, sport);
  v.setUint16(42, dport);
  return p;
}

Deno.test("port filter: TCP on the port (either end, IPv4 with options, IPv6) and ICMP kept, the rest dropped", () => {
  const prog = portFilter([9877]);
  const kept = (p: Uint8Array) => runFilter(prog, p) > 0;
  assertEqual(kept(v4(6, 40000, 9877)), true);
  assertEqual(kept(v4(6, 9877, 40000)), true);
  assertEqual(kept(v4(6, 9877, 40000, 8)), true); // IP options: the TCP header moves
  assertEqual(kept(v4(6, 40000, 443)), false);
  assertEqual(kept(v4(17, 40000, 9877)), false); // UDP on the same port
  assertEqual(kept(v4(1, 0, 0)), true); // ICMP (an error may quote our connection)
  assertEqual(kept(v6(6, 40000, 9877)), true);
  assertEqual(kept(v6(6, 40000, 80)), false);
  assertEqual(kept(v6(58, 0, 0)), true);
  assertEqual(kept(new Uint8Array([0x50, 0, 0])), false); // neither IPv4 nor IPv6
  const two = portFilter([80, 9877]);
  assertEqual(runFilter(two, v4(6, 80, 1)) > 0 && runFilter(two, v4(6, 1, 9877)) > 0, true);
});
