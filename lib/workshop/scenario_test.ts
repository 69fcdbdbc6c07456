import { assertEqual } from "../../tests/helpers/assert.ts";
import type { EchoEvent } from "../events.ts";
import { judgeAnswer } from "./scenario.ts";

const ev = (fields: Partial<EchoEvent>): EchoEvent => ({
  t: 0,
  actor: "client",
  kind: "error",
  ...fields,
});

Deno.test("judgeAnswer: the answer must be an errno the client observed in the run", () => {
  const events = [ev({ errno: "ETIMEDOUT" }), ev({ actor: "server", errno: "ECONNRESET" })];
  assertEqual(judgeAnswer("host-crash", events, "etimedout").status, "pass");
  assertEqual(judgeAnswer("host-crash", events, "ECONNRESET").status, "fail"); // the server's, not the client's
  assertEqual(judgeAnswer("host-crash", events, "EHOSTUNREACH").status, "fail");
});

Deno.test("judgeAnswer: a skipped scenario or one without errors cannot verify anything", () => {
  const skipped = [
    ev({ actor: "scenario", kind: "verdict", status: "skipped", note: "no namespaces" }),
  ];
  assertEqual(judgeAnswer("host-crash", skipped, "ETIMEDOUT").status, "skipped");
  assertEqual(judgeAnswer("host-crash", [ev({ kind: "echo" })], "ETIMEDOUT").status, "skipped");
});
