import { assertEqual } from "../../tests/helpers/assert.ts";
import { parseIpHeader, parseTcpSegment } from "./tcp_segment.ts";
import { ipv4Tcp, ipv6Tcp } from "./testdata/packets.ts";

const LO = [127, 0, 0, 1];
const V6_LO = new Uint8Array(16).fill(0, 0, 15).fill(1, 15);

Deno.test("parseTcpSegment: an IPv4 SYN with MSS and window-scale options", () => {
  const mss = [2, 4, 0xff, 0xd7]; // 65495
  const wscale = [1, 3, 3, 10];
  const seg = parseTcpSegment(
    ipv4Tcp(LO, [198, 18, 0, 2], {
      sport: 40000,
      dport: 9877,
      flags: 0x02,
      seq: 0xfffffff0,
      window: 65495,
      options: [...mss, ...wscale],
    }),
  )!;
  assertEqual([seg.from, seg.to, seg.flags], ["127.0.0.1:40000", "198.18.0.2:9877", ["SYN"]]);
  assertEqual([seg.seq, seg.window, seg.payloadLength, seg.headerLength], [
    0xfffffff0,
    65495,
    0,
    28,
  ]);
  assertEqual([seg.mss, seg.windowScale], [65495, 10]);
});

Deno.test("parseTcpSegment: flags in tcpdump's order, ack, payload length behind IP options", () => {
  const ipOptions = [1, 1, 1, 0]; // NOP NOP NOP EOL
  const seg = parseTcpSegment(
    ipv4Tcp(
      LO,
      LO,
      { sport: 9877, dport: 40000, flags: 0x19, seq: 7, ack: 12, payload: 5 },
      ipOptions,
    ),
  )!;
  assertEqual(seg.flags, ["FIN", "PSH", "ACK"]);
  assertEqual([seg.seq, seg.ack, seg.payloadLength], [7, 12, 5]);
  assertEqual(parseTcpSegment(ipv4Tcp(LO, LO, { sport: 1, dport: 2, flags: 0x14 }))!.flags, [
    "RST",
    "ACK",
  ]);
});

Deno.test("parseTcpSegment: IPv6, with and without a hop-by-hop header", () => {
  for (const hop of [false, true]) {
    const seg = parseTcpSegment(
      ipv6Tcp(V6_LO, V6_LO, { sport: 40000, dport: 9877, flags: 0x12, payload: 3 }, hop),
    )!;
    assertEqual([seg.family, seg.from, seg.to, seg.flags, seg.payloadLength], [
      6,
      "[::1]:40000",
      "[::1]:9877",
      ["SYN", "ACK"],
      3,
    ]);
  }
});

Deno.test("parseTcpSegment: not TCP, or cut short → undefined", () => {
  const udp = ipv4Tcp(LO, LO, { sport: 1, dport: 2, flags: 0 });
  udp[9] = 17;
  assertEqual(parseTcpSegment(udp), undefined);
  assertEqual(
    parseTcpSegment(ipv4Tcp(LO, LO, { sport: 1, dport: 2, flags: 2 }).subarray(0, 30)),
    undefined,
  );
  assertEqual(parseTcpSegment(new Uint8Array([0x45])), undefined);
  assertEqual(parseTcpSegment(new Uint8Array(0)), undefined);
  assertEqual(parseIpHeader(new Uint8Array([0x20, 0, 0, 0])), undefined); // version 2
});

Deno.test("parseTcpSegment: payload length comes from the IP length even when the capture is cut", () => {
  const full = ipv4Tcp(LO, LO, { sport: 1, dport: 2, flags: 0x18, payload: 1000 });
  assertEqual(parseTcpSegment(full.subarray(0, 60))!.payloadLength, 1000);
});
