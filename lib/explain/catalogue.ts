/**
 * The explanation catalogue: one lookup over every entry file in `entries/`.
 * Renderers, `explain` and error messages all read from here.
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";
import type { Entry } from "./entry.ts";
import { BOOK_ENGINE_ENTRIES } from "./entries/book_engine.ts";
import { CHECK_ENTRIES } from "./entries/check.ts";
import { ECHO_ENTRIES } from "./entries/echo.ts";
import { ERRNO_ENTRIES } from "./entries/errno.ts";
import { EVIDENCE_ENTRIES } from "./entries/evidence.ts";
import { LAB_ENTRIES } from "./entries/lab.ts";
import { SIGNAL_ENTRIES } from "./entries/signals.ts";
import { TOPIC_ENTRIES } from "./entries/topics.ts";
import { WATCH_ENTRIES } from "./entries/watch.ts";

/** Every entry, in catalogue order. */
export const CATALOGUE: readonly Entry[] = [
  ...ECHO_ENTRIES,
  ...ERRNO_ENTRIES,
  ...SIGNAL_ENTRIES,
  ...BOOK_ENGINE_ENTRIES,
  ...EVIDENCE_ENTRIES,
  ...LAB_ENTRIES,
  ...TOPIC_ENTRIES,
  ...CHECK_ENTRIES,
  ...WATCH_ENTRIES,
];

const _byKey = new Map<string, Entry>();
const _byFolded = new Map<string, Entry>();
for (const entry of CATALOGUE) {
  for (const key of [entry.id, ...(entry.aliases ?? [])]) {
    if (!_byKey.has(key)) _byKey.set(key, entry);
    if (!_byFolded.has(key.toLowerCase())) _byFolded.set(key.toLowerCase(), entry);
  }
}

/**
 * Find an entry by id or alias: the exact spelling first (the event kind
 * `sigchld` and the signal `SIGCHLD` are different entries), then ignoring case.
 *
 * @example
 * ```ts
 * lookup("epipe")?.section; // "5.13"
 * ```
 */
export function lookup(key: string): Entry | undefined {
  return _byKey.get(key) ?? _byFolded.get(key.toLowerCase());
}

/**
 * The entry that explains an event: its `topic`, else its `errno`, else its `kind`.
 *
 * @example
 * ```ts
 * entryFor({ t: 0, actor: "client", kind: "error", errno: "EPIPE" })?.id; // "EPIPE"
 * ```
 */
export function entryFor(event: EchoEvent): Entry | undefined {
  for (const key of [event.topic, event.errno, event.kind]) {
    if (typeof key === "string") {
      const entry = lookup(key);
      if (entry) return entry;
    }
  }
  return undefined;
}
