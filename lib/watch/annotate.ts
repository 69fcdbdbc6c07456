/**
 * The one line `echolab watch` prints for a change: the catalogue entry's
 * `line` with its `{placeholders}` filled from what was observed, then the
 * section — `CLOSE_WAIT on the client (Recv-Q 1): the server's FIN arrived
 * and nobody has read it — §5.12`.
 *
 * @module
 */

import { lookup } from "../explain/catalogue.ts";
import type { Lang } from "../lang.ts";

const _WORDS: Record<Lang, Record<string, string>> = {
  en: { client: "client", server: "server" },
  zh: { client: "客户", server: "服务器" },
};

// The peer is named as the one who sent something: "the server's FIN", "服务器的 FIN".
const _PEER: Record<Lang, Record<string, string>> = {
  en: { client: "client", server: "server" },
  zh: { client: "客户", server: "服务器" },
};

/**
 * Fill `template`'s `{name}` placeholders from `fields` (side and peer translated).
 *
 * @example
 * ```ts
 * fillLine("CLOSE_WAIT on the {side}", { side: "client" }, "en"); // "CLOSE_WAIT on the client"
 * ```
 */
export function fillLine(
  template: string,
  fields: Record<string, string | number>,
  lang: Lang,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = fields[name];
    if (v === undefined) return whole;
    if (name === "side") return _WORDS[lang][String(v)] ?? String(v);
    if (name === "peer") return _PEER[lang][String(v)] ?? String(v);
    return String(v);
  });
}

/**
 * The annotated line for a change with catalogue id `topic`, or undefined
 * when the catalogue has no line for it.
 *
 * @example
 * ```ts
 * changeLine("watch-zombie", { pid: 4242 }, "en");
 * // "child 4242 is a zombie: it ended and its parent has not waited — §5.7"
 * ```
 */
export function changeLine(
  topic: string,
  fields: Record<string, string | number>,
  lang: Lang,
): string | undefined {
  const entry = lookup(topic);
  if (!entry?.line) return undefined;
  return `${fillLine(entry.line[lang], fields, lang)} — §${entry.section}`;
}
