/**
 * The by-hand lab's panes share one clock (issue #12): `serve --lab`,
 * `connect --lab` and `host` count from the lab's zero, so a line in one
 * terminal can be compared with a line in another.
 */

import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli, spawnCli } from "./helpers/cli.ts";
import { freshTag, labTest } from "./helpers/lab.ts";

labTest(
  "lab clock: host and connect --lab lines come after serve --lab's ready line, on its clock",
  async () => {
    const dir = await Deno.makeTempDir();
    const env = { ECHOLAB_RUNTIME_DIR: dir, ECHOLAB_LAB_TAG: freshTag() };
    const serve = spawnCli(["serve", "--lab", "--json"], { env });
    try {
      const ready = await serve.waitFor((e) => e.kind === "lab-demo", 10_000, "lab-demo");
      const rt = JSON.parse(await Deno.readTextFile(`${dir}/lab.json`));
      assert(typeof rt.epochMs === "number", JSON.stringify(rt));
      // A pause so that a pane counting from its own start would be visibly behind.
      await new Promise((r) => setTimeout(r, 1500));
      const before = ready.t + 1500;
      const status = await runCli(["host", "status", "--json"], "", { env });
      assertEqual(status.code, 0, status.stderr);
      const hostT = parseEvents(status.stdout)[0].t;
      const client = await runCli(["connect", "--lab", "--json"], "hi\n", { env });
      assertEqual(client.code, 0, client.stderr);
      const clientT = parseEvents(client.stdout)[0].t;
      assert(hostT >= before, `host's first line at ${hostT} ms, the lab was ready at ${ready.t}`);
      assert(clientT > hostT, `connect's first line at ${clientT} ms, host's at ${hostT}`);
    } finally {
      serve.kill("SIGTERM");
      await serve.finish();
      await Deno.remove(dir, { recursive: true });
    }
  },
);
