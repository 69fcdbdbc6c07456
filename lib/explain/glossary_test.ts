import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { CATALOGUE } from "./catalogue.ts";
import { GLOSSARY, ZH_LIST_SEPARATOR } from "./glossary.ts";

const _ROOT = new URL("../../", import.meta.url);
const _CJK = /[\u4e00-\u9fff]/;

/** Every file whose Chinese text users read: lib's sources (not tests) and the workshop's .zh.md. */
function _textFiles(): URL[] {
  const files: URL[] = [];
  const walk = (dir: URL) => {
    for (const e of Deno.readDirSync(dir)) {
      const url = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
      if (e.isDirectory) walk(url);
      else if (e.name.endsWith(".ts") && !e.name.endsWith("_test.ts") && e.name !== "glossary.ts") {
        files.push(url);
      }
    }
  };
  walk(new URL("lib/", _ROOT));
  const workshop = new URL("examples/workshop/", _ROOT);
  for (const e of Deno.readDirSync(workshop)) {
    if (e.name.endsWith(".zh.md")) files.push(new URL(e.name, workshop));
  }
  return files;
}

/** The lines of Chinese text (a line holding at least one CJK character), with where they are. */
function _chineseLines(): { where: string; line: string }[] {
  const out: { where: string; line: string }[] = [];
  for (const file of _textFiles()) {
    const rel = file.pathname.slice(_ROOT.pathname.length);
    Deno.readTextFileSync(file).split("\n").forEach((line, i) => {
      // The generated workshop module holds whole exercises on one line: split at \n escapes.
      for (const part of line.split("\\n")) {
        if (_CJK.test(part)) out.push({ where: `${rel}:${i + 1}`, line: part });
      }
    });
  }
  return out;
}

Deno.test("glossary: one Chinese word per concept, no variant anywhere users read", () => {
  const lines = _chineseLines();
  assert(lines.length > 500, `found the Chinese texts (${lines.length} lines)`);
  const found: string[] = [];
  for (const term of GLOSSARY) {
    for (const variant of term.avoid) {
      for (const { where, line } of lines) {
        const hit = typeof variant === "string" ? line.includes(variant) : variant.test(line);
        if (hit) found.push(`${where}: '${variant}' — use ${term.zh} (${term.en})`);
      }
    }
  }
  assertEqual(found, []);
});

Deno.test("glossary: the catalogue uses the preferred words for the concepts it names", () => {
  const zh = CATALOGUE.flatMap((e) => [e.title, e.text, e.os, e.fix].map((t) => t?.zh ?? ""));
  const all = zh.join("\n");
  for (const term of GLOSSARY) {
    assert(all.includes(term.zh), `the catalogue says ${term.zh} for ${term.en}`);
  }
  // The terms the issue names, pinned.
  const word = (en: string) => GLOSSARY.find((t) => t.en.startsWith(en))?.zh;
  assertEqual(word("pending (signal)"), "未决");
  assertEqual(word("pending error"), "待处理错误");
  assertEqual(word("deliver"), "递交");
  assertEqual(word("worker"), "工作进程");
});

Deno.test("glossary: a list in a Chinese sentence is joined with 、, never ', '", () => {
  // The Chinese part of a line: from its `zh:` on, when English shares the line.
  const zhPart = (line: string) => line.includes("zh:") ? line.slice(line.indexOf("zh:")) : line;
  const bad = _chineseLines().filter(({ line }) => /\.join\(", ?"\)/.test(zhPart(line)));
  assertEqual(bad.map((b) => `${b.where}: ${b.line.trim()}`), []);
  assertEqual(["1", "2"].join(ZH_LIST_SEPARATOR), "1、2");
});
