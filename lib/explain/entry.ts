/**
 * The shape of one catalogue entry: what an event, errno, signal or topic
 * means, where the book explains it, where today's OS differs — and where a
 * reader can check each of those statements.
 *
 * @module
 */

import type { Bilingual } from "../lang.ts";

/**
 * Where a reader can check an entry's statements, as data (shown by
 * `echolab explain`). Name the place precisely enough to find it: a man page
 * with its section, a kernel function as it is spelled in the source, an RFC
 * by number (and section when it helps).
 *
 * @example
 * ```ts
 * const sources: Sources = {
 *   unp: ["5.13"],
 *   man: ["signal(7)", "send(2)"],
 *   kernel: ["tcp_reset", "sk_stream_error"],
 *   rfc: ["RFC 9293 §3.5.2"],
 * };
 * ```
 */
export interface Sources {
  /** UNP vol. 1 (3rd ed.) sections that say it, e.g. `["5.11", "16.3"]` (the entry's own section counts too). */
  unp?: string[];
  /** Manual pages with their section: `signal(7)`, `accept(2)`, `tcp(7)`, `proc(5)`. */
  man?: string[];
  /** Linux kernel functions or constants, as spelled in the source: `tcp_reset`, `TCP_TIMEWAIT_LEN`. */
  kernel?: string[];
  /** RFCs: `RFC 6069`, `RFC 1122 §4.2.3.9`. */
  rfc?: string[];
  /** Other specifications or programs' source: `POSIX accept()`, `glibc signal()`, `Deno runtime`. */
  other?: string[];
}

/**
 * One explanation, in English and Chinese, tied to a section of UNP chapter 5.
 *
 * **The sources rule** (checked by `catalogue_test.ts`): an entry that states a
 * fact about an OS — every entry with an `os` text, and every entry whose
 * `text` says what a kernel, libc or runtime does (an errno's cause, a
 * signal's default, a timer's value, an ICMP's effect) — carries `sources`
 * with at least one reference beyond the book: a man page, a kernel function,
 * an RFC or another specification. Entries that only describe what echolab
 * itself prints (`scenario-start`, `states`) need none.
 */
export interface Entry {
  /** Key: an event kind (`accepted`), errno (`EPIPE`), signal (`SIGCHLD`) or topic (`zombie`). */
  id: string;
  /** Other names that find this entry (`5.12`, `server-killed`, a phrase of the book). */
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
  /** Where to check the statements above (see the sources rule). */
  sources?: Sources;
  /**
   * The one-line annotation `echolab watch` prints when it observes this
   * change, with `{placeholders}` it fills from the observation (`{side}`,
   * `{peer}`, `{pid}`, `{recvQ}` …).
   */
  line?: Bilingual;
}
