/**
 * When Linux gives up on an unacknowledged segment: tcp_retries2 is not a
 * count but the size of a time budget, "the time N retransmissions would take
 * if the RTO started at TCP_RTO_MIN (200 ms) and doubled up to TCP_RTO_MAX
 * (120 s)" — tcp_model_timeout() in net/ipv4/tcp_timer.c. The clock
 * (tp->retrans_stamp) starts at the first RTO retransmission
 * (tcp_retransmit_skb), not at a tail loss probe (which does not set it); the
 * connection fails at the first RTO expiry after that much time has passed
 * since then (retransmits_timed_out).
 *
 * @module
 */

/**
 * TCP_RTO_MIN, ms.
 *
 * @example
 * ```ts
 * RTO_MIN_MS * 2 ** 3; // 1600: the fourth RTO
 * ```
 */
export const RTO_MIN_MS = 200;
/**
 * TCP_RTO_MAX, ms (net.ipv4.tcp_rto_max_ms on kernels that have it).
 *
 * @example
 * ```ts
 * Math.min(RTO_MIN_MS * 2 ** 12, RTO_MAX_MS); // 120000
 * ```
 */
export const RTO_MAX_MS = 120_000;

/**
 * The give-up budget for `retries2`, in ms (tcp_model_timeout).
 *
 * @example
 * ```ts
 * giveUpBudgetMs(15); // 924600 — Linux's default: ≥ 924.6 s
 * giveUpBudgetMs(2);  // 1400
 * ```
 */
export function giveUpBudgetMs(
  retries2: number,
  rtoMinMs = RTO_MIN_MS,
  rtoMaxMs = RTO_MAX_MS,
): number {
  const linear = Math.floor(Math.log2(Math.floor(rtoMaxMs / rtoMinMs)));
  if (retries2 <= linear) return (2 ** (retries2 + 1) - 1) * rtoMinMs;
  return (2 ** (linear + 1) - 1) * rtoMinMs + (retries2 - linear) * rtoMaxMs;
}

/**
 * The model's retransmission times (ms after the original send): the RTO
 * starts at `rtoMinMs` and doubles, capped at `rtoMaxMs`. The first RTO
 * retransmission starts the give-up clock; every later expiry retransmits
 * while less than the budget has passed since it, and the first one after
 * {@link giveUpCutoffMs} gives up.
 *
 * @example
 * ```ts
 * modelRetransmissions(3); // [200, 600, 1400, 3000] — cut-off 3200, the give-up at 6200
 * ```
 */
export function modelRetransmissions(
  retries2: number,
  rtoMinMs = RTO_MIN_MS,
  rtoMaxMs = RTO_MAX_MS,
): number[] {
  const out: number[] = [rtoMinMs];
  const cutoff = giveUpCutoffMs(rtoMinMs, retries2, rtoMinMs, rtoMaxMs);
  let t = rtoMinMs;
  let rto = Math.min(rtoMinMs * 2, rtoMaxMs);
  while (t + rto < cutoff) {
    t += rto;
    out.push(t);
    rto = Math.min(rto * 2, rtoMaxMs);
  }
  return out;
}

/**
 * When the give-up clock runs out: the first RTO retransmission (not a tail
 * loss probe) plus the budget. The first RTO expiry at or after it gives up.
 *
 * @example
 * ```ts
 * giveUpCutoffMs(427, 2); // 1827: an expiry at 1667 still retransmits, the one at 3300 gives up
 * ```
 */
export function giveUpCutoffMs(
  firstRtoAtMs: number,
  retries2: number,
  rtoMinMs = RTO_MIN_MS,
  rtoMaxMs = RTO_MAX_MS,
): number {
  return firstRtoAtMs + giveUpBudgetMs(retries2, rtoMinMs, rtoMaxMs);
}

/**
 * A duration for people: `924.6 s (15 min 25 s)`, in Chinese `924.6 秒（15 分 25 秒）`.
 *
 * @example
 * ```ts
 * humanDuration(924600); // "924.6 s (15 min 25 s)"
 * humanDuration(7875000, "zh"); // "7875 秒（2 小时 11 分 15 秒）"
 * ```
 */
export function humanDuration(ms: number, lang: "en" | "zh" = "en"): string {
  const s = ms / 1000;
  const num = Number.isInteger(s) ? String(s) : s.toFixed(1);
  const zh = lang === "zh";
  const text = zh ? `${num} 秒` : `${num} s`;
  if (s < 60) return text;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = Math.round(s % 60);
  if (zh) return `${text}（${h ? `${h} 小时 ` : ""}${m} 分${rest ? ` ${rest} 秒` : ""}）`;
  return `${text} (${h ? `${h} h ` : ""}${m} min${rest ? ` ${rest} s` : ""})`;
}
