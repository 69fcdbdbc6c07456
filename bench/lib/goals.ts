/**
 * The goals of issue 7, checked against figures measured side by side in one
 * run: each echolab engine against the C fork server and socat.
 *
 * @module
 */

import type { PeerFigures } from "./measure.ts";
import type { StartFigures } from "./start_time.ts";

/** One goal, checked for one subject. */
export interface GoalResult {
  /** The goal as stated. */
  goal: string;
  /** The echolab or prototype row (or "CLI") it was checked for. */
  subject: string;
  /** true pass, false fail, undefined: could not be measured. */
  pass: boolean | undefined;
  /** The figures behind the verdict. */
  detail: string;
}

function _ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
}

function _check(
  goal: string,
  subject: string,
  ratio: number | undefined,
  min: number,
  detail: (r: number) => string,
): GoalResult {
  if (ratio === undefined) return { goal, subject, pass: undefined, detail: "not measured" };
  return { goal, subject, pass: ratio >= min, detail: detail(ratio) };
}

/**
 * A ratio with 2 decimals and a ×, tiny ones as <0.01×, missing ones as –.
 *
 * @example
 * ```ts
 * fmtRatio(0.456); // "0.46×"
 * ```
 */
export function fmtRatio(r: number | undefined): string {
  if (r === undefined) return "–";
  if (r > 0 && r < 0.01) return "<0.01×";
  return `${r.toFixed(2)}×`;
}

/**
 * Check every goal for every echolab row.
 *
 * @example
 * ```ts
 * for (const g of checkGoals(figures, start)) console.log(g.pass, g.goal);
 * ```
 */
export function checkGoals(figures: PeerFigures[], start: StartFigures | undefined): GoalResult[] {
  const byId = new Map(figures.map((f) => [f.id, f]));
  const c = byId.get("c-fork"), socat = byId.get("socat"), cExec = byId.get("c-fork-exec");
  const out: GoalResult[] = [];
  for (const f of figures.filter((f) => f.role !== "reference")) {
    const churn = f.churn?.per_sec;
    out.push(_check(
      "churn ≥ 0.5× C fork server",
      f.id,
      _ratio(churn, c?.churn?.per_sec),
      0.5,
      (r) => `${churn?.toFixed(0)}/s vs ${c?.churn?.per_sec.toFixed(0)}/s = ${fmtRatio(r)}`,
    ));
    // Not in issue 7: the bound for any design that execs a program per client.
    out.push(_check(
      "(proposed) churn ≥ 0.9× C fork+exec server",
      f.id,
      _ratio(churn, cExec?.churn?.per_sec),
      0.9,
      (r) => `${churn?.toFixed(0)}/s vs ${cExec?.churn?.per_sec.toFixed(0)}/s = ${fmtRatio(r)}`,
    ));
    out.push(_check(
      "churn ≥ 1× socat",
      f.id,
      _ratio(churn, socat?.churn?.per_sec),
      1,
      (r) => `${churn?.toFixed(0)}/s vs ${socat?.churn?.per_sec.toFixed(0)}/s = ${fmtRatio(r)}`,
    ));
    const bulk = f.bulk?.mb_per_s;
    out.push(_check(
      "bulk ≥ 0.9× C fork server",
      f.id,
      _ratio(bulk, c?.bulk?.mb_per_s),
      0.9,
      (r) => `${bulk?.toFixed(0)} vs ${c?.bulk?.mb_per_s.toFixed(0)} MB/s = ${fmtRatio(r)}`,
    ));
    const h = f.hold, s = socat?.hold;
    const goal = "256 clients held, memory/client ≤ 2× socat's";
    if (!h || !s || !s.rssPerClientKiB) {
      out.push({ goal, subject: f.id, pass: undefined, detail: "not measured" });
    } else if (h.wanted < 256 && !h.guard) {
      out.push({
        goal,
        subject: f.id,
        pass: undefined,
        detail: `only ${h.wanted} clients asked for`,
      });
    } else {
      const r = h.rssPerClientKiB / s.rssPerClientKiB;
      const all = h.held === 256 && h.stillServed === 256;
      out.push({
        goal,
        subject: f.id,
        pass: all && r <= 2,
        detail: `held ${h.held}/${h.wanted}, still served ${h.stillServed}; ` +
          `${(h.rssPerClientKiB / 1024).toFixed(1)} vs ${
            (s.rssPerClientKiB / 1024).toFixed(1)
          } MiB = ${fmtRatio(r)}` +
          (h.guard ? ` (${h.guard})` : ""),
      });
    }
  }
  if (start) {
    out.push({
      goal: "CLI start ≤ 1.3× empty deno run",
      subject: "CLI",
      pass: start.ratio <= 1.3,
      detail: `${start.echolabMs.toFixed(1)} ms vs ${start.emptyMs.toFixed(1)} ms = ${
        fmtRatio(start.ratio)
      }`,
    });
  }
  return out;
}
