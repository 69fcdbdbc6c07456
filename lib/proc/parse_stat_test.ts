import { assertEqual } from "../../tests/helpers/assert.ts";
import { parseStat, psStat } from "./parse_stat.ts";

Deno.test("parseStat: a command name with spaces and parentheses", () => {
  const stat = parseStat(
    "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 3 0 777 0 0",
  );
  assertEqual([stat.pid, stat.comm, stat.state, stat.ppid], [4242, "a (b) c", "S", 1]);
  assertEqual([stat.pgrp, stat.session, stat.threads, stat.startTicks], [4242, 4242, 3, 777]);
});

Deno.test("psStat: the modifiers ps adds to the state letter", () => {
  // session leader, 3 threads, no terminal
  assertEqual(psStat(parseStat("5 (x) S 1 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 3 0 1 0 0")), "Ssl");
  // foreground on a terminal, niced
  assertEqual(psStat(parseStat("6 (x) R 5 5 5 34816 5 0 0 0 0 0 0 0 0 0 30 10 1 0 1 0 0")), "RN+");
  // a zombie
  assertEqual(psStat(parseStat("7 (sleep) Z 6 5 5 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0")), "Z");
});

Deno.test("parseStat: rejects text that is not a stat line", () => {
  let threw = false;
  try {
    parseStat("hello");
  } catch {
    threw = true;
  }
  assertEqual(threw, true);
});
