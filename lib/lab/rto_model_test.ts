import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import {
  giveUpBudgetMs,
  giveUpCutoffMs,
  humanDuration,
  modelRetransmissions,
} from "./rto_model.ts";

Deno.test("rto_model: Linux's default tcp_retries2=15 gives the documented 924.6 s", () => {
  assertEqual(giveUpBudgetMs(15), 924_600);
  assertEqual(humanDuration(giveUpBudgetMs(15)), "924.6 s (15 min 25 s)");
});

Deno.test("rto_model: small budgets double from 200 ms", () => {
  assertEqual(giveUpBudgetMs(2), 1400);
  assertEqual(giveUpBudgetMs(3), 3000);
  // The clock starts at the first RTO retransmission (200): cut-off 3200, so 3000 still retransmits.
  assertEqual(modelRetransmissions(3), [200, 600, 1400, 3000]);
});

Deno.test("rto_model: the cut-off counts from the first RTO retransmission, not the TLP", () => {
  // The reviewer's host-crash run: TLP at 205 ms, RTOs at 427, 844, 1667 ms, give-up ≈ 3.3 s.
  const cutoff = giveUpCutoffMs(427, 2);
  assertEqual(cutoff, 1827);
  assert(1667 < cutoff, "the expiry at 1.667 s still retransmitted");
  assert(205 + giveUpBudgetMs(2) < 1667, "counted from the TLP it would have given up there");
});

Deno.test("rto_model: the RTO is capped at 120 s after nine doublings", () => {
  const times = modelRetransmissions(15);
  // Expiries at 200·(2^k − 1) ms, then every 120 s; the one at 924.6 s is 924.4 s after the
  // first retransmission, still inside the budget.
  assertEqual(times.length, 16);
  assertEqual(times.at(-1), 924_600);
  assertEqual(times[10] - times[9], 120_000);
  assertEqual(humanDuration(7875_000), "7875 s (2 h 11 min 15 s)");
});
