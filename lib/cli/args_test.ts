import { assertEqual } from "../../tests/helpers/assert.ts";
import { joinNegativeValues, splitAtDashes } from "./args.ts";

Deno.test("splitAtDashes: echolab's arguments before the first --, the server command after it", () => {
  assertEqual(splitAtDashes(["--only", "echo", "--", "./srv", "--", "-p"]), {
    own: ["--only", "echo"],
    command: ["./srv", "--", "-p"],
    dashed: true,
  });
  assertEqual(splitAtDashes(["verify", "3", "--"]), {
    own: ["verify", "3"],
    command: [],
    dashed: true,
  });
  assertEqual(splitAtDashes(["--list"]), { own: ["--list"], command: [], dashed: false });
});

Deno.test("joinNegativeValues: a negative number after a value-taking option is its value", () => {
  const opts = {
    port: { type: "string" },
    json: { type: "boolean" },
    n: { type: "string", short: "n" },
  } as const;
  assertEqual(joinNegativeValues(["--port", "-1"], opts), ["--port=-1"]);
  assertEqual(joinNegativeValues(["-n", "-2.5"], opts), ["-n-2.5"]);
  // Not a number, a boolean option, or after --: left for parseArgs.
  assertEqual(joinNegativeValues(["--port", "-x"], opts), ["--port", "-x"]);
  assertEqual(joinNegativeValues(["--json", "-1"], opts), ["--json", "-1"]);
  assertEqual(joinNegativeValues(["--", "--port", "-1"], opts), ["--", "--port", "-1"]);
});
