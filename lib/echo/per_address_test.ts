import { assertEqual } from "../../tests/helpers/assert.ts";
import { clientAddress, PER_ADDRESS_DEFAULT, perAddressLimit } from "./per_address.ts";

Deno.test("perAddressLimit: on beyond loopback, off on loopback, the flag wins", () => {
  for (const host of ["0.0.0.0", "::", "192.0.2.1", "::ffff:0.0.0.0", "0"]) {
    assertEqual(perAddressLimit(host), PER_ADDRESS_DEFAULT, host);
  }
  for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) {
    assertEqual(perAddressLimit(host), undefined, host);
  }
  assertEqual(perAddressLimit("127.0.0.1", 3), 3);
  assertEqual(perAddressLimit("0.0.0.0", 100), 100);
});

Deno.test("clientAddress: one machine counts once, whatever the listener's family", () => {
  assertEqual(clientAddress("::ffff:192.0.2.7"), "192.0.2.7");
  assertEqual(clientAddress("192.0.2.7"), "192.0.2.7");
  assertEqual(clientAddress("[2001:DB8::1]"), "2001:db8::1");
});
