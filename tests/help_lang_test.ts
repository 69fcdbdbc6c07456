import { echolabEngines } from "../bench/lib/peers.ts";
import { findCommand, topHelp } from "../lib/commands/mod.ts";
import type { Bilingual } from "../lib/lang.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { runCli } from "./helpers/cli.ts";
import { serveEngines } from "./helpers/engines.ts";

/** A Chinese locale that nothing else in the environment overrides. */
const ZH_LOCALE = { LANG: "zh_CN.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
const EN_LOCALE = { LANG: "C.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
const CJK = /[\u3400-\u9fff]/;

async function _help(name: string): Promise<Bilingual> {
  const command = await findCommand(name);
  assert(command, name);
  return command.help;
}

/** Run the CLI; its stdout as text (help is printed followed by one newline). */
async function _stdout(args: string[], env: Record<string, string>): Promise<string> {
  const r = await runCli(args, "", { env });
  assertEqual(r.code, 0, r.stderr);
  return new TextDecoder().decode(r.stdout);
}

Deno.test("help language: --lang zh prints the Chinese help, --lang en the English, whatever the locale", async () => {
  const serve = await _help("serve");
  const zh = await _stdout(["serve", "--help", "--lang", "zh"], EN_LOCALE);
  assert(CJK.test(zh), zh);
  assertEqual(zh, serve.zh + "\n");
  assertEqual(await _stdout(["serve", "--help", "--lang", "en"], ZH_LOCALE), serve.en + "\n");
  // The other spellings: --lang=zh, the flag before the command, `help CMD`, -h.
  for (
    const args of [
      ["serve", "--lang=zh", "--help"],
      ["--lang", "zh", "serve", "--help"],
      ["help", "serve", "--lang", "zh"],
      ["serve", "-h", "--lang", "zh"],
    ]
  ) assertEqual(await _stdout(args, EN_LOCALE), serve.zh + "\n", args.join(" "));
});

Deno.test("help language: a zh locale picks the Chinese help (LANG=zh_CN.UTF-8), a C locale the English", async () => {
  const chaos = await _help("chaos");
  const zh = await _stdout(["chaos", "--help"], ZH_LOCALE);
  assert(CJK.test(zh), zh);
  assertEqual(zh, chaos.zh + "\n");
  assertEqual(await _stdout(["chaos", "--help"], EN_LOCALE), chaos.en + "\n");
  // LC_ALL outranks LANG, as for every other output.
  assertEqual(
    await _stdout(["chaos", "--help"], { LANG: "C.UTF-8", LC_ALL: "zh_CN.UTF-8" }),
    chaos.zh + "\n",
  );
});

Deno.test("help language: the top help follows --lang and the locale; no command at all too", async () => {
  assertEqual(await _stdout(["--help", "--lang", "zh"], EN_LOCALE), (await topHelp("zh")) + "\n");
  assertEqual(await _stdout(["--lang", "zh", "--help"], EN_LOCALE), (await topHelp("zh")) + "\n");
  assertEqual(await _stdout(["--help"], ZH_LOCALE), (await topHelp("zh")) + "\n");
  assertEqual(await _stdout(["help", "--lang", "en"], ZH_LOCALE), (await topHelp("en")) + "\n");
  const bare = await runCli(["--lang", "zh"], "", { env: EN_LOCALE });
  assertEqual(bare.code, 2, "no command is still a usage error");
  assertEqual(bare.stderr, (await topHelp("zh")) + "\n");
});

Deno.test("help language: a --lang after `--` belongs to the learner's command, not to echolab", async () => {
  const check = await _help("check");
  assertEqual(
    await _stdout(["check", "--help", "--", "./srv", "--lang", "zh"], EN_LOCALE),
    check.en + "\n",
  );
});

Deno.test("help language: the bench and the serve tests read the same engines and workers from a Chinese serve --help", async () => {
  // Both spawn `echolab serve --help` without --lang, so the locale of this process decides.
  const saved = Object.fromEntries(
    ["LANG", "LC_ALL", "LC_MESSAGES"].map((k) => [k, Deno.env.get(k)] as const),
  );
  const read = async (locale: Record<string, string>) => {
    for (const [k, v] of Object.entries(locale)) Deno.env.set(k, v);
    return { bench: await echolabEngines(), tests: serveEngines() };
  };
  try {
    const en = await read(EN_LOCALE);
    const zh = await read(ZH_LOCALE);
    assertEqual(zh, en);
    assertEqual(en.bench.flag, true, "serve --help names --engine");
    assert(
      en.bench.engines.includes("book") && en.bench.workers.includes("cat"),
      JSON.stringify(en),
    );
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    }
  }
});
