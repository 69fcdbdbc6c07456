/**
 * Generates `texts.generated.ts` from the exercise markdown in
 * examples/workshop/ (NN-slug.md and NN-slug.zh.md), so the compiled
 * binary carries the workshop as plain TS data. The markdown stays the
 * source; a test fails when the two drift apart.
 *
 *     deno run -A lib/workshop/gen_texts.ts
 *
 * @module
 */

const _ROOT = new URL("../../", import.meta.url);

/** Where the markdown lives. */
export const EXERCISES_DIR: URL = new URL("examples/workshop/", _ROOT);
/** The generated module. */
export const GENERATED_PATH: URL = new URL("lib/workshop/texts.generated.ts", _ROOT);

/**
 * The generated module's source for the markdown in `dir`, formatted by deno fmt.
 *
 * @example
 * ```ts
 * const source = await generateTexts(EXERCISES_DIR);
 * ```
 */
export async function generateTexts(dir: URL): Promise<string> {
  const slugs = [...Deno.readDirSync(dir)]
    .map((e) => e.name)
    .filter((n) => /^\d\d-[a-z0-9-]+\.md$/.test(n))
    .map((n) => n.slice(0, -3))
    .sort();
  const lines = [
    "// Generated from examples/workshop/*.md by lib/workshop/gen_texts.ts; do not edit by hand.",
    "// Regenerate: deno run -A lib/workshop/gen_texts.ts",
    "",
    "/** The workshop's exercise texts (markdown), by slug, in English and Chinese. */",
    "export const EXERCISE_TEXTS: Readonly<Record<string, { en: string; zh: string }>> = {",
  ];
  for (const slug of slugs) {
    const en = Deno.readTextFileSync(new URL(`${slug}.md`, dir));
    const zh = Deno.readTextFileSync(new URL(`${slug}.zh.md`, dir));
    lines.push(
      `  ${JSON.stringify(slug)}: {`,
      `    en: ${JSON.stringify(en)},`,
      `    zh: ${JSON.stringify(zh)},`,
      "  },",
    );
  }
  lines.push("};", "");
  return await _fmt(lines.join("\n"));
}

async function _fmt(source: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext", "ts", "-"],
    cwd: new URL(".", _ROOT).pathname,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(source));
  await writer.close();
  const out = await child.output();
  if (!out.success) throw new Error(`deno fmt failed: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

if (import.meta.main) {
  Deno.writeTextFileSync(GENERATED_PATH, await generateTexts(EXERCISES_DIR));
  console.log(`wrote ${GENERATED_PATH.pathname}`);
}
