import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { queryCatalogue } from "./query.ts";
import { findSection, sectionInRange, SECTIONS } from "./sections.ts";

Deno.test("sections: every section of chapter 5 has a summary in both languages", () => {
  for (let n = 1; n <= 18; n++) {
    const s = findSection(`5.${n}`);
    assert(s !== undefined, `§5.${n}`);
    assert(s.title.en && /[\u4e00-\u9fff]/.test(s.title.zh + s.teaches.zh), `§5.${n} in Chinese`);
  }
  assertEqual(findSection("§5.11")?.section, "5.11");
});

Deno.test("sections: every name to read next finds one entry", () => {
  for (const s of SECTIONS) {
    for (const key of s.related) {
      assertEqual(queryCatalogue(key).kind, "entry", `§${s.section}: ${key}`);
    }
  }
});

Deno.test("sections: a section falls in a span or a list of spans", () => {
  assert(sectionInRange("5.8", "5.7–5.9"));
  assert(sectionInRange("5.10", "5.1–5.16"));
  assert(!sectionInRange("5.1", "5.11"));
  assert(!sectionInRange("5.10", "5.7–5.9"));
  assert(sectionInRange("5.7", "5.2, 5.7–5.9"));
  assert(sectionInRange("14.2", "14.2"));
});

Deno.test("query: a section with a summary is a section, a phrase of a title an entry", () => {
  const section = queryCatalogue("5.11");
  assertEqual(section.kind, "section");
  assertEqual(section.kind === "section" ? section.summary?.section : "", "5.11");
  const phrase = queryCatalogue("no route to host");
  assertEqual(phrase.kind === "entry" ? phrase.entry.id : phrase.kind, "EHOSTUNREACH");
  const book = queryCatalogue("server terminated prematurely");
  assertEqual(book.kind === "entry" ? book.entry.id : book.kind, "EOF");
});
