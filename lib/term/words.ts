/**
 * Chinese for the few plain-English words that events carry as values
 * (a host's state, an ARP entry's state, a signal disposition). Names —
 * errno, signal, function, TCP state — are not here: they stay in Latin
 * letters in both languages.
 *
 * @module
 */

const _ZH: Record<string, string> = {
  // lib/lab/server_host.ts HostState
  up: "运行中",
  cut: "已断网",
  crashed: "已崩溃",
  down: "已关机",
  // lib/lab/tcp_observer.ts ARP entry states
  resolved: "已解析",
  unresolved: "未解析",
  absent: "不存在",
  // reaped `by`, spawned `stdout`/`sigpipe`, disposition `action`
  runtime: "运行时",
  socket: "套接字",
  default: "默认",
  ignore: "忽略",
  "ignored (inherited)": "忽略（继承而来）",
  handler: "处理函数",
};

/**
 * An event value in Chinese when it is one of the known plain words,
 * otherwise the value unchanged (names, numbers, paths).
 *
 * @example
 * ```ts
 * zhWord("crashed"); // "已崩溃"
 * zhWord("waitpid"); // "waitpid"
 * ```
 */
export function zhWord(value: unknown): string {
  const text = String(value);
  return Object.hasOwn(_ZH, text) ? _ZH[text] : text;
}

const _IRREGULAR: Record<string, string> = {
  child: "children",
  process: "processes",
  "child process": "child processes",
  delivery: "deliveries",
  retransmission: "retransmissions",
};

/**
 * `n` and an English noun, singular for exactly 1 ("1 child", "2 children",
 * "0 bytes"); the plural is `plural`, a known irregular one, or noun + "s".
 *
 * @example
 * ```ts
 * countOf(1, "child"); // "1 child"
 * countOf(3, "child"); // "3 children"
 * countOf(1, "byte"); // "1 byte"
 * ```
 */
export function countOf(n: unknown, noun: string, plural?: string): string {
  return `${n} ${pluralOf(n, noun, plural)}`;
}

/**
 * The noun alone, in the number `n` asks for ("port" for 1, "ports" otherwise).
 *
 * @example
 * ```ts
 * pluralOf(1, "port"); // "port"
 * pluralOf(2, "port"); // "ports"
 * ```
 */
export function pluralOf(n: unknown, noun: string, plural?: string): string {
  if (Number(n) === 1) return noun;
  return plural ?? _IRREGULAR[noun] ?? `${noun}s`;
}
