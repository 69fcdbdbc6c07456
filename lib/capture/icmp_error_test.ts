import { assertEqual } from "../../tests/helpers/assert.ts";
import { parseIcmpError } from "./icmp_error.ts";
import { ipv4Tcp } from "./testdata/packets.ts";

function icmpV4(type: number, code: number, quoted: Uint8Array): Uint8Array {
  const pkt = new Uint8Array(20 + 8 + 28);
  pkt[0] = 0x45;
  new DataView(pkt.buffer).setUint16(2, pkt.length);
  pkt[9] = 1;
  pkt.set([198, 18, 1, 1], 12); // the router
  pkt.set([198, 18, 0, 1], 16); // the client
  pkt[20] = type;
  pkt[21] = code;
  pkt.set(quoted.subarray(0, 28), 28); // IP header + first 8 bytes of TCP
  return pkt;
}

Deno.test("parseIcmpError: host unreachable from a router, quoting the client's segment", () => {
  const quoted = ipv4Tcp([198, 18, 0, 1], [198, 18, 2, 2], {
    sport: 40000,
    dport: 9877,
    flags: 0x18,
    seq: 1234,
    payload: 4,
  });
  const err = parseIcmpError(icmpV4(3, 1, quoted))!;
  assertEqual([err.from, err.to, err.name, err.errno], [
    "198.18.1.1",
    "198.18.0.1",
    "host-unreachable",
    "EHOSTUNREACH",
  ]);
  assertEqual([err.quotedFrom, err.quotedTo, err.quotedSeq], [
    "198.18.0.1:40000",
    "198.18.2.2:9877",
    1234,
  ]);
  assertEqual(parseIcmpError(icmpV4(3, 0, quoted))!.errno, "ENETUNREACH");
});

Deno.test("parseIcmpError: an echo request or a TCP packet is not an ICMP error", () => {
  const quoted = ipv4Tcp([1, 2, 3, 4], [5, 6, 7, 8], { sport: 1, dport: 2, flags: 2 });
  assertEqual(parseIcmpError(icmpV4(8, 0, quoted)), undefined);
  assertEqual(parseIcmpError(quoted), undefined);
});
