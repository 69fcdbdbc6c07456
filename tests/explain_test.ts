import { CATALOGUE } from "../lib/explain/catalogue.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli } from "./helpers/cli.ts";

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("explain EPIPE: the entry in English, with its section", async () => {
  const r = await runCli(["explain", "EPIPE"]);
  assertEqual(r.code, 0, r.stderr);
  const text = decode(r.stdout);
  assert(text.startsWith("EPIPE — broken pipe"), text);
  assert(text.includes("UNP §5.13"), text);
  assert(text.includes("SIGPIPE"), text);
});

Deno.test("explain SIGCHLD finds the signal, sigchld the serve event", async () => {
  const upper = parseEvents((await runCli(["explain", "SIGCHLD", "--json"])).stdout);
  const lower = parseEvents((await runCli(["explain", "sigchld", "--json"])).stdout);
  assertEqual(upper.map((e) => e.id), ["SIGCHLD"]);
  assertEqual(lower.map((e) => e.id), ["sigchld"]);
});

Deno.test("explain zombie --lang zh: a topic entry, in Chinese", async () => {
  const r = await runCli(["explain", "zombie", "--lang", "zh"]);
  assertEqual(r.code, 0, r.stderr);
  const text = decode(r.stdout);
  assert(text.includes("僵尸进程"), text);
  assert(text.includes("waitpid"), "function names stay in Latin letters");
  assert(text.includes("如何修改"), "the fix is shown");
});

Deno.test("explain 5.11 lists every entry of the section, nothing else", async () => {
  const r = await runCli(["explain", "5.11", "--json"]);
  assertEqual(r.code, 0, r.stderr);
  const ids = parseEvents(r.stdout).map((e) => e.id).sort();
  const expected = CATALOGUE.filter((e) => e.section === "5.11").map((e) => e.id).sort();
  assert(expected.includes("ENOTCONN") && expected.length >= 3, "catalogue has §5.11 entries");
  assertEqual(ids, expected);
});

Deno.test("explain: a mistyped topic suggests the nearest names, exit 2", async () => {
  const r = await runCli(["explain", "SIGCHILD"]);
  assertEqual(r.code, 2);
  assertEqual(r.stdout.length, 0);
  const first = r.stderr.split("\n")[0];
  assert(first.startsWith("echolab: no entry for 'SIGCHILD'"), first);
  assert(first.includes("did you mean SIGCHLD"), first);
  const none = await runCli(["explain", "qqqqqqqqqq"]);
  assertEqual(none.code, 2);
  assert(none.stderr.includes("--list"), none.stderr);
});

Deno.test("explain --list --json: every catalogue entry once, both languages", async () => {
  const r = await runCli(["explain", "--list", "--json"]);
  assertEqual(r.code, 0, r.stderr);
  const entries = parseEvents(r.stdout);
  assertEqual(entries.map((e) => e.id).sort(), CATALOGUE.map((e) => e.id).sort());
  for (const e of entries) {
    assertEqual(e.kind, "entry");
    const title = e.title as { en: string; zh: string };
    assert(title.en && title.zh, `${e.id} has both titles`);
  }
});

Deno.test("explain: bad input is one line and exit 2", async () => {
  for (
    const args of [["explain"], ["explain", "--list", "EPIPE"], [
      "explain",
      "EPIPE",
      "--lang",
      "fr",
    ]]
  ) {
    const r = await runCli(args);
    assertEqual(r.code, 2, args.join(" "));
    assert(r.stderr.startsWith("echolab: "), r.stderr);
    assert(!r.stderr.includes("    at "), "no stack trace");
  }
});
