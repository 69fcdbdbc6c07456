import { assertEqual } from "../../tests/helpers/assert.ts";
import { SIGNAL_NUMBERS } from "../sys/signals.ts";
import { procStat } from "./process_tree.ts";
import { signalDisposition, signalPending } from "./signal_state.ts";
import { waitUntil } from "../check/wait.ts";
import { libc } from "../sys/libc.ts";

// Open libc before the tests (reading /proc goes through it): the sanitizer
// counts a library opened inside a test as a leak.
if (Deno.build.os === "linux") libc();

Deno.test({
  name: "signalPending: a signal sent to a stopped process stays pending until it runs",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const sleeper = new Deno.Command("sleep", { args: ["30"], stdout: "null", stderr: "null" })
      .spawn();
    try {
      const usr1 = SIGNAL_NUMBERS.SIGUSR1;
      assertEqual(signalPending(sleeper.pid, usr1), false);
      sleeper.kill("SIGSTOP");
      assertEqual(await waitUntil(() => procStat(sleeper.pid)?.state === "T", 2000), true);
      sleeper.kill("SIGUSR1");
      assertEqual(await waitUntil(() => signalPending(sleeper.pid, usr1), 2000), true);
      assertEqual(signalPending(sleeper.pid, SIGNAL_NUMBERS.SIGUSR2), false);
      assertEqual(signalDisposition(sleeper.pid, usr1), "default");
    } finally {
      sleeper.kill("SIGKILL");
      await sleeper.status;
    }
    assertEqual(signalPending(sleeper.pid, SIGNAL_NUMBERS.SIGUSR1), false, "gone: not pending");
  },
});
