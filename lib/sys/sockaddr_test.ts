import { assertEqual } from "../../tests/helpers/assert.ts";
import { decodeSockAddr, encodeSockAddr, formatSockAddr, parseHost } from "./sockaddr.ts";

const linux = Deno.build.os === "linux";

Deno.test("parseHost accepts numeric IPv4/IPv6 and localhost, nothing else", () => {
  assertEqual(parseHost("127.0.0.1"), { family: 4, bytes: [127, 0, 0, 1] });
  assertEqual(parseHost("localhost"), { family: 4, bytes: [127, 0, 0, 1] });
  assertEqual(parseHost("::1")?.bytes, [...new Array(15).fill(0), 1]);
  assertEqual(parseHost("[::1]")?.family, 6);
  assertEqual(parseHost("198.18.0.1")?.bytes, [198, 18, 0, 1]);
  assertEqual(parseHost("::ffff:1.2.3.4")?.bytes.slice(10), [0xff, 0xff, 1, 2, 3, 4]);
  for (const bad of ["256.0.0.1", "1.2.3", "example.com", "1::2::3", ":::", "1:2:3:4:5:6:7:8:9"]) {
    assertEqual(parseHost(bad), undefined, bad);
  }
});

Deno.test({
  name: "sockaddr round trip: IPv4 and IPv6 in network byte order",
  ignore: !linux,
  fn() {
    const v4 = encodeSockAddr("127.0.0.1", 9877)!;
    assertEqual(v4.length, 16);
    assertEqual([v4[2], v4[3]], [0x26, 0x95]); // htons(9877)
    assertEqual(decodeSockAddr(v4), { family: 4, host: "127.0.0.1", port: 9877 });
    const canonical: [string, string][] = [
      ["::1", "::1"],
      ["fe80::1:2", "fe80::1:2"],
      ["2001:db8::", "2001:db8::"],
      ["1:0:0:1:0:0:0:1", "1:0:0:1::1"], // the longest zero run is compressed (RFC 5952)
      ["1:0:0:1:0:0:1:1", "1::1:0:0:1:1"], // the first of two equal runs
      ["1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"], // single zeros stay
      ["::ffff:10.0.0.1", "::ffff:10.0.0.1"],
    ];
    for (const [host, text] of canonical) {
      assertEqual(decodeSockAddr(encodeSockAddr(host, 80)!)?.host, text, host);
    }
    assertEqual(formatSockAddr({ family: 6, host: "::1", port: 1 }), "[::1]:1");
    assertEqual(formatSockAddr({ family: 4, host: "127.0.0.1", port: 2 }), "127.0.0.1:2");
  },
});
