import { CATALOGUE } from "../lib/explain/catalogue.ts";
import { sameNameEntries } from "../lib/explain/query.ts";
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

Deno.test("explain sigchld and SIGCHLD point to each other (names that differ only in case)", async () => {
  const lower = decode((await runCli(["explain", "sigchld"])).stdout);
  const upper = decode((await runCli(["explain", "SIGCHLD"])).stdout);
  const zh = decode((await runCli(["explain", "sigchld", "--lang", "zh"])).stdout);
  assert(lower.includes("See also: echolab explain SIGCHLD — "), lower);
  assert(upper.includes("See also: echolab explain sigchld — "), upper);
  assert(zh.includes("另见：echolab explain SIGCHLD — "), zh);
  // An entry with no such twin has no pointer.
  assert(!decode((await runCli(["explain", "EPIPE"])).stdout).includes("See also"));
});

Deno.test("sameNameEntries: only names equal up to case and _/- (data, not a list)", () => {
  for (const e of CATALOGUE) {
    for (const other of sameNameEntries(e)) {
      const norm = (k: string) => k.toLowerCase().replace(/[_\s]+/g, "-");
      const mine = [e.id, ...(e.aliases ?? [])].map(norm);
      assert([other.id, ...(other.aliases ?? [])].some((k) => mine.includes(norm(k))), other.id);
      assert(sameNameEntries(other).includes(e), `${other.id} points back to ${e.id}`);
    }
  }
});

Deno.test("explain zombie --lang zh: a topic entry, in Chinese", async () => {
  const r = await runCli(["explain", "zombie", "--lang", "zh"]);
  assertEqual(r.code, 0, r.stderr);
  const text = decode(r.stdout);
  assert(text.includes("僵尸进程"), text);
  assert(text.includes("waitpid"), "function names stay in Latin letters");
  assert(text.includes("如何修改"), "the fix is shown");
});

Deno.test("explain 5.11 --json: the section, then every entry of it, nothing else", async () => {
  const r = await runCli(["explain", "5.11", "--json"]);
  assertEqual(r.code, 0, r.stderr);
  const [section, ...rest] = parseEvents(r.stdout);
  assertEqual(section.kind, "section");
  assertEqual(
    (section as unknown as { scenarios: { name: string }[] }).scenarios[0].name,
    "abort-before-accept",
  );
  const ids = rest.map((e) => e.id).sort();
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

Deno.test("explain 5.11: what the section teaches, with its scenario, exercise, check — no internal ids", async () => {
  const r = await runCli(["explain", "5.11"]);
  assertEqual(r.code, 0, r.stderr);
  const text = decode(r.stdout);
  assert(text.startsWith("UNP §5.11 — Connection abort before accept returns"), text);
  assert(text.includes("echolab chaos abort-before-accept"), "its scenario");
  assert(text.includes("echolab workshop show 7"), "its exercise");
  assert(text.includes("echolab check --only rst-before-accept"), "its check");
  assert(/echolab explain ECONNABORTED, EPROTO, ENOTCONN/.test(text), "entries to read next");
  // Event kinds are the depth behind --list, not the study view.
  for (const internal of ["accept-after-rst", "rst-sent", "eof-after-rst"]) {
    assert(!text.includes(internal), `no internal id ${internal}`);
  }
  assert(text.split("\n").length < 25, "a screen, not a catalogue dump");
  const listed = decode((await runCli(["explain", "5.11", "--list"])).stdout);
  assert(listed.includes("accept-after-rst"), "--list shows every entry");
});

Deno.test("explain: every section of chapter 5 answers in both languages", async () => {
  for (let n = 1; n <= 18; n++) {
    for (const lang of ["en", "zh"]) {
      const r = await runCli(["explain", `5.${n}`, "--lang", lang]);
      assertEqual(r.code, 0, `5.${n} ${lang}: ${r.stderr}`);
      assert(decode(r.stdout).startsWith(`UNP §5.${n}`), `5.${n} ${lang}`);
    }
  }
  const chapter = decode((await runCli(["explain", "5"])).stdout);
  assert(chapter.includes("§5.11  Connection abort before accept returns"), chapter);
});

Deno.test("explain: the book's own phrases find their entries", async () => {
  const cases: [string[], string][] = [
    [["server", "terminated", "prematurely"], "EOF"],
    [["server terminated prematurely"], "EOF"],
    [["connection", "aborted"], "ECONNABORTED"],
    [["software caused connection abort"], "ECONNABORTED"],
    [["slow", "system", "call"], "slow-system-call"],
    [["zombie"], "zombie"],
    [["broken", "pipe"], "EPIPE"],
    [["服务器过早终止"], "EOF"],
    [["软件引起的连接中止"], "ECONNABORTED"],
    [["慢系统调用"], "slow-system-call"],
    [["僵尸进程"], "zombie"],
  ];
  for (const [args, id] of cases) {
    const r = await runCli(["explain", ...args, "--json"]);
    assertEqual(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    assertEqual(parseEvents(r.stdout).map((e) => e.id), [id], args.join(" "));
  }
});

Deno.test("explain ENTRY: the sources are shown, so a reader can check", async () => {
  const flat = (b: Uint8Array) => decode(b).replace(/\s+/g, " ");
  const text = flat((await runCli(["explain", "RST"])).stdout);
  assert(/Sources: UNP §5\.12.*tcp\(7\).*tcp_reset\(\), sk_stream_error\(\)/s.test(text), text);
  const zh = flat((await runCli(["explain", "EHOSTUNREACH", "--lang", "zh"])).stdout);
  assert(/出处：UNP §5\.14.*arp_error_report\(\).*RFC 6069/s.test(zh), zh);
});
