/**
 * When Linux gives up on an unacknowledged segment: tcp_retries2 is not a
 * count but the size of a time budget, "the time N retransmissions would take
 * if the RTO started at TCP_RTO_MIN (200 ms) and doubled up to TCP_RTO_MAX
 * (120 s)" — tcp_model_timeout() in net/ipv4/tcp_timer.c. The connection
 * fails at the first RTO expiry after that much time has passed since the
 * first retransmission.
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
 * starts at `rtoMinMs` and doubles, capped at `rtoMaxMs`; `retries2`
 * retransmissions, and the next expiry (at the budget) gives up.
 *
 * @example
 * ```ts
 * modelRetransmissions(3); // [200, 600, 1400] — and the give-up at 3000
 * ```
 */
export function modelRetransmissions(
  retries2: number,
  rtoMinMs = RTO_MIN_MS,
  rtoMaxMs = RTO_MAX_MS,
): number[] {
  const budget = giveUpBudgetMs(retries2, rtoMinMs, rtoMaxMs);
  const out: number[] = [];
  let t = 0;
  let rto = rtoMinMs;
  while (t + rto < budget) {
    t += rto;
    out.push(t);
    rto = Math.min(rto * 2, rtoMaxMs);
  }
  return out;
}

/**
 * A duration for people: `924.6 s (15 min 25 s)`.
 *
 * @example
 * ```ts
 * humanDuration(924600); // "924.6 s (15 min 25 s)"
 * ```
 */
export function humanDuration(ms: number): string {
  const s = ms / 1000;
  const text = `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  if (s < 60) return text;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = Math.round(s % 60);
  return `${text} (${h ? `${h} h ` : ""}${m} min${rest ? ` ${rest} s` : ""})`;
}
