/**
 * "Did you mean …?": the catalogue keys nearest to a mistyped query, by
 * edit distance.
 *
 * @module
 */

import type { Bilingual } from "../lang.ts";

/**
 * Levenshtein distance between `a` and `b` (insertions, deletions, substitutions).
 *
 * @example
 * ```ts
 * editDistance("zombei", "zombie"); // 2
 * ```
 */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[y.length];
}

/** Lower case, with `_` and spaces read as `-` ("TIME_WAIT" ~ "time-wait"). */
export function normalizeKey(key: string): string {
  return key.trim().toLowerCase().replace(/[_\s]+/g, "-");
}

function _constantFirst(a: string, b: string): number {
  const constant = (k: string) => /^[A-Z][A-Z0-9_]+$/.test(k) ? 0 : 1;
  return constant(a) - constant(b);
}

/**
 * Up to `max` keys nearest to `query` (normalized), nearest first; keys
 * further than about a third of the query's length away are left out.
 *
 * @example
 * ```ts
 * suggestKeys("SIGCHILD", ["SIGCHLD", "SIGPIPE", "zombie"]); // ["SIGCHLD"]
 * ```
 */
export function suggestKeys(query: string, keys: readonly string[], max = 3): string[] {
  const q = normalizeKey(query);
  const limit = Math.max(2, Math.ceil(q.length / 3));
  const scored = keys
    .map((key) => {
      const k = normalizeKey(key);
      // A key that starts with the query (or the other way round) is near however long it is.
      const prefix = q.length >= 3 && (k.startsWith(q) || q.startsWith(k));
      return { key, d: prefix ? 1 : editDistance(q, k) };
    })
    .filter((s) => s.d <= limit)
    // Ties: CONSTANT-style names (SIGCHLD, EPIPE) before event names (sigchld).
    .sort((a, b) => a.d - b.d || _constantFirst(a.key, b.key) || a.key.localeCompare(b.key));
  const out: string[] = [];
  for (const s of scored) {
    if (!out.some((k) => normalizeKey(k) === normalizeKey(s.key))) out.push(s.key);
    if (out.length === max) break;
  }
  return out;
}

/**
 * The tail of an "unknown name" error: " — did you mean a, b?" when there are
 * `suggestions`, else `otherwise` (where to find the names).
 *
 * @example
 * ```ts
 * didYouMean(["zombie"], { en: "", zh: "" }).en; // " — did you mean zombie?"
 * ```
 */
export function didYouMean(suggestions: readonly string[], otherwise: Bilingual): Bilingual {
  if (suggestions.length === 0) return otherwise;
  return {
    en: ` — did you mean ${suggestions.join(", ")}?`,
    zh: `；你是否想找：${suggestions.join("、")}？`,
  };
}
