/**
 * What the lab's router did during a scenario, in one sentence per
 * language, from its own ICMP counters (read in its namespace, not assumed):
 * every lab scenario's verdict says it.
 *
 * @module
 */

import type { Bilingual } from "../lang.ts";
import { fromRouter } from "../lab/icmp_words.ts";
import type { LabRunContext } from "./lab_scenario.ts";
import type { IcmpCounters } from "../lab/router_host.ts";
import { TOPOLOGY } from "../lab/topology.ts";

/**
 * The sentence for a router that sent no ICMP error (`sent` = 0; `why` adds
 * the reason it stayed silent); empty when it sent some — the scenario then
 * describes the ones the client received.
 *
 * @example
 * ```ts
 * routerWords(0, "static-arp").en; // "The router between them (198.18.0.254 …) forwarded …"
 * ```
 */
export function routerWords(sent: number, why?: "static-arp"): Bilingual {
  const who = `${TOPOLOGY.routerClientAddr} / ${TOPOLOGY.routerServerAddr}`;
  if (sent === 0) {
    return {
      en:
        `The router between them (${who}) forwarded every segment, and no ICMP error from it reached the client${
          why === "static-arp"
            ? ": it holds a static ARP entry for the server, so it never learned the host was gone"
            : ""
        }.`,
      zh: `两者之间的路由器（${who}）转发了每个分节，客户没有收到它的任何 ICMP 差错${
        why === "static-arp" ? "：它为服务器保存了一条静态 ARP 表项，因此从未得知主机已经不在" : ""
      }。`,
    };
  }
  // The scenario tells the ICMPs it saw on the wire; the raw counters are in the router-icmp event.
  return { en: "", zh: "" };
}

/**
 * The router sentence for the running lab, with a separating space in English.
 *
 * @example
 * ```ts
 * const observed = ctx.t({ en: "…", zh: "…" }) + routerSays(ctx, "static-arp");
 * ```
 */
export function routerSays(ctx: LabRunContext, why?: "static-arp"): string {
  // What reached the client, not the router's counters: those also count its answers
  // to the server host's own traffic (its DNS queries to a resolver the lab cannot reach).
  if (ctx.icmp.skipped) return ""; // nothing was watched: say nothing
  const sent = ctx.icmp.events.filter(fromRouter).length;
  const text = ctx.t(routerWords(sent, why));
  return ctx.lang === "en" && text ? ` ${text}` : text;
}

/**
 * Publish the router's ICMP counters as a `router-icmp` event (what it sent,
 * what its rate limit held back); resolves to them, or undefined when the
 * router is gone.
 *
 * @example
 * ```ts
 * const counters = reportRouterIcmp(ctx);
 * ```
 */
export function reportRouterIcmp(ctx: LabRunContext): IcmpCounters | undefined {
  let c: IcmpCounters;
  try {
    c = ctx.lab.router.icmpCounters();
  } catch {
    return undefined;
  }
  ctx.bus.emit("lab", "router-icmp", {
    router: TOPOLOGY.routerClientAddr,
    route: ctx.lab.router.route,
    dest_unreachable: c.outDestUnreachs,
    sent: c.outMsgs,
    ...(c.outRateLimitHost !== undefined ? { rate_limited: c.outRateLimitHost } : {}),
    ...(c.outRateLimitGlobal !== undefined ? { rate_limited_global: c.outRateLimitGlobal } : {}),
    topic: "icmp-rate-limit",
  });
  return c;
}
