import { assert, assertEqual } from "./helpers/assert.ts";
import { PTY_UNAVAILABLE, runOnPty } from "./helpers/pty.ts";
import { displayWidth } from "../lib/term/text_width.ts";

Deno.test({
  name: "error on a terminal: `serve` on a port in use says so in lines wrapped at words",
  ignore: Deno.build.os !== "linux" || PTY_UNAVAILABLE !== undefined,
  async fn() {
    // A port of our own on loopback, held for the run: the learner's server finds it taken.
    const held = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (held.addr as Deno.NetAddr).port;
    const dir = await Deno.makeTempDir();
    try {
      const run = await runOnPty(["serve", "--port", String(port)], 20, 60, {
        ECHOLAB_RUNTIME_DIR: dir,
      });
      assertEqual(run.code, 2, run.text);
      const lines = run.text.split("\n").filter((l) => l.trim());
      assert(lines[0].startsWith("echolab: bind ") && run.text.includes("EADDRINUSE"), run.text);
      assert(lines.length > 1, run.text);
      for (const line of lines) assert(displayWidth(line) <= 60, `too wide: ${line}`);
      // Wrapped between words: the message reads whole again when the lines are joined.
      assert(run.text.replace(/\s+/g, " ").includes("address already in use"), run.text);
    } finally {
      held.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
