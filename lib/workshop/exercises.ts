/**
 * The workshop: the exercises that follow chapter 5, each with the way
 * `verify` checks it. The texts are the markdown of examples/workshop/,
 * carried in the binary through texts.generated.ts.
 *
 * @module
 */

import { CHECKS } from "../check/mod.ts";
import type { Lang } from "../lang.ts";
import { type ExerciseDoc, parseExercise } from "./markdown.ts";
import { EXERCISE_TEXTS } from "./texts.generated.ts";

/** How `echolab workshop verify N` checks an exercise — always against something observed. */
export type VerifySpec =
  /** A connection to the port is ESTABLISHED, both ends visible (live TCP table). */
  | { kind: "established" }
  /** The client's end of a connection to the port is in TIME_WAIT (live). */
  | { kind: "time-wait" }
  /** The client's end of a connection to the port is in CLOSE_WAIT (live). */
  | { kind: "close-wait" }
  /** The learner's --answer equals the zombie children of the port's listener (live /proc). */
  | { kind: "zombie-count" }
  /** These checks of `echolab check` pass against the learner's command. */
  | { kind: "check"; checks: readonly string[] }
  /** The learner's --answer equals the errno the client observed in a fresh run of a chaos scenario. */
  | { kind: "scenario"; scenario: string }
  /** --answer "ERRNO ADDRESS": the client's errno and the ICMP's sender in a fresh run (router_answer.ts). */
  | { kind: "router"; scenario: string };

/** One exercise. */
export interface Exercise {
  /** 1-based number. */
  n: number;
  /** File name without .md, e.g. `01-two-terminals`. */
  slug: string;
  /** Book sections, e.g. `5.2–5.6`. */
  section: string;
  /** How verify checks it. */
  verify: VerifySpec;
}

/** Every chapter check of `echolab check`, by name: the last exercise grades them all. */
// The chapter's checks: those beyond the book (graceful-stop) never decide a verify.
const ALL_CHECKS: readonly string[] = CHECKS.filter((c) => !c.beyond).map((c) => c.name);

/**
 * The exercises, in order.
 *
 * @example
 * ```ts
 * EXERCISES[11].verify; // { kind: "check", checks: [all eight] }
 * ```
 */
export const EXERCISES: readonly Exercise[] = [
  { n: 1, slug: "01-two-terminals", section: "5.2–5.6", verify: { kind: "established" } },
  { n: 2, slug: "02-normal-termination", section: "5.7", verify: { kind: "time-wait" } },
  { n: 3, slug: "03-kill-the-child", section: "5.12", verify: { kind: "close-wait" } },
  { n: 4, slug: "04-count-zombies", section: "5.7–5.9", verify: { kind: "zombie-count" } },
  {
    n: 5,
    slug: "05-sigchld-handler",
    section: "5.8–5.9",
    verify: { kind: "check", checks: ["zombies", "eintr"] },
  },
  {
    n: 6,
    slug: "06-five-at-once",
    section: "5.10",
    verify: { kind: "check", checks: ["signals-not-queued"] },
  },
  {
    n: 7,
    slug: "07-rst-before-accept",
    section: "5.11",
    verify: { kind: "check", checks: ["rst-before-accept"] },
  },
  {
    n: 8,
    slug: "08-sigpipe",
    section: "5.12–5.13",
    verify: { kind: "check", checks: ["client-killed"] },
  },
  {
    n: 9,
    slug: "09-host-crash",
    section: "5.14",
    verify: { kind: "scenario", scenario: "host-crash" },
  },
  {
    n: 10,
    slug: "10-crash-reboot",
    section: "5.15",
    verify: { kind: "scenario", scenario: "crash-reboot" },
  },
  {
    n: 11,
    slug: "11-host-shutdown",
    section: "5.16",
    verify: { kind: "check", checks: ["sigterm"] },
  },
  {
    n: 12,
    slug: "12-your-own-server",
    section: "5.1–5.16",
    verify: { kind: "check", checks: ALL_CHECKS },
  },
  {
    n: 13,
    slug: "13-intermediate-router",
    section: "5.14",
    verify: { kind: "router", scenario: "router-unreachable" },
  },
];

/**
 * The exercise named by `key`: its number (`3`, `03`) or slug (`03-kill-the-child`, `kill-the-child`).
 *
 * @example
 * ```ts
 * findExercise("03")?.slug; // "03-kill-the-child"
 * ```
 */
export function findExercise(key: string): Exercise | undefined {
  if (/^\d+$/.test(key)) return EXERCISES.find((e) => e.n === Number(key));
  return EXERCISES.find((e) => e.slug === key || e.slug.slice(3) === key);
}

/**
 * The exercise's text in `lang`, split into title, body and hints.
 *
 * @example
 * ```ts
 * exerciseDoc(EXERCISES[0], "zh").title; // "两个终端：serve 与 connect"
 * ```
 */
export function exerciseDoc(exercise: Exercise, lang: Lang): ExerciseDoc {
  const texts = EXERCISE_TEXTS[exercise.slug];
  if (!texts) throw new Error(`no text for exercise ${exercise.slug}`);
  return parseExercise(texts[lang]);
}
