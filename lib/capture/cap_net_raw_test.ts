import { assertEqual } from "../../tests/helpers/assert.ts";
import { hasCapNetRaw } from "./cap_net_raw.ts";

Deno.test("CAP_NET_RAW: bit 13 of CapEff decides", () => {
  assertEqual(hasCapNetRaw("Name:\tdeno\nCapEff:\t000001ffffffffff\n"), true);
  assertEqual(hasCapNetRaw("CapEff:\t0000000000002000\n"), true); // only CAP_NET_RAW
  assertEqual(hasCapNetRaw("CapEff:\t0000000000001000\n"), false); // CAP_NET_ADMIN only
  assertEqual(hasCapNetRaw("CapEff:\t000001fffeffdfff\n"), false); // everything but it
  assertEqual(hasCapNetRaw("CapEff:\t0000000000000000\n"), false);
  assertEqual(hasCapNetRaw("Name:\tdeno\n"), false);
});
