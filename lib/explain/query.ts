/**
 * What `echolab explain` finds for a query: one entry (by id or alias,
 * ignoring case and `_`/`-`, or by a phrase of its title — the book's own
 * words, "server terminated prematurely"), or a book section (`5.11`,
 * `§5.11`, or a whole chapter: `5`).
 *
 * @module
 */

import { CATALOGUE } from "./catalogue.ts";
import type { Entry } from "./entry.ts";
import { findSection, type Section } from "./sections.ts";
import { normalizeKey, suggestKeys } from "./suggest.ts";

/** The answer to a query. */
export type QueryResult =
  | { kind: "entry"; entry: Entry }
  | { kind: "section"; section: string; entries: Entry[]; summary?: Section }
  | { kind: "unknown"; suggestions: string[] };

/** Every id and alias in the catalogue, in catalogue order. */
export function catalogueKeys(catalogue: readonly Entry[] = CATALOGUE): string[] {
  return catalogue.flatMap((e) => [e.id, ...(e.aliases ?? [])]);
}

/**
 * Look `query` up in `catalogue`.
 *
 * @example
 * ```ts
 * queryCatalogue("time_wait"); // { kind: "entry", entry: { id: "TIME_WAIT", … } }
 * queryCatalogue("5.11").kind; // "section"
 * queryCatalogue("broken pipe").kind; // "entry" (EPIPE, by its title)
 * ```
 */
export function queryCatalogue(
  query: string,
  catalogue: readonly Entry[] = CATALOGUE,
): QueryResult {
  const section = /^§?\s*(\d+(?:\.\d+)?)$/.exec(query.trim());
  if (section) {
    const wanted = section[1];
    const entries = catalogue.filter((e) =>
      wanted.includes(".") ? e.section === wanted : e.section.split(".")[0] === wanted
    );
    const summary = wanted.includes(".") ? findSection(wanted) : undefined;
    if (entries.length > 0 || summary) {
      return { kind: "section", section: wanted, entries, summary };
    }
  }
  // Exact spelling first ("SIGCHLD" the signal, "sigchld" the serve event), then loosely.
  const exact = query.trim();
  const loose = normalizeKey(query);
  for (const same of [(k: string) => k === exact, (k: string) => normalizeKey(k) === loose]) {
    const entry = catalogue.find((e) => [e.id, ...(e.aliases ?? [])].some(same));
    if (entry) return { kind: "entry", entry };
  }
  // A phrase (two words or more, or Chinese): the one entry whose title holds it.
  const phrase = exact.toLowerCase().replace(/\s+/g, " ");
  if (/ |[\u4e00-\u9fff]/.test(phrase) && phrase.length >= 4) {
    const hits = catalogue.filter((e) =>
      e.title.en.toLowerCase().includes(phrase) || e.title.zh.includes(exact)
    );
    if (hits.length === 1) return { kind: "entry", entry: hits[0] };
    if (hits.length > 1) return { kind: "unknown", suggestions: hits.slice(0, 3).map((e) => e.id) };
  }
  return { kind: "unknown", suggestions: suggestKeys(query, catalogueKeys(catalogue)) };
}

/**
 * The other entries a person could mean by `entry`'s name: those with an id
 * or alias that differs from one of `entry`'s only in case or `_`/`-`
 * (`sigchld` the serve event and `SIGCHLD` the signal). The exact spelling
 * opens each one, so the rendering points from one to the others.
 *
 * @example
 * ```ts
 * sameNameEntries(lookup("sigchld")!).map((e) => e.id); // ["SIGCHLD"]
 * ```
 */
export function sameNameEntries(entry: Entry, catalogue: readonly Entry[] = CATALOGUE): Entry[] {
  const names = new Set([entry.id, ...(entry.aliases ?? [])].map(normalizeKey));
  return catalogue.filter((e) =>
    e !== entry && e.id !== entry.id &&
    [e.id, ...(e.aliases ?? [])].some((k) => names.has(normalizeKey(k)))
  );
}
