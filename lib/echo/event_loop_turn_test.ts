import assert from "node:assert/strict";
import { EventLoopTurn } from "./event_loop_turn.ts";

async function spinUntil(flag: () => boolean, step: () => Promise<void>, max: number) {
  let turns = 0;
  while (!flag() && turns < max) {
    await step();
    turns++;
  }
  return turns;
}

Deno.test("EventLoopTurn: a busy loop that yields through it lets a timer fire; microtasks alone do not", async () => {
  let fired = false;
  const timer = setTimeout(() => fired = true, 5);
  const started = performance.now();
  // Microtasks only: the timer cannot run however long this spins (bounded).
  while (performance.now() - started < 30) await Promise.resolve();
  assert.equal(fired, false, "a microtask-only loop starves the timer");
  const turn = new EventLoopTurn();
  try {
    const turns = await spinUntil(() => fired, () => turn.next(), 1_000_000);
    assert.equal(fired, true, `the timer fired after ${turns} turns`);
  } finally {
    turn.close();
    clearTimeout(timer);
  }
});

Deno.test("EventLoopTurn: close resolves a pending turn and releases the ports", async () => {
  const turn = new EventLoopTurn();
  const pending = turn.next();
  turn.close();
  await pending; // would hang (and the sanitizer would flag the open ports) otherwise
});
