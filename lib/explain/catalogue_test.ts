import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { CATALOGUE, lookup } from "./catalogue.ts";
import { normalizeKey } from "./suggest.ts";

Deno.test("catalogue: every id and alias finds exactly one entry", () => {
  const owner = new Map<string, string>();
  const clashes: string[] = [];
  const ids = CATALOGUE.map((e) => e.id);
  for (const [i, id] of ids.entries()) {
    if (ids.indexOf(id) !== i) clashes.push(`${id}: defined twice`);
  }
  for (const entry of CATALOGUE) {
    for (const key of [entry.id, ...(entry.aliases ?? [])]) {
      // Case differences are allowed (SIGCHLD the signal, sigchld the event).
      const seen = owner.get(key);
      if (seen !== undefined && seen !== entry.id) clashes.push(`${key}: ${seen} and ${entry.id}`);
      owner.set(key, entry.id);
    }
  }
  assertEqual(clashes, []);
});

Deno.test("catalogue: every text exists in English and Chinese", () => {
  const cjk = /[\u4e00-\u9fff]/;
  for (const entry of CATALOGUE) {
    for (const field of ["title", "text", "os", "fix"] as const) {
      const text = entry[field];
      if (!text) continue;
      assert(text.en.trim().length > 0, `${entry.id}.${field}.en`);
      assert(cjk.test(text.zh), `${entry.id}.${field}.zh is Chinese`);
    }
    assert(/^\d+\.\d+$/.test(entry.section), `${entry.id} cites a section`);
  }
});

Deno.test("catalogue: 'zombie' is a topic of its own, found loosely", () => {
  const zombie = CATALOGUE.find((e) =>
    [e.id, ...(e.aliases ?? [])].some((k) => normalizeKey(k) === "zombie")
  );
  assertEqual(zombie?.id, "zombie");
});

Deno.test("catalogue: lookup tries the exact spelling first, then ignores case", () => {
  assertEqual(lookup("EPIPE")?.id, "EPIPE");
  assertEqual(lookup("epipe")?.id, "EPIPE");
  assertEqual(lookup("sigchld")?.id, "sigchld");
  assertEqual(lookup("SIGCHLD")?.id, "SIGCHLD");
});
