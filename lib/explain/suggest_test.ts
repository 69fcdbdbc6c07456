import { assertEqual } from "../../tests/helpers/assert.ts";
import { editDistance, normalizeKey, suggestKeys } from "./suggest.ts";

Deno.test("editDistance counts single-character edits", () => {
  assertEqual(editDistance("", "abc"), 3);
  assertEqual(editDistance("zombie", "zombie"), 0);
  assertEqual(editDistance("zombei", "zombie"), 2);
  assertEqual(editDistance("僵尸进程", "僵死进程"), 1);
});

Deno.test("normalizeKey reads _ and spaces as -", () => {
  assertEqual(normalizeKey(" TIME_WAIT "), "time-wait");
  assertEqual(normalizeKey("slow system call"), "slow-system-call");
});

Deno.test("suggestKeys: nearest first, far ones left out, constants before events", () => {
  const keys = ["sigchld", "SIGCHLD", "SIGPIPE", "zombie", "EPIPE"];
  assertEqual(suggestKeys("SIGCHILD", keys), ["SIGCHLD"]);
  assertEqual(suggestKeys("SIGPIP", keys), ["SIGPIPE"]);
  assertEqual(suggestKeys("zomb", keys), ["zombie"]);
  assertEqual(suggestKeys("qqqqqqqq", keys), []);
});
