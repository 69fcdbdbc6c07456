/**
 * The two-terminal story on real 100×16 panes (issue #12): `serve` in one,
 * `connect` in the other, a learner typing a line and then Ctrl-D. Each
 * pane's first screen shows the first events — the listening line, the
 * connection — not paragraphs of notes, and a whole session (listen, accept,
 * echo, the child's end, Ctrl-C) fits in one pane.
 */

import { assert, assertEqual } from "./helpers/assert.ts";
import { countRows, PTY_UNAVAILABLE, spawnOnPty } from "./helpers/pty.ts";

const linux = Deno.build.os === "linux";
const ROWS = 16;
const COLS = 100;

Deno.test({
  name: "serve and connect on 100×16 ptys: first events on the first screen, a session fits a pane",
  ignore: !linux || PTY_UNAVAILABLE !== undefined,
  async fn() {
    const serve = await spawnOnPty(["serve", "--port", "0"], ROWS, COLS);
    const port = Number((await serve.waitFor(/listening on 127\.0\.0\.1:(\d+)/))[1]);
    const connect = await spawnOnPty(["connect", "--port", String(port)], ROWS, COLS);
    await connect.waitFor(/connected/);
    await serve.waitFor(/accepted 127\.0\.0\.1:\d+ → child \d+/);
    await connect.type("hello pane\n");
    // The terminal echoes what was typed; str_cli prints the echo: the line twice.
    await connect.waitFor(/hello pane[\s\S]*hello pane/);
    await connect.type("\x04"); // Ctrl-D: EOF on stdin, str_cli returns (§5.5)
    const client = await connect.done();
    assertEqual(client.code, 0, client.text);
    await serve.waitFor(/child \d+ .*(exited|reaped)|reaped/);
    await serve.type("\x03"); // Ctrl-C: the terminal sends SIGINT and echoes ^C
    const server = await serve.done();
    assertEqual(server.code, 130, server.text);

    for (const [name, text] of [["serve", server.text], ["connect", client.text]]) {
      const rows = countRows(text, COLS);
      assert(rows <= ROWS, `${name}: ${rows} rows > ${ROWS}\n${text}`);
      assert(!/today:|Deno cannot fork/.test(text), `${name}: notes in the pane\n${text}`);
    }
    // serve: its first row is the listening line, the accept comes next.
    const lines = server.text.split("\n");
    assert(/listening on 127\.0\.0\.1:\d+/.test(lines[0]), server.text);
    const accepted = lines.findIndex((l) => /accepted 127\.0\.0\.1:\d+ → child/.test(l));
    assert(accepted > 0 && accepted < 4, server.text);
    assert(/SIGINT: ended/.test(server.text), server.text);
    // connect: the connection is told in its first rows, before the line typed.
    const c = client.text.split("\n");
    const connected = c.findIndex((l) => /connected/.test(l));
    const typed = c.findIndex((l) => l.includes("hello pane"));
    assert(connected >= 0 && connected < 3 && connected < typed, client.text);
  },
});
