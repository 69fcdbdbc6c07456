/**
 * Words for the ICMP errors a lab scenario saw on the client's link, in both
 * languages: who sent them (the router, by address), type and code, when,
 * and which segment each quotes — and, when fewer came back than segments
 * went out, the router's own count of the ones its rate limit held back.
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";
import type { Bilingual } from "../lang.ts";
import { ZH_LIST_SEPARATOR } from "../explain/glossary.ts";
import type { IcmpCounters } from "./router_host.ts";
import { TOPOLOGY } from "./topology.ts";

/** `1.44, 3.17` — seconds after the mark, two decimals. */
function _times(icmps: readonly EchoEvent[], markBusT: number, sep = ", "): string {
  return icmps.map((e) => ((e.t - markBusT) / 1000).toFixed(2)).join(sep);
}

const _CODE_NAME: Record<number, Bilingual> = {
  0: { en: "net unreachable", zh: "网络不可达" },
  1: { en: "host unreachable", zh: "主机不可达" },
  3: { en: "port unreachable", zh: "端口不可达" },
  13: { en: "administratively prohibited", zh: "被管理性禁止" },
};

/**
 * The ICMP errors sent by the router, as a clause: `the router (198.18.0.254)
 * sent 2 ICMP errors, type 3 code 1 (host unreachable), at 1.44, 3.17 s, each
 * quoting the client's segment 198.18.0.1:39456 → 198.18.1.2:9877 seq 3598346979`.
 *
 * @example
 * ```ts
 * describeIcmps(icmp.events, markBusT).en;
 * ```
 */
export function describeIcmps(icmps: readonly EchoEvent[], markBusT: number): Bilingual {
  if (icmps.length === 0) {
    return { en: "no ICMP error reached the client", zh: "没有任何 ICMP 差错到达客户" };
  }
  const senders = [...new Set(icmps.map((e) => String(e.from)))];
  const kinds = [...new Set(icmps.map((e) => `${e.type}/${e.code}`))].map((k) => {
    const [type, code] = k.split("/").map(Number);
    const name = _CODE_NAME[code] ?? { en: `code ${code}`, zh: `代码 ${code}` };
    return {
      en: `type ${type} code ${code} (${type === 3 ? name.en : "?"})`,
      zh: `类型 ${type} 代码 ${code}（${type === 3 ? name.zh : "?"}）`,
    };
  });
  // Relative to the ISN when the capture knew it, as the packet lines show it.
  const seqs = [...new Set(icmps.map((e) => String(e.quotedSeqRel ?? e.quotedSeq)))];
  const quoted = (sep: string) =>
    `${icmps[0].quotedFrom} → ${icmps[0].quotedTo} seq ${seqs.join(sep)}`;
  const n = icmps.length;
  return {
    en: `the router (${senders.join(", ")}) sent ${n} ICMP error${n === 1 ? "" : "s"}, ${
      kinds.map((k) => k.en).join(" and ")
    }, at ${_times(icmps, markBusT)} s, ${n === 1 ? "" : "each "}quoting the client's segment ${
      quoted(", ")
    }`,
    zh: `路由器（${senders.join(ZH_LIST_SEPARATOR)}）在 ${
      _times(icmps, markBusT, ZH_LIST_SEPARATOR)
    } 秒发出了 ${n} 个 ICMP 差错，${kinds.map((k) => k.zh).join("和")}，${
      n === 1 ? "" : "每个都"
    }引用了客户的分节 ${quoted(ZH_LIST_SEPARATOR)}`,
  };
}

/**
 * True when an ICMP error came from the router: neither the client's nor the
 * server's address.
 *
 * @example
 * ```ts
 * icmp.events.filter(fromRouter);
 * ```
 */
export function fromRouter(e: EchoEvent): boolean {
  return e.kind === "icmp" && e.from !== TOPOLOGY.clientAddr && e.from !== TOPOLOGY.serverAddr;
}

/**
 * Why fewer ICMP errors came back than segments went out: the router's rate
 * limits, with its own counter and settings. Empty when every segment got one.
 * `settings` holds the router's `net.ipv4.icmp_ratelimit` / `icmp_ratemask`,
 * the host's own icmp_ratelimit as `net.ipv4.icmp_ratelimit:host`, and the
 * host's `net.ipv4.route.error_cost` / `error_burst` (global, in jiffies),
 * when known; `viaIpError`: the ICMPs came from ip_error (a route
 * that is missing or `unreachable`), which has a limit of its own.
 *
 * @example
 * ```ts
 * rateLimitWords(3, 5, counters, { "net.ipv4.icmp_ratelimit": 1000 }, true).en;
 * ```
 */
export function rateLimitWords(
  icmps: number,
  segments: number,
  counters: IcmpCounters,
  settings: Record<string, number>,
  viaIpError: boolean,
): Bilingual {
  if (icmps >= segments) return { en: "", zh: "" };
  const v = (name: string, unit = "") =>
    settings[name] !== undefined ? ` = ${settings[name]}${unit}` : "";
  const held = counters.outRateLimitHost;
  const ipError = viaIpError
    ? {
      en: ` ip_error, which answers for a missing or unreachable route, first spends error_cost${
        v("net.ipv4.route.error_cost")
      } jiffies from a token bucket per sender that refills with time and holds at most error_burst${
        v("net.ipv4.route.error_burst")
      } (net.ipv4.route.*, global to the kernel); without enough tokens it stays silent.`,
      zh: `ip_error（为缺失或 unreachable 的路由作答）先从每个发送方的令牌桶中花费 error_cost${
        v("net.ipv4.route.error_cost")
      } 个 jiffy；令牌随时间补充，最多 error_burst${
        v("net.ipv4.route.error_burst")
      }（net.ipv4.route.*，对整个内核有效）；令牌不够时它就不作声。`,
    }
    : { en: "", zh: "" };
  const off = settings["net.ipv4.icmp_ratelimit"] === 0;
  const hostLimit = settings["net.ipv4.icmp_ratelimit:host"];
  const counted = held === undefined || off ? { en: "", zh: "" } : {
    en: ` The router's counter OutRateLimitHost = ${held} counts that second limit only.`,
    zh: `路由器的计数器 OutRateLimitHost = ${held} 只统计这后一种限制。`,
  };
  const second = off
    ? {
      en: ` A second limit, icmp_send's net.ipv4.icmp_ratelimit (ms per destination${
        hostLimit !== undefined ? `, ${hostLimit} on this host` : ""
      }, for the types in icmp_ratemask; icmpv4_xrlim_allow), is off on the lab's router (0): with both on, whether the first segments get an ICMP varies from run to run. icmp_send's global budget (net.ipv4.icmp_msgs_per_sec and icmp_msgs_burst; icmp_global_allow) still applies.`,
      zh: `第二道限制是 icmp_send 的 net.ipv4.icmp_ratelimit（每个目的地的毫秒数${
        hostLimit !== undefined ? `，本机为 ${hostLimit}` : ""
      }，作用于 icmp_ratemask 中的类型；icmpv4_xrlim_allow），在实验室的路由器上被关闭（0）：两道都开时，最初几个分节能否换来 ICMP 每次运行都不一样。icmp_send 的全局预算（net.ipv4.icmp_msgs_per_sec 和 icmp_msgs_burst；icmp_global_allow）仍然有效。`,
    }
    : {
      en:
        ` Then icmp_send checks a global budget (net.ipv4.icmp_msgs_per_sec and icmp_msgs_burst; icmp_global_allow) and applies net.ipv4.icmp_ratelimit${
          v("net.ipv4.icmp_ratelimit", " ms")
        } per destination to the types in icmp_ratemask${
          v("net.ipv4.icmp_ratemask")
        } (bit 3: destination unreachable; icmpv4_xrlim_allow).`,
      zh:
        `然后 icmp_send 检查一份全局预算（net.ipv4.icmp_msgs_per_sec 和 icmp_msgs_burst；icmp_global_allow），并对 icmp_ratemask${
          v("net.ipv4.icmp_ratemask")
        } 中的类型（第 3 位：目的地不可达）按目的地施加 net.ipv4.icmp_ratelimit${
          v("net.ipv4.icmp_ratelimit", " 毫秒")
        }（icmpv4_xrlim_allow）。`,
    };
  return {
    en: ` Only ${icmps} ICMP error${
      icmps === 1 ? "" : "s"
    } came back for ${segments} segments: a router limits the errors it reports to one sender.${ipError.en}${second.en}${counted.en}`,
    zh:
      `${segments} 个分节只换回 ${icmps} 个 ICMP 差错：路由器会限制它向同一发送方报告差错的速率。${ipError.zh}${second.zh}${counted.zh}`,
  };
}
