/**
 * Words for what the lab observed, in both languages: seconds, the list of
 * retransmissions with their gaps, whether the gaps doubled.
 *
 * @module
 */

import type { Bilingual } from "../lang.ts";
import type { ReadOutcome } from "./lab_client.ts";
import type { Retransmission } from "./tcp_observer.ts";

/**
 * Milliseconds as seconds for people: `3.37 s`, or `3.37 秒` in Chinese text
 * (one unit word per sentence).
 *
 * @example
 * ```ts
 * secs(3370); // "3.37 s"
 * secs(3370, "zh"); // "3.37 秒"
 * ```
 */
export function secs(ms: number, lang: "en" | "zh" = "en"): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} ${lang === "zh" ? "秒" : "s"}`;
}

/**
 * A read's outcome in one word: the errno when it failed, else its kind.
 *
 * @example
 * ```ts
 * outcomeName({ kind: "error", errno: "ETIMEDOUT" }); // "ETIMEDOUT"
 * outcomeName({ kind: "eof" }); // "eof"
 * ```
 */
export function outcomeName(outcome: ReadOutcome): string {
  return outcome.kind === "error" ? outcome.errno : outcome.kind;
}

/**
 * How the client's write went, to follow "the client's write" (zh: "客户的写"):
 * it succeeded — the data only reached the send buffer (UNP §5.14) — or it
 * failed with an errno.
 *
 * @example
 * ```ts
 * describeWrite(undefined).en; // "succeeded"
 * describeWrite("EPIPE").zh; // "以 EPIPE 失败"
 * ```
 */
export function describeWrite(wrote: string | undefined): Bilingual {
  return wrote
    ? { en: `failed with ${wrote}`, zh: `以 ${wrote} 失败` }
    : { en: "succeeded", zh: "成功" };
}

/**
 * Gaps between consecutive retransmissions, in ms.
 *
 * @example
 * ```ts
 * gaps([{ n: 1, kind: "tlp", atMs: 220 }, { n: 2, kind: "rto", atMs: 430 }]); // [210]
 * ```
 */
export function gaps(list: readonly Retransmission[]): number[] {
  return list.slice(1).map((r, i) => r.atMs - list[i].atMs);
}

/**
 * True when the RTO doubled from one retransmission to the next: judged by
 * the kernel's own RTO values (/proc/net/tcp) when at least two RTO
 * retransmissions carry one — immune to polling delays — else by the gaps
 * between retransmissions (each at least 1.5 times the one before).
 *
 * @example
 * ```ts
 * doubling(obs.retransmissions); // true after a crash: 400, 810, 1630 ms
 * ```
 */
export function doubling(list: readonly Retransmission[]): boolean {
  const rtos = list.filter((r) => r.kind === "rto" && r.rtoMs !== undefined).map((r) => r.rtoMs!);
  if (rtos.length >= 2) return rtos.slice(1).every((rto, i) => rto >= 1.5 * rtos[i]);
  const g = gaps(list);
  return g.length >= 2 && g.slice(1).every((gap, i) => gap >= 1.5 * g[i]);
}

/**
 * "a tail loss probe at 0.22 s, then RTO retransmissions at 0.43, 0.87, 1.70 s
 * (gaps 0.21, 0.44, 0.83 s)".
 *
 * @example
 * ```ts
 * describeRetransmissions(obs.retransmissions).en;
 * ```
 */
export function describeRetransmissions(list: readonly Retransmission[]): Bilingual {
  if (list.length === 0) return { en: "none seen", zh: "未观察到" };
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const tlp = list.filter((r) => r.kind === "tlp");
  const rto = list.filter((r) => r.kind === "rto");
  const g = gaps(list);
  const parts: Bilingual[] = [];
  if (tlp.length) {
    parts.push({
      en: `${tlp.length === 1 ? "a tail loss probe" : `${tlp.length} tail loss probes`} at ${
        tlp.map((r) => s(r.atMs)).join(", ")
      } s`,
      zh: `尾部丢失探测于 ${tlp.map((r) => s(r.atMs)).join("、")} 秒`,
    });
  }
  if (rto.length) {
    parts.push({
      en: `RTO retransmissions at ${rto.map((r) => s(r.atMs)).join(", ")} s`,
      zh: `RTO 重传于 ${rto.map((r) => s(r.atMs)).join("、")} 秒`,
    });
  }
  const gapText = g.length
    ? { en: ` (gaps ${g.map(s).join(", ")} s)`, zh: `（间隔 ${g.map(s).join("、")} 秒）` }
    : { en: "", zh: "" };
  return {
    en: parts.map((p) => p.en).join(", then ") + gapText.en,
    zh: parts.map((p) => p.zh).join("，然后 ") + gapText.zh,
  };
}
