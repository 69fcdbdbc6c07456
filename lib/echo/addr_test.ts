import { assertEqual } from "../../tests/helpers/assert.ts";
import { isWildcard } from "./addr.ts";

Deno.test("isWildcard: every spelling of the wildcard, and nothing else", () => {
  for (
    const host of [
      "0.0.0.0",
      "0",
      "0x0",
      "0.0",
      "000",
      "::",
      "[::]",
      "0::0",
      "0:0:0:0:0:0:0:0",
      "::0.0.0.0",
      "::ffff:0.0.0.0",
      "::ffff:0:0",
      "[::ffff:0.0.0.0]",
      "::FFFF:0.0.0.0",
    ]
  ) assertEqual(isWildcard(host), true, host);
  for (
    const host of [
      "127.0.0.1",
      "::1",
      "localhost",
      "198.18.0.2",
      "::ffff:127.0.0.1",
      "",
      "a b",
      "0.0.0.1",
    ]
  ) {
    assertEqual(isWildcard(host), false, host);
  }
});
