/**
 * Workshop progress, rustlings style: a small JSON file under the user's
 * config directory ($XDG_CONFIG_HOME/echolab/workshop.json, else
 * ~/.config/echolab/workshop.json).
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import { type Bilingual, envGetter } from "../lang.ts";

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

/** Exercise keys are numbers; anything else (`__proto__` included) is not ours. */
const _KEY = /^\d{1,3}$/;

/** The valid entries of `value` (an object of exercise number → `ok` value); how many were dropped. */
function _entries<T>(
  value: unknown,
  ok: (v: unknown) => v is T,
): { kept: Record<string, T>; dropped: number } {
  const kept: Record<string, T> = {};
  let dropped = 0;
  if (value === undefined) return { kept, dropped };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kept, dropped: 1 };
  }
  for (const [k, v] of Object.entries(value)) {
    if (_KEY.test(k) && ok(v)) kept[k] = v;
    else dropped++;
  }
  return { kept, dropped };
}

const _isDate = (v: unknown): v is string => typeof v === "string" && !isNaN(Date.parse(v));
const _isCount = (v: unknown): v is number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= 1000;

/**
 * Load progress (empty when there is none yet). A corrupted file never
 * stops the workshop: entries that make no sense (a negative hint count, a
 * done date that is not a date) are ignored, a file that is not JSON is
 * kept aside as `PATH.corrupt` and the workshop starts afresh; `warn` hears
 * which file and what was done about it.
 *
 * @example
 * ```ts
 * loadProgress(progressPath()).done["1"]; // "2025-…" once exercise 1 passed
 * ```
 */
export function loadProgress(
  path: string,
  warn: (message: Bilingual) => void = () => {},
): Progress {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return _empty();
    // Deno's own permission refusal names a flag; the user needs the place, not the flag.
    const said = err instanceof Deno.errors.NotCapable
      ? "not a place echolab reads"
      : (err as Error).message;
    throw new UsageError({
      en: `cannot read ${path}: ${said}`,
      zh: `无法读取 ${path}：系统消息：${said}`,
    }, "workshop");
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    let aside = `${path}.corrupt`;
    try {
      Deno.renameSync(path, aside);
    } catch {
      aside = ""; // could not move it: the next save replaces it
    }
    warn({
      en: `${path} is corrupted (not a JSON object): ${
        aside ? `kept as ${aside}, ` : ""
      }starting with no progress`,
      zh: `${path} 已损坏（不是 JSON 对象）：${aside ? `已保存为 ${aside}，` : ""}从零进度开始`,
    });
    return _empty();
  }
  const fields = data as Record<string, unknown>;
  const done = _entries(fields.done, _isDate);
  const hints = _entries(fields.hints, _isCount);
  const command = Array.isArray(fields.command) && fields.command.length > 0 &&
      fields.command.every((s: unknown) => typeof s === "string")
    ? fields.command as string[]
    : undefined;
  const badCommand = fields.command !== undefined && command === undefined ? 1 : 0;
  const dropped = done.dropped + hints.dropped + badCommand;
  if (dropped > 0) {
    warn({
      en: `${path}: ignored ${dropped} corrupted ${
        dropped === 1 ? "entry" : "entries"
      } (the next save rewrites the file)`,
      zh: `${path}：忽略了 ${dropped} 个已损坏的条目（下次保存时会重写该文件）`,
    });
  }
  return { version: 1, done: done.kept, hints: hints.kept, command };
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
