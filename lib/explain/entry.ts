/**
 * The shape of one catalogue entry: what an event, errno, signal or topic
 * means, where the book explains it, and where today's OS differs.
 *
 * @module
 */

import type { Bilingual } from "../lang.ts";

/** One explanation, in English and Chinese, tied to a section of UNP chapter 5. */
export interface Entry {
  /** Key: an event kind (`accepted`), errno (`EPIPE`), signal (`SIGCHLD`) or topic (`zombie`). */
  id: string;
  /** Other names that find this entry (`5.12`, `server-killed`). */
  aliases?: string[];
  /** Book section, e.g. `5.12` (UNP vol. 1, 3rd ed.). */
  section: string;
  /** One-line meaning. */
  title: Bilingual;
  /** What it means and why, a few sentences. */
  text: Bilingual;
  /** Where today's OS (or Deno's runtime) differs from the book, if it does. */
  os?: Bilingual;
  /** What to change in your own program, if this names a mistake. */
  fix?: Bilingual;
  /**
   * The one-line annotation `echolab watch` prints when it observes this
   * change, with `{placeholders}` it fills from the observation (`{side}`,
   * `{peer}`, `{pid}`, `{recvQ}` …).
   */
  line?: Bilingual;
}
