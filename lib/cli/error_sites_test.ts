/**
 * Every `new UsageError(` and `new SysError(` in the sources writes its text
 * in both languages at the throw site: a `zh:` whose value has Chinese in it.
 * The types already require `{ en, zh }`; this catches `zh: "same English"`
 * and a text passed through a variable that no one translated.
 */

import { assert, assertEqual } from "../../tests/helpers/assert.ts";

const CJK = /[\u3400-\u9fff]/;
const ROOT = new URL("../../", import.meta.url);

/** A throw site whose text is not written in Chinese. */
interface Site {
  line: number;
  text: string;
}

/** The argument text of the call whose `(` is at `open`: up to its matching `)`, strings skipped. */
function _arguments(source: string, open: number): string {
  let depth = 0;
  let i = open;
  // Modes: code, or inside '…', "…", `…` (a template's ${ } is code again).
  const stack: string[] = ["code"];
  for (; i < source.length; i++) {
    const c = source[i];
    const mode = stack[stack.length - 1];
    if (mode === "'" || mode === '"') {
      if (c === "\\") i++;
      else if (c === mode) stack.pop();
      continue;
    }
    if (mode === "`") {
      if (c === "\\") i++;
      else if (c === "`") stack.pop();
      else if (c === "$" && source[i + 1] === "{") {
        stack.push("${");
        i++;
      }
      continue;
    }
    if (c === "'" || c === '"' || c === "`") stack.push(c);
    else if (c === "{" && (mode === "${" || mode === "{")) stack.push("{");
    else if (c === "}" && (mode === "${" || mode === "{")) stack.pop();
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) break;
  }
  return source.slice(open + 1, i);
}

/** The sites in `source` without a Chinese `zh:` text. */
function _englishOnly(source: string): Site[] {
  const bad: Site[] = [];
  for (const m of source.matchAll(/new (UsageError|SysError)\(/g)) {
    const args = _arguments(source, m.index + m[0].length - 1);
    const zh = [...args.matchAll(/\bzh\s*:([\s\S]*?)(?=\ben\s*[:,}]|\bzh\s*:|$)/g)];
    if (zh.length === 0 || zh.some((z) => !CJK.test(z[1]))) {
      bad.push({ line: source.slice(0, m.index).split("\n").length, text: args.trim() });
    }
  }
  return bad;
}

/** Every site in main.ts and lib/ (tests aside), as `path:line`. */
async function _sites(): Promise<{ count: number; bad: string[] }> {
  const files = ["main.ts"];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(new URL(dir, ROOT))) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) await walk(path);
      else if (e.name.endsWith(".ts") && !e.name.endsWith("_test.ts")) files.push(path);
    }
  };
  await walk("lib");
  let count = 0;
  const bad: string[] = [];
  for (const path of files) {
    const source = await Deno.readTextFile(new URL(path, ROOT));
    count += source.match(/new (UsageError|SysError)\(/g)?.length ?? 0;
    for (const site of _englishOnly(source)) bad.push(`${path}:${site.line}: ${site.text}`);
  }
  return { count, bad };
}

Deno.test("error sites: the scanner flags English-only texts and passes bilingual ones", () => {
  const source = [
    `throw new UsageError("plain", "serve");`,
    "throw new UsageError({ en: `bad '${v}'`, zh: `bad '${v}'` }, cmd);",
    `throw new SysError(op, errno, message, 2);`,
    "throw new UsageError({ en: `x (${f(a)})`, zh: `值 '${g((b))}' 无效（x）` }, cmd);",
    `throw new SysError(op, e, { en: "x failed", zh: "x 失败" });`,
    "throw new UsageError(c ? { en: 'a', zh: '甲' } : { en: 'b', zh: 'b' });",
  ].join("\n");
  assertEqual(_englishOnly(source).map((s) => s.line), [1, 2, 3, 6]);
});

Deno.test("error sites: every UsageError and SysError in main.ts and lib/ is written in Chinese too", async () => {
  const { count, bad } = await _sites();
  assert(count >= 50, `found only ${count} sites: is the scan reading the sources?`);
  assertEqual(bad, [], `English-only error texts:\n${bad.join("\n")}`);
});
