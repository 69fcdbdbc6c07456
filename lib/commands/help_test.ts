import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import type { Bilingual, Lang } from "../lang.ts";
import { displayWidth } from "../term/text_width.ts";
import { COMMANDS, topHelp } from "./mod.ts";

const _LANGS: Lang[] = ["en", "zh"];
const _CJK = /[\u3400-\u9fff]/;
/** Long options (`--port`, `--max-clients`), wherever they appear. */
const _OPTION = /(?<![\w-])--[a-z][a-z0-9-]*/g;
/** The left column of an option line: `--port N`, `--engine book|deno`, `-h, --help`. */
const _OPTION_HEAD = /^ {2}((?:-h, )?--[a-z][a-z0-9-]*(?: \S+)?)(?: {2,}|$)/;

/** Every help text: each command's help and summary, and the top help. */
async function _texts(): Promise<{ what: string; text: Bilingual }[]> {
  const texts = [{
    what: "echolab --help",
    text: { en: await topHelp("en"), zh: await topHelp("zh") },
  }];
  for (const entry of COMMANDS) {
    const command = await entry.load();
    texts.push({ what: `${entry.name} --help`, text: command.help });
    texts.push({ what: `${entry.name} summary`, text: command.summary });
  }
  return texts;
}

function _options(text: string): string[] {
  return [...new Set(text.match(_OPTION) ?? [])].sort();
}

function _optionHeads(text: string): string[] {
  return text.split("\n").flatMap((line) => _OPTION_HEAD.exec(line)?.[1] ?? []);
}

Deno.test("help: every command's help and summary, and the top help, are written in Chinese too", async () => {
  const texts = await _texts();
  assertEqual(texts.length, 1 + 2 * COMMANDS.length);
  for (const { what, text } of texts) {
    assert(_CJK.test(text.zh), `${what}: no Chinese in the zh text`);
    assert(text.zh !== text.en, `${what}: zh is the English text`);
    const title = text.zh.split("\n")[0];
    assert(_CJK.test(title), `${what}: first line not translated: ${title}`);
  }
});

Deno.test("help: the Chinese names the same options as the English (the two cannot drift)", async () => {
  for (const { what, text } of await _texts()) {
    const en = _options(text.en);
    const zh = _options(text.zh);
    const missing = en.filter((o) => !zh.includes(o));
    const extra = zh.filter((o) => !en.includes(o));
    assertEqual(missing, [], `${what}: options missing from the Chinese`);
    assertEqual(extra, [], `${what}: options only in the Chinese`);
    // The option column (name and value syntax, in order) is the same Latin text:
    // what bench/lib/peers.ts and tests/helpers/engines.ts read from serve --help.
    assertEqual(_optionHeads(text.zh), _optionHeads(text.en), `${what}: option lines differ`);
  }
  const serve = (await _texts()).find((t) => t.what === "serve --help")!.text;
  assert(_optionHeads(serve.zh).includes("--engine book|deno"), "serve lists --engine");
});

Deno.test("help: every help line fits an 80-column terminal, in both languages", async () => {
  for (const { what, text } of await _texts()) {
    for (const lang of _LANGS) {
      for (const line of text[lang].split("\n")) {
        const width = displayWidth(line);
        assert(width <= 80, `${what} (${lang}): ${width} columns: ${line}`);
      }
    }
  }
});

Deno.test("help: the top help lists every command with its summary in the chosen language", async () => {
  for (const lang of _LANGS) {
    const help = await topHelp(lang);
    for (const entry of COMMANDS) {
      const command = await entry.load();
      assert(
        help.includes(`  ${entry.name} `) && help.includes(command.summary[lang]),
        `${lang}: ${entry.name} and its summary`,
      );
    }
  }
  assertEqual(await topHelp(), await topHelp("en"));
});
