/**
 * What `echolab explain` finds for a query: one entry (by id or alias,
 * ignoring case and `_`/`-`), or every entry of a book section (`5.11`,
 * `§5.11`, or a whole chapter: `5`).
 *
 * @module
 */

import { CATALOGUE } from "./catalogue.ts";
import type { Entry } from "./entry.ts";
import { normalizeKey, suggestKeys } from "./suggest.ts";

/** The answer to a query. */
export type QueryResult =
  | { kind: "entry"; entry: Entry }
  | { kind: "section"; section: string; entries: Entry[] }
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
    if (entries.length > 0) return { kind: "section", section: wanted, entries };
  }
  // Exact spelling first ("SIGCHLD" the signal, "sigchld" the serve event), then loosely.
  const exact = query.trim();
  const loose = normalizeKey(query);
  for (const same of [(k: string) => k === exact, (k: string) => normalizeKey(k) === loose]) {
    const entry = catalogue.find((e) => [e.id, ...(e.aliases ?? [])].some(same));
    if (entry) return { kind: "entry", entry };
  }
  return { kind: "unknown", suggestions: suggestKeys(query, catalogueKeys(catalogue)) };
}
