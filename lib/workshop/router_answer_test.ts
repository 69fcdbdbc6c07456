import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { UsageError } from "../errors.ts";
import type { EchoEvent } from "../events.ts";
import { judgeRouterAnswer, parseRouterAnswer } from "./router_answer.ts";

const icmp = (from: string): EchoEvent => ({
  t: 5,
  actor: "kernel",
  kind: "icmp",
  from,
  to: "198.18.0.1",
  type: 3,
  code: 1,
});
const run: EchoEvent[] = [
  icmp("198.18.0.254"),
  { t: 9, actor: "client", kind: "error", op: "read", errno: "EHOSTUNREACH" },
];

Deno.test("parseRouterAnswer: an errno and an address, in either order; else a UsageError", () => {
  assertEqual(parseRouterAnswer(13, "ehostunreach 198.18.0.254"), {
    errno: "EHOSTUNREACH",
    from: "198.18.0.254",
  });
  assertEqual(parseRouterAnswer(13, "198.18.0.254, EHOSTUNREACH").from, "198.18.0.254");
  for (const bad of [undefined, "EHOSTUNREACH", "198.18.0.254", "a b c", "EHOSTUNREACH router"]) {
    let thrown: unknown;
    try {
      parseRouterAnswer(13, bad);
    } catch (err) {
      thrown = err;
    }
    assert(thrown instanceof UsageError, `${bad}: ${thrown}`);
  }
});

Deno.test("judgeRouterAnswer: both must match the run; the server's address is a telling mistake", () => {
  const ok = judgeRouterAnswer("router-unreachable", run, {
    errno: "EHOSTUNREACH",
    from: "198.18.0.254",
  });
  assertEqual(ok.status, "pass");
  const server = judgeRouterAnswer("router-unreachable", run, {
    errno: "EHOSTUNREACH",
    from: "198.18.1.2",
  });
  assertEqual(server.status, "fail");
  assert(server.observed.en.includes("never heard"), server.observed.en);
  const errno = judgeRouterAnswer("router-unreachable", run, {
    errno: "ETIMEDOUT",
    from: "198.18.0.254",
  });
  assertEqual(errno.status, "fail");
  // The client's own ICMP (not the router's) does not count as the router's answer.
  const none = judgeRouterAnswer("router-unreachable", [run[1], icmp("198.18.0.1")], {
    errno: "EHOSTUNREACH",
    from: "198.18.0.1",
  });
  assertEqual(none.status, "skipped");
});
