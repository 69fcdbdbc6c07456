import { assert } from "../../tests/helpers/assert.ts";
import { CATALOGUE, lookup } from "./catalogue.ts";

Deno.test("catalogue: every id and alias names exactly one entry", () => {
  const owner = new Map<string, string>();
  for (const entry of CATALOGUE) {
    for (const key of [entry.id, ...(entry.aliases ?? [])]) {
      const k = key;
      const prev = owner.get(k);
      assert(
        prev === undefined || prev === entry.id,
        `'${key}' names both ${prev} and ${entry.id}`,
      );
      owner.set(k, entry.id);
    }
  }
  assert(lookup("EPIPE")?.id === "EPIPE");
  assert(lookup("epipe")?.id === "EPIPE", "case-insensitive fallback");
  assert(lookup("sigchld")?.id === "sigchld" && lookup("SIGCHLD")?.id === "SIGCHLD");
});

Deno.test("catalogue: every entry is written in English and Chinese, with a book section", () => {
  for (const e of CATALOGUE) {
    for (const text of [e.title, e.text, ...(e.os ? [e.os] : [])]) {
      assert(text.en.trim().length > 0, `${e.id}: English missing`);
      assert(/[\u4e00-\u9fff]/.test(text.zh), `${e.id}: Chinese missing in '${text.zh}'`);
    }
    assert(/^\d+(\.\d+)*$/.test(e.section), `${e.id}: section '${e.section}'`);
  }
});
