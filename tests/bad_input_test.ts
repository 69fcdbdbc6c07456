import { assert, assertEqual } from "./helpers/assert.ts";
import { runCli } from "./helpers/cli.ts";

// --pcap paths: only inside a directory of the test's own (never a real file of the system).
const TMP = Deno.makeTempDirSync({ prefix: "echolab-bad-input-" });
const NOTES = `${TMP}/notes.txt`;
Deno.writeTextFileSync(NOTES, "my notes\n");
globalThis.addEventListener("unload", () => Deno.removeSync(TMP, { recursive: true }));

const BAD: [string, string[], RegExp][] = [
  ["--pcap a directory", ["chaos", "sigpipe", "--pcap", TMP], /--pcap \S+: is a directory$/],
  [
    "--pcap in a missing directory",
    ["chaos", "sigpipe", "--pcap", `${TMP}/none/x.pcap`],
    /--pcap \S+: no directory \S+\/none$/,
  ],
  ["--pcap in /proc", ["chaos", "sigpipe", "--pcap", "/proc/x.pcap"], /--pcap \/proc\/x.pcap: /],
  [
    "--pcap over a file that is not a capture",
    ["chaos", "sigpipe", "--pcap", NOTES],
    /exists and is not a pcap file/,
  ],
  ["--per-address 0", ["serve", "--per-address", "0"], /bad --per-address '0'/],
  ["unknown subcommand", ["frobnicate"], /unknown command 'frobnicate'$/],
  [
    "misspelled subcommand",
    ["conect"],
    /unknown command 'conect' — did you mean connect\?$/,
  ],
  ["unknown flag", ["serve", "--frob"], /unknown option '--frob'/],
  ["bad port", ["serve", "--port", "70000"], /bad port '70000'/],
  ["non-numeric port", ["connect", "--port", "http"], /bad port 'http'/],
  [
    "port 0 for a client (names no server)",
    ["connect", "--port", "0"],
    /bad port '0': expected a number from 1 to 65535/,
  ],
  ["invalid IPv4 address", ["serve", "--host", "999.1.1.1"], /'999.1.1.1' is not a valid IPv4/],
  ["--max-clients 0", ["serve", "--max-clients", "0"], /bad --max-clients '0'/],
  ["--connections 0", ["connect", "--connections", "0"], /bad --connections '0'/],
  ["bad --lang", ["serve", "--lang", "fr"], /bad --lang 'fr'/],
  ["negative --timeout", ["connect", "--timeout", "-1"], /bad --timeout '-1'/],
  ["negative port after the flag", ["serve", "--port", "-1"], /bad port '-1': expected/],
  ["negative port, watch", ["watch", "--port", "-1"], /bad port '-1': expected/],
  ["a value starting with '-'", ["serve", "--host", "-x"], /option '--host' needs a value \(write/],
  ["bad --timeout", ["connect", "--timeout=-1"], /bad --timeout '-1'/],
  ["missing flag value", ["serve", "--port"], /option '--port' needs a value$/],
  ["missing flag value, watch", ["watch", "--port"], /option '--port' needs a value$/],
  ["missing flag value, connect", ["connect", "--port"], /option '--port' needs a value$/],
  [
    "watch --pid that does not listen on --port",
    // This test process listens on nothing.
    ["watch", "--pid", String(Deno.pid), "--port", "9877", "--no-packets"],
    /process \d+ does not listen on port 9877 \(.*\): give --pid or --port alone$/,
  ],
  ["extra argument", ["serve", "extra"], /unexpected argument 'extra'/],
  [
    "misspelled chaos scenario",
    ["chaos", "server-kill"],
    /unknown scenario 'server-kill' — did you mean server-killed\?$/,
  ],
];

for (const [name, args, pattern] of BAD) {
  Deno.test(`bad input, ${name}: one line, a hint, exit 2`, async () => {
    const r = await runCli(args);
    assertEqual(r.code, 2, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assertEqual(lines.length, 2, r.stderr);
    assert(pattern.test(lines[0]), `${lines[0]} ~ ${pattern}`);
    assert(lines[0].startsWith("echolab: "), lines[0]);
    assert(/Try 'echolab/.test(lines[1]), lines[1]);
    assert(!/\bat \S+:\d+:\d+/.test(r.stderr), "no stack trace");
    assertEqual(r.stdout.length, 0);
    assert(!/internal error|--allow-all/.test(r.stderr), r.stderr);
  });
}

Deno.test("bad input, --pcap: nothing is created or overwritten by a refused path", () => {
  assertEqual(Deno.readTextFileSync(NOTES), "my notes\n");
  assertEqual([...Deno.readDirSync(TMP)].map((e) => e.name), ["notes.txt"]);
});

Deno.test("bad input, port in use: EADDRINUSE explained in one line plus a hint, exit 2", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    const r = await runCli(["serve", "--port", String(port)]);
    assertEqual(r.code, 2);
    const lines = r.stderr.trimEnd().split("\n");
    assertEqual(lines.length, 2, r.stderr);
    assert(/EADDRINUSE/.test(lines[0]) && /address already in use/.test(lines[0]), lines[0]);
    assert(/--port/.test(lines[1]), `a hint on what to change: ${lines[1]}`);
  } finally {
    listener.close();
  }
});

Deno.test("bad input, unresolvable host: one line, exit 2 (no network: run in an empty namespace)", async () => {
  // Inside `unshare -rn` the resolver reaches nothing, so no query leaves the machine.
  const r = await runCli(["connect", "no-such-host.invalid"], "", { wrapper: ["unshare", "-rn"] });
  assertEqual(r.code, 2, r.stderr);
  assert(/cannot resolve host 'no-such-host.invalid'/.test(r.stderr), r.stderr);
});

Deno.test("help and version: --help with examples on stdout, exit 0", async () => {
  for (
    const args of [["--help"], ["serve", "--help"], ["connect", "--help"], ["chaos", "--help"]]
  ) {
    const r = await runCli(args);
    assertEqual(r.code, 0, r.stderr);
    const text = new TextDecoder().decode(r.stdout);
    assert(/Usage:/.test(text), text);
    if (args.length > 1) assert(/Examples?:/.test(text), `examples in ${args.join(" ")}`);
  }
  const v = await runCli(["--version"]);
  assertEqual(v.code, 0);
  assert(/^echolab \d+\.\d+\.\d+\n$/.test(new TextDecoder().decode(v.stdout)));
  const j = await runCli(["--version", "--json"]);
  const parsed = JSON.parse(new TextDecoder().decode(j.stdout));
  assertEqual([parsed.kind, parsed.name], ["version", "echolab"]);
});

Deno.test("no arguments: top help on stderr and exit 2 (nothing on stdout)", async () => {
  const r = await runCli([]);
  assertEqual(r.code, 2);
  assert(/Commands:/.test(r.stderr), r.stderr);
  assertEqual(r.stdout.length, 0);
});

Deno.test("bad input, ECHOLAB_RUNTIME_DIR names a file: serve --lab says so in one line, exit 2", async () => {
  const r = await runCli(["serve", "--lab"], "", { env: { ECHOLAB_RUNTIME_DIR: NOTES } });
  assertEqual(r.code, 2, r.stderr);
  const first = r.stderr.split("\n")[0];
  // Where the lab cannot run at all, that is said first; otherwise the directory is named.
  assert(
    first.includes(`cannot use ${NOTES} as the runtime directory`) ||
      first.includes("the lab network is not available here"),
    r.stderr,
  );
  assert(!/internal error|--allow-all/.test(r.stderr), r.stderr);
  assertEqual(Deno.readTextFileSync(NOTES), "my notes\n");
});
