import { assertEqual } from "../../tests/helpers/assert.ts";
import { splitAtDashes } from "./args.ts";

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
