/**
 * Argument parsing on node:util parseArgs, with every mistake turned into a
 * {@link UsageError} (one line, exit 2) instead of a stack trace.
 *
 * @module
 */

import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { detectLang, envGetter, type Lang } from "../lang.ts";
import { UsageError } from "../errors.ts";

/** Flags every subcommand accepts. */
export const COMMON_FLAGS = {
  json: { type: "boolean", default: false },
  lang: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies ParseArgsOptionsConfig;

/** Parsed flags and positionals of a subcommand. */
export interface Parsed<V> {
  /** Flag values. */
  values: V;
  /** Positional arguments. */
  positionals: string[];
}

/** The first quoted name in a parseArgs message: `--port` in "Option '--port' …". */
function _quoted(message: string): string {
  const m = /'([^']+)'/.exec(message);
  return m ? m[1] : message;
}

/**
 * A parseArgs error as one line in both languages. The English keeps
 * parseArgs' own words (tests and users know them); the Chinese is written
 * for each message parseArgs throws (node:util parseArgs, Deno 2.x).
 */
function _parseArgsError(e: Error & { code?: string }, command: string): UsageError {
  const name = _quoted(e.message);
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return new UsageError({ en: `unknown option '${name}'`, zh: `未知选项 '${name}'` }, command);
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      if (/ambiguous/.test(e.message)) {
        return new UsageError({
          en: `option '${name}' needs a value (write ${name}=VALUE for one that starts with '-')`,
          zh: `选项 '${name}' 需要一个值（以 '-' 开头的值请写成 ${name}=VALUE）`,
        }, command);
      }
      const en = e.message.split(".")[0].replace(/^Option /, "option ");
      if (/argument missing$/.test(en)) {
        // parseArgs names it "'--port <value>'"; say it as the ambiguous case does.
        const flag = name.replace(/ <value>$/, "");
        return new UsageError({
          en: `option '${flag}' needs a value`,
          zh: `选项 '${flag}' 需要一个值`,
        }, command);
      }
      if (/does not take an argument$/.test(en)) {
        return new UsageError({ en, zh: `选项 '${name}' 不接受值` }, command);
      }
      return new UsageError({ en, zh: `选项 '${name}' 的值有误（${en}）` }, command);
    }
    default: {
      const en = e.message.split("\n")[0];
      return new UsageError({ en, zh: `参数有误（${en}）` }, command);
    }
  }
}

/** A command line split at its first `--`. */
export interface DashSplit {
  /** echolab's own arguments, before `--` (all of them when there is none). */
  own: string[];
  /** The learner's server command, after `--` (empty when there is none). */
  command: string[];
  /** True when the command line had a `--`. */
  dashed: boolean;
}

/**
 * Split `argv` at the first `--`: what comes after it is the learner's server
 * command (`check -- ./myserver`), never parsed as echolab's options.
 *
 * @example
 * ```ts
 * splitAtDashes(["--only", "echo", "--", "./srv", "-p"]);
 * // { own: ["--only", "echo"], command: ["./srv", "-p"], dashed: true }
 * ```
 */
export function splitAtDashes(argv: string[]): DashSplit {
  const dash = argv.indexOf("--");
  return dash >= 0
    ? { own: argv.slice(0, dash), command: argv.slice(dash + 1), dashed: true }
    : { own: argv, command: [], dashed: false };
}

/**
 * `args` with each negative number that follows a value-taking option joined
 * to it (`--port -1` → `--port=-1`), so the value's own check rejects it
 * ("bad port '-1'") instead of parseArgs taking it for an option.
 *
 * @example
 * ```ts
 * joinNegativeValues(["--port", "-1"], { port: { type: "string" } }); // ["--port=-1"]
 * ```
 */
export function joinNegativeValues(args: string[], options: ParseArgsOptionsConfig): string[] {
  const takesValue = new Set<string>();
  for (const [name, o] of Object.entries(options)) {
    if (o.type !== "string") continue;
    takesValue.add(`--${name}`);
    if (o.short) takesValue.add(`-${o.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") return [...out, ...args.slice(i)];
    const next = args[i + 1];
    if (takesValue.has(a) && next !== undefined && /^-\d+(\.\d+)?$/.test(next)) {
      out.push(a.startsWith("--") ? `${a}=${next}` : `${a}${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * Parse `args` for `command` with `options` (plus the common flags).
 *
 * @example
 * ```ts
 * const { values } = parseFlags("serve", ["--port", "0"], { port: { type: "string" } });
 * values.port; // "0"
 * ```
 */
export function parseFlags<T extends ParseArgsOptionsConfig>(
  command: string,
  args: string[],
  options: T,
  maxPositionals = 0,
): Parsed<
  ReturnType<
    typeof parseArgs<{ options: T & typeof COMMON_FLAGS; allowPositionals: true }>
  >["values"]
> {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(args, { ...COMMON_FLAGS, ...options }),
      options: { ...COMMON_FLAGS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw _parseArgsError(err as Error & { code?: string }, command);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals];
    throw new UsageError(
      { en: `unexpected argument '${extra}'`, zh: `多余的参数 '${extra}'` },
      command,
    );
  }
  // deno-lint-ignore no-explicit-any
  return parsed as any;
}

/**
 * A TCP port: an integer `min`–65535. 0 lets the kernel choose, for a server
 * binding; a client connecting somewhere passes `min` 1.
 *
 * @example
 * ```ts
 * parsePort("9877", "serve"); // 9877
 * parsePort("0", "connect", 9877, 1); // throws UsageError
 * ```
 */
export function parsePort(
  value: string | undefined,
  command: string,
  fallback = 9877,
  min: 0 | 1 = 0,
): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535 || Number(value) < min) {
    // Port 0 means "any free port" to bind, but names no server to connect to.
    throw new UsageError({
      en: `bad port '${value}': expected a number from ${min} to 65535`,
      zh: `端口 '${value}' 无效：应为 ${min} 到 65535 之间的数字`,
    }, command);
  }
  return Number(value);
}

/**
 * A whole number within [min, max] for flag `name`.
 *
 * @example
 * ```ts
 * parseCount("5", "--connections", "connect", 1, 1024); // 5
 * ```
 */
export function parseCount(
  value: string | undefined,
  name: string,
  command: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError({
      en: `bad ${name} '${value}': expected a whole number from ${min} to ${max}`,
      zh: `${name} 的值 '${value}' 无效：应为 ${min} 到 ${max} 之间的整数`,
    }, command);
  }
  return n;
}

/**
 * A positive duration in seconds (decimals allowed), for flag `name`.
 *
 * @example
 * ```ts
 * parseSeconds("2.5", "--timeout", "connect"); // 2.5
 * ```
 */
export function parseSeconds(
  value: string | undefined,
  name: string,
  command: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(n > 0 && n <= 86400)) {
    throw new UsageError({
      en: `bad ${name} '${value}': expected seconds, more than 0 and at most 86400`,
      zh: `${name} 的值 '${value}' 无效：应为秒数，大于 0 且不超过 86400`,
    }, command);
  }
  return n;
}

/**
 * `--lang en|zh`, defaulting from LANG/LC_ALL.
 *
 * @example
 * ```ts
 * parseLang("zh", "serve"); // "zh"
 * ```
 */
export function parseLang(value: string | undefined, command: string): Lang {
  if (value === undefined) return detectLang(envGetter);
  if (value === "en" || value === "zh") return value;
  throw new UsageError({
    en: `bad --lang '${value}': expected en or zh`,
    zh: `--lang 的值 '${value}' 无效：应为 en 或 zh`,
  }, command);
}
