/**
 * The bench report: one table of figures and ratios, notes on anything odd,
 * then the goals with pass/fail.
 *
 * @module
 */

import { fmtRatio, type GoalResult } from "./goals.ts";
import type { PeerFigures } from "./measure.ts";
import type { StartFigures } from "./start_time.ts";

function _grid(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r.map((cell, i) => i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])).join("  ")
  )
    .join("\n");
}

const _mib = (kib: number | undefined) => kib === undefined ? "–" : (kib / 1024).toFixed(1);

function _intact(f: PeerFigures): string {
  const cs = f.churnRuns ?? [], bs = f.bulkRuns ?? [];
  if (!cs.length || !bs.length) return "–";
  const bad = cs.reduce((n, c) => n + c.errors + c.eof + c.mismatch, 0) +
    bs.reduce((n, b) => n + b.mismatch + (b.received === b.sent ? 0 : 1), 0);
  return bad === 0 ? "yes" : "NO";
}

/**
 * Render figures, start times and goals as text.
 *
 * @example
 * ```ts
 * console.log(renderReport(figures, start, checkGoals(figures, start), header));
 * ```
 */
export function renderReport(
  figures: PeerFigures[],
  start: StartFigures | undefined,
  goals: GoalResult[],
  header: string,
): string {
  const c = figures.find((f) => f.id === "c-fork");
  const socat = figures.find((f) => f.id === "socat");
  const cExec = figures.find((f) => f.id === "c-fork-exec");
  const ratio = (a?: number, b?: number) => a !== undefined && b ? fmtRatio(a / b) : "–";
  const rows: string[][] = [[
    "peer",
    "churn/s",
    "×C",
    "×C+exec",
    "×socat",
    "p50 ms",
    "bulk MB/s",
    "×C",
    "held",
    "RSS/client MiB",
    "×socat",
    "PSS/client MiB",
    "procs/client",
    "SIGTERM→reaped ms",
    "intact",
  ]];
  const notes: string[] = [];
  for (const f of figures) {
    if (f.skipped) {
      notes.push(`${f.id}: skipped — ${f.skipped}`);
      continue;
    }
    const h = f.hold;
    rows.push([
      f.id,
      f.churn ? f.churn.per_sec.toFixed(0) : "–",
      ratio(f.churn?.per_sec, c?.churn?.per_sec),
      ratio(f.churn?.per_sec, cExec?.churn?.per_sec),
      ratio(f.churn?.per_sec, socat?.churn?.per_sec),
      f.churn ? f.churn.p50_ms.toFixed(2) : "–",
      !f.bulk ? "–" : f.bulk.received === f.bulk.sent ? f.bulk.mb_per_s.toFixed(0) : "incomplete",
      ratio(f.bulk?.received === f.bulk?.sent ? f.bulk?.mb_per_s : undefined, c?.bulk?.mb_per_s),
      h ? `${h.held}/${h.wanted}` : "–",
      _mib(h?.rssPerClientKiB),
      ratio(h?.rssPerClientKiB, socat?.hold?.rssPerClientKiB),
      _mib(h?.pssPerClientKiB),
      h ? h.processesPerClient.toFixed(1) : "–",
      f.shutdown ? f.shutdown.ms.toFixed(0) : "–",
      _intact(f),
    ]);
    for (const e of f.errors) notes.push(`${f.id}: error — ${e}`);
    if (f.bulk && !f.bulk.eof) {
      notes.push(`${f.id}: no FIN within 2 s after the client's half-close (shutdown SHUT_WR)`);
    }
    if (f.bulk && f.bulk.received !== f.bulk.sent) {
      notes.push(`${f.id}: bulk echoed ${f.bulk.received} of ${f.bulk.sent} bytes`);
    }
    if (h) {
      notes.push(
        `${f.id}: tree RSS ${_mib(h.baselineKiB)} MiB idle → ${
          _mib(h.heldKiB)
        } MiB with ${h.held} clients → ` +
          `${_mib(h.afterKiB)} MiB after they left; opening them took ${
            h.openSeconds.toFixed(2)
          } s` +
          (h.guard ? ` (${h.guard})` : ""),
      );
    }
    if (f.shutdown) {
      const s = f.shutdown;
      notes.push(
        `${f.id}: SIGTERM with ${s.descendants} descendant processes: exit ` +
          `${s.signal ? s.signal : s.code}, tree gone in ${s.ms.toFixed(0)} ms` +
          (s.leftovers ? `, ${s.leftovers} left running (ended by the bench, by pid)` : "") +
          (s.killed ? ", needed SIGKILL" : ""),
      );
    }
  }
  const lines = [header, "", _grid(rows), ""];
  if (start) {
    lines.push(
      `CLI start (median of ${start.runs} each, interleaved): echolab --version ${
        start.echolabMs.toFixed(1)
      } ms, ` +
        `empty deno run ${start.emptyMs.toFixed(1)} ms → ${fmtRatio(start.ratio)}`,
      "",
    );
  }
  if (notes.length) lines.push("notes:", ...notes.map((n) => `  ${n}`), "");
  lines.push("goals:");
  for (const g of goals) {
    const mark = g.pass === undefined ? "n/a " : g.pass ? "PASS" : "FAIL";
    lines.push(`  ${mark}  ${g.subject.padEnd(20)} ${g.goal.padEnd(46)} ${g.detail}`);
  }
  return lines.join("\n");
}
