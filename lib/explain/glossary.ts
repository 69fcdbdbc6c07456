/**
 * One Chinese term per concept: the words the catalogue, the verdicts, the
 * help texts and the workshop use, and the variants they must not use.
 * `glossary_test.ts` scans every Chinese text for the variants.
 *
 * The preferred terms follow the Chinese edition of UNP (see DESIGN.md's word
 * list); where a concept had two words in echolab's texts, the one kept is
 * the book's, and the other is listed under `avoid` with the reason.
 *
 * @module
 */

/** One concept and its one Chinese word. */
export interface GlossaryTerm {
  /** The concept, in English as the book says it. */
  en: string;
  /** The Chinese word every text uses for it. */
  zh: string;
  /** Variants that must not appear in Chinese text (a string, or a pattern when context matters). */
  avoid: readonly (string | RegExp)[];
  /** Why the variants are out, in a few words. */
  why: string;
}

/**
 * The glossary. Add a term here before using a new word for a concept
 * another text already names.
 *
 * @example
 * ```ts
 * GLOSSARY.find((t) => t.en === "pending (signal)")?.zh; // "未决"
 * ```
 */
export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    en: "pending (signal)",
    zh: "未决",
    avoid: ["挂起"],
    why:
      "挂起 also means suspended (SIGSTOP, state T); a call waiting in the kernel is 阻塞中的, a pending error 待处理错误",
  },
  {
    en: "pending error (the socket's SO_ERROR)",
    zh: "待处理错误",
    avoid: ["待决错误", "未决错误", "挂起错误", "挂起的错误"],
    why: "未决 is kept for signals",
  },
  {
    en: "deliver, delivery (a signal)",
    zh: "递交",
    avoid: ["递送", "送达", "投递"],
    why: "the book's word; a signal sent to processes is 发给",
  },
  {
    en: "worker (the child program that runs str_echo, --worker)",
    zh: "工作进程",
    // The flag (--worker), a field (${e.worker}) and the entry (explain worker) stay; the bare word does not.
    avoid: ["工作方式", /(?<![-\w.$])(?<!explain )worker(?![-\w])/],
    why:
      "one word for the child a worker option starts; a thread doing the blocking call is 工作线程",
  },
  {
    en: "client",
    zh: "客户",
    // 客户端口 (the client's port) is another word.
    avoid: [/客户端(?!口)/],
    why: "the book's word (客户/服务器); one side of a connection is 客户一端",
  },
  {
    en: "reset segment (RST)",
    zh: "复位分节",
    avoid: ["重置分节", "复位报文"],
    why: "the book's word; the verb stays 重置",
  },
];

/**
 * The separator of a list inside a Chinese sentence (PIDs, states, names):
 * the enumeration comma, never ", ".
 *
 * @example
 * ```ts
 * [1, 2, 3].join(ZH_LIST_SEPARATOR); // "1、2、3"
 * ```
 */
export const ZH_LIST_SEPARATOR = "、";
