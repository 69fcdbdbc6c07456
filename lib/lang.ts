/**
 * Language choice: every explanation exists in English and Chinese.
 *
 * @module
 */

/** The languages the catalogue is written in. */
export type Lang = "en" | "zh";

/** A text in both languages. */
export interface Bilingual {
  /** English. */
  en: string;
  /** Chinese (simplified). */
  zh: string;
}

/**
 * The default language from the environment (LC_ALL, LC_MESSAGES, LANG):
 * `zh` for any `zh*` locale, otherwise `en`.
 *
 * @example
 * ```ts
 * detectLang((k) => ({ LANG: "zh_CN.UTF-8" } as Record<string, string>)[k]); // "zh"
 * ```
 */
export function detectLang(getEnv: (key: string) => string | undefined): Lang {
  for (const key of ["LC_ALL", "LC_MESSAGES", "LANG"]) {
    const value = getEnv(key);
    if (value) return value.toLowerCase().startsWith("zh") ? "zh" : "en";
  }
  return "en";
}

/** Read the environment safely (no throw when --allow-env is missing). */
export function envGetter(key: string): string | undefined {
  try {
    return Deno.env.get(key);
  } catch {
    return undefined;
  }
}
