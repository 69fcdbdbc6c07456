import { assertEqual } from "../../tests/helpers/assert.ts";
import { giveUpBudgetMs, humanDuration, modelRetransmissions } from "./rto_model.ts";

Deno.test("rto_model: Linux's default tcp_retries2=15 gives the documented 924.6 s", () => {
  assertEqual(giveUpBudgetMs(15), 924_600);
  assertEqual(humanDuration(giveUpBudgetMs(15)), "924.6 s (15 min 25 s)");
});

Deno.test("rto_model: small budgets double from 200 ms", () => {
  assertEqual(giveUpBudgetMs(2), 1400);
  assertEqual(giveUpBudgetMs(3), 3000);
  assertEqual(modelRetransmissions(3), [200, 600, 1400]);
});

Deno.test("rto_model: the RTO is capped at 120 s after nine doublings", () => {
  const times = modelRetransmissions(15);
  assertEqual(times.length, 15);
  assertEqual(times.at(-1), 924_600 - 120_000);
  assertEqual(times[10] - times[9], 120_000);
  assertEqual(humanDuration(7875_000), "7875 s (2 h 11 min 15 s)");
});
