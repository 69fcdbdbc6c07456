/**
 * Workshop progress, rustlings style: a small JSON file under the user's
 * config directory ($XDG_CONFIG_HOME/echolab/workshop.json, else
 * ~/.config/echolab/workshop.json).
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import { envGetter } from "../lang.ts";

/** What is saved. */
export interface Progress {
  /** Format version. */
  version: 1;
  /** Exercise number → when verify first passed (ISO time). */
  done: Record<string, string>;
  /** Exercise number → how many hints were shown. */
  hints: Record<string, number>;
  /** The learner's server command, saved by `verify N -- CMD…`. */
  command?: string[];
}

/**
 * The progress file's path, from XDG_CONFIG_HOME or HOME.
 *
 * @example
 * ```ts
 * progressPath((k) => ({ HOME: "/home/ada" } as Record<string, string>)[k]); // "/home/ada/.config/echolab/workshop.json"
 * ```
 */
export function progressPath(getEnv: (key: string) => string | undefined = envGetter): string {
  const xdg = getEnv("XDG_CONFIG_HOME");
  const home = getEnv("HOME");
  const base = xdg && xdg.startsWith("/") ? xdg : home ? `${home}/.config` : undefined;
  if (!base) {
    throw new UsageError({
      en: "cannot find a config directory: set XDG_CONFIG_HOME or HOME",
      zh: "找不到配置目录：请设置 XDG_CONFIG_HOME 或 HOME",
    }, "workshop");
  }
  return `${base}/echolab/workshop.json`;
}

function _empty(): Progress {
  return { version: 1, done: {}, hints: {} };
}

/**
 * Load progress (empty when there is none yet).
 *
 * @example
 * ```ts
 * loadProgress(progressPath()).done["1"]; // "2025-…" once exercise 1 passed
 * ```
 */
export function loadProgress(path: string): Progress {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return _empty();
    const said = (err as Error).message;
    throw new UsageError({
      en: `cannot read ${path}: ${said}`,
      zh: `无法读取 ${path}：系统消息：${said}`,
    }, "workshop");
  }
  try {
    const data = JSON.parse(text);
    return {
      version: 1,
      done: typeof data.done === "object" && data.done ? data.done : {},
      hints: typeof data.hints === "object" && data.hints ? data.hints : {},
      command: Array.isArray(data.command) && data.command.every((s: unknown) =>
          typeof s === "string"
        )
        ? data.command
        : undefined,
    };
  } catch {
    throw new UsageError({
      en: `${path} is not valid JSON: fix it or run 'echolab workshop reset'`,
      zh: `${path} 不是有效的 JSON：请修正它，或运行 'echolab workshop reset'`,
    }, "workshop");
  }
}

/**
 * Save progress atomically (write a temporary file, then rename).
 *
 * @example
 * ```ts
 * saveProgress(path, { version: 1, done: { "1": new Date().toISOString() }, hints: {} });
 * ```
 */
export function saveProgress(path: string, progress: Progress): void {
  const dir = path.slice(0, path.lastIndexOf("/"));
  Deno.mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${Deno.pid}.tmp`;
  Deno.writeTextFileSync(tmp, JSON.stringify(progress, null, 2) + "\n");
  Deno.renameSync(tmp, path);
}
