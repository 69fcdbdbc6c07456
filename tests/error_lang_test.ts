/**
 * Usage and system errors speak the user's language: `--lang zh` (anywhere
 * before `--`) or a zh locale gives the one line in Chinese — option names,
 * values and errno names still in Latin letters — and `--lang en` gives the
 * English lines exactly as they have always been.
 */

import { assert, assertEqual } from "./helpers/assert.ts";
import { runCli } from "./helpers/cli.ts";
import { type Engine, serveEngines } from "./helpers/engines.ts";

const CJK = /[\u3400-\u9fff]/;
const STACK = /\bat \S+:\d+:\d+/;
const EN_LOCALE = { LANG: "C.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
const ZH_LOCALE = { LANG: "zh_CN.UTF-8", LC_ALL: "", LC_MESSAGES: "" };

/** A bad input: its arguments, today's exact English stderr, and what stays Latin in Chinese. */
interface BadInput {
  name: string;
  args: string[];
  en: string[];
  latin: string[];
}

const BAD: BadInput[] = [
  {
    name: "unknown option",
    args: ["serve", "--bogus"],
    en: ["echolab: unknown option '--bogus'", "Try 'echolab serve --help'."],
    latin: ["'--bogus'"],
  },
  {
    name: "bad port",
    args: ["serve", "--port", "70000"],
    en: [
      "echolab: bad port '70000': expected a number from 0 to 65535",
      "Try 'echolab serve --help'.",
    ],
    latin: ["'70000'", "65535"],
  },
  {
    name: "--max-clients 0",
    args: ["serve", "--max-clients", "0"],
    en: [
      "echolab: bad --max-clients '0': expected a whole number from 1 to 100000",
      "Try 'echolab serve --help'.",
    ],
    latin: ["--max-clients", "'0'", "100000"],
  },
  {
    name: "unknown subcommand",
    args: ["frobnicate"],
    en: ["echolab: unknown command 'frobnicate'", "Try 'echolab --help'."],
    latin: ["'frobnicate'"],
  },
  {
    name: "missing value (parseArgs)",
    args: ["connect", "--port"],
    en: ["echolab: option '--port' needs a value", "Try 'echolab connect --help'."],
    latin: ["'--port'"],
  },
  {
    name: "value that looks like an option (parseArgs)",
    args: ["connect", "--port", "-x"],
    en: [
      "echolab: option '--port' needs a value (write --port=VALUE for one that starts with '-')",
      "Try 'echolab connect --help'.",
    ],
    latin: ["'--port'", "--port=VALUE"],
  },
  {
    name: "negative number after a flag is its value",
    args: ["connect", "--timeout", "-1"],
    en: [
      "echolab: bad --timeout '-1': expected seconds, more than 0 and at most 86400",
      "Try 'echolab connect --help'.",
    ],
    latin: ["--timeout", "'-1'", "86400"],
  },
  {
    name: "value given to a boolean (parseArgs)",
    args: ["serve", "--json=1"],
    en: ["echolab: option '--json' does not take an argument", "Try 'echolab serve --help'."],
    latin: ["'--json'"],
  },
  {
    name: "misspelled chaos scenario (did you mean)",
    args: ["chaos", "server-kill"],
    en: [
      "echolab: unknown scenario 'server-kill' — did you mean server-killed?",
      "Try 'echolab chaos --help'.",
    ],
    latin: ["'server-kill'", "server-killed"],
  },
  {
    name: "unknown chaos scenario, nothing near",
    args: ["chaos", "frobnicate"],
    en: [
      "echolab: unknown scenario 'frobnicate' (echolab chaos list)",
      "Try 'echolab chaos --help'.",
    ],
    latin: ["'frobnicate'", "echolab chaos list"],
  },
];

/** Run echolab; its exit code and stderr lines. */
async function _run(
  args: string[],
  env: Record<string, string> = EN_LOCALE,
): Promise<{ code: number; lines: string[]; stderr: string; stdout: number }> {
  const r = await runCli(args, "", { env });
  return {
    code: r.code,
    lines: r.stderr.trimEnd().split("\n"),
    stderr: r.stderr,
    stdout: r.stdout.length,
  };
}

/** The Chinese error: one line starting `echolab: `, CJK in it, the Latin names kept, a Chinese hint. */
function _assertChinese(r: Awaited<ReturnType<typeof _run>>, latin: string[]): void {
  assertEqual(r.code, 2, r.stderr);
  assertEqual(r.lines.length, 2, r.stderr);
  const [line, hint] = r.lines;
  assert(line.startsWith("echolab: "), line);
  assert(CJK.test(line), `Chinese expected: ${line}`);
  for (const name of latin) assert(line.includes(name), `${name} kept in Latin letters: ${line}`);
  assert(CJK.test(hint), `Chinese hint expected: ${hint}`);
  assert(!STACK.test(r.stderr), `no stack trace: ${r.stderr}`);
  assertEqual(r.stdout, 0);
}

/** `args` with `flag` right after the command name (an option at the end could be a value). */
function _with(args: string[], ...flag: string[]): string[] {
  return [args[0], ...flag, ...args.slice(1)];
}

for (const bad of BAD) {
  Deno.test(`error language, ${bad.name}: --lang zh gives Chinese, --lang en today's English`, async () => {
    const zh = await _run(_with(bad.args, "--lang", "zh"));
    _assertChinese(zh, bad.latin);
    // The same words in another spelling and place: `echolab --lang=zh CMD …`.
    const lead = await _run(["--lang=zh", ...bad.args]);
    assertEqual(lead.lines, zh.lines);

    const en = await _run(_with(bad.args, "--lang", "en"), ZH_LOCALE);
    assertEqual(en.code, 2, en.stderr);
    assertEqual(en.lines, bad.en);
    assertEqual(en.stdout, 0);
    // No --lang and an English locale: the same English.
    assertEqual((await _run(bad.args)).lines, bad.en);
  });
}

Deno.test("error language: a zh locale gives Chinese without --lang; a --lang after -- does not count", async () => {
  _assertChinese(await _run(["serve", "--port", "70000"], ZH_LOCALE), ["'70000'"]);
  const after = await _run(["check", "--bogus", "--", "./srv", "--lang", "zh"]);
  assertEqual(after.lines, ["echolab: unknown option '--bogus'", "Try 'echolab check --help'."]);
});

/** Today's English line for a port held by another socket, per engine. */
function _inUseEnglish(engine: Engine, port: number): string {
  const title = "EADDRINUSE — address already in use: another socket is bound to this port";
  return engine.name === "deno"
    ? `echolab: listen 127.0.0.1:${port}: ${title} (Address already in use (os error 98))`
    : `echolab: bind 127.0.0.1:${port}: ${title} (bind failed)`;
}

for (const engine of serveEngines()) {
  Deno.test(`error language, port in use (${engine.name}): EADDRINUSE in Chinese, English unchanged`, async () => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    try {
      const port = (listener.addr as Deno.NetAddr).port;
      const args = ["serve", ...engine.args, "--port", String(port)];
      const zh = await _run([...args, "--lang", "zh"]);
      _assertChinese(zh, ["EADDRINUSE", `127.0.0.1:${port}`]);
      assert(zh.lines[1].includes("--port"), `the hint names --port: ${zh.lines[1]}`);

      const en = await _run([...args, "--lang", "en"], ZH_LOCALE);
      assertEqual(en.code, 2, en.stderr);
      assertEqual(en.lines, [
        _inUseEnglish(engine, port),
        "Another socket holds this port: choose another with --port N (0: any free port); `ss -ltnp` shows who has it.",
      ]);
    } finally {
      listener.close();
    }
  });
}
