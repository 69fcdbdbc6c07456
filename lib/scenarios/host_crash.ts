/**
 * UNP §5.14, crashing of the server host: the host vanishes without a word
 * (no FIN, no RST); the client's next write succeeds, TCP retransmits it with
 * a doubling RTO, and finally the read fails with ETIMEDOUT. In the lab's own
 * network namespace tcp_retries2 is shortened so this takes seconds, and the
 * host's real value gives the real timeline (≥ 924.6 s by default).
 *
 * @module
 */

import { routerSays } from "./router_words.ts";
import type { Verdict } from "../events.ts";
import { crashThenWrite, echoedConnection } from "./crash_fixture.ts";
import { type LabRunContext, type LabScenario, labScenario } from "./lab_scenario.ts";
import { giveUpBudgetMs, giveUpCutoffMs, humanDuration } from "../lab/rto_model.ts";
import { countOf } from "../term/words.ts";
import {
  describeRetransmissions,
  describeWrite,
  doubling,
  outcomeName,
  secs,
} from "../lab/describe.ts";

/** tcp_retries2 inside the lab: a 1.4 s budget, about 3.4 s to the error. */
const _LAB_RETRIES2 = 2;

const TEXT = {
  book: {
    en:
      "§5.14: when the server host crashes nothing is sent on the connection. The client's write succeeds (the data only reaches the socket's send buffer), TCP retransmits the segment, waiting longer each time — Berkeley-derived implementations retransmit 12 times, about 9 minutes — then gives up, and the blocked readline returns ETIMEDOUT (EHOSTUNREACH or ENETUNREACH if an intermediate router reported the host unreachable).",
    zh:
      "§5.14：服务器主机崩溃时，连接上不会发出任何分节。客户的写操作成功（数据只是进入了套接字发送缓冲区），TCP 重传该分节，每次等待更久——源自Berkeley的实现重传 12 次，约 9 分钟——然后放弃，阻塞中的 readline 返回 ETIMEDOUT（若中间路由器报告主机不可达，则为 EHOSTUNREACH 或 ENETUNREACH）。",
  },
};

/**
 * The run against the rule: the cut-off is the first RTO retransmission plus
 * the lab's budget; say which RTO expiries came before it and when TCP gave up,
 * only as observed.
 */
function _cutoff(rtoTimes: number[], gaveUpAt: number | undefined): { en: string; zh: string } {
  if (rtoTimes.length === 0) return { en: "", zh: "" };
  const cutoff = giveUpCutoffMs(rtoTimes[0], _LAB_RETRIES2);
  const before = rtoTimes.filter((t) => t < cutoff).length;
  const after = rtoTimes.length - before;
  const gave = gaveUpAt !== undefined && gaveUpAt >= cutoff && after === 0;
  return {
    en: `Here the first RTO retransmission at ${secs(rtoTimes[0])} plus the lab's ${
      secs(giveUpBudgetMs(_LAB_RETRIES2))
    } budget (tcp_retries2 = ${_LAB_RETRIES2}) put the cut-off at ${
      secs(cutoff)
    } after the write: ${countOf(before, "RTO retransmission")} came before it${
      after ? `, ${after} after it` : ""
    }${gave ? `, and TCP gave up at the next expiry (seen at ${secs(gaveUpAt!)})` : ""}. `,
    zh: `本次运行中，第一次 RTO 重传在 ${secs(rtoTimes[0], "zh")}，加上实验室 ${
      secs(giveUpBudgetMs(_LAB_RETRIES2), "zh")
    }的预算（tcp_retries2 = ${_LAB_RETRIES2}），截止点是写之后 ${
      secs(cutoff, "zh")
    }：其前有 ${before} 次 RTO 重传${after ? `，其后有 ${after} 次` : ""}${
      gave ? `，TCP 在下一次到期时放弃（${secs(gaveUpAt!, "zh")}时观察到）` : ""
    }。`,
  };
}

async function _inLab(ctx: LabRunContext): Promise<Verdict> {
  const conn = await echoedConnection(ctx);
  const { client, obs } = conn;

  const { victims, wrote } = await crashThenWrite(ctx, conn, "anyone there?\n");
  const outcome = await client.read();
  // When the read returned: the time of the error event, not after the observer's last look.
  const at = client.lastAtMs ?? obs.sinceMark();
  await obs.stop();

  const errno = outcomeName(outcome);
  const rtos = obs.retransmissions.filter((r) => r.kind === "rto");
  const hostRetries2 = ctx.hostValues["net.ipv4.tcp_retries2"] ?? 15;
  const rtoMax = ctx.hostValues["net.ipv4.tcp_rto_max_ms"];
  const realBudget = giveUpBudgetMs(hostRetries2, undefined, rtoMax);
  const cut = _cutoff(rtos.map((r) => r.atMs), obs.gaveUpAtMs);
  const asBook = wrote === undefined && errno === "ETIMEDOUT" && rtos.length >= 2 &&
    doubling(obs.retransmissions);
  const retrans = describeRetransmissions(obs.retransmissions);

  const observed = ctx.t({
    en:
      `The server host crashed: its address was removed and ${victims.length} processes got SIGKILL — nothing reached the client. The client's write ${
        describeWrite(wrote).en
      }; the kernel retransmitted it ${obs.retransmissions.length} times: ${retrans.en}. With tcp_retries2 = ${_LAB_RETRIES2} in the lab the read failed with ${errno} ${
        secs(at)
      } after the write.`,
    zh:
      `服务器主机崩溃：它的地址被删除，${victims.length} 个进程收到 SIGKILL——没有任何分节到达客户。客户的写${
        describeWrite(wrote).zh
      }；内核把它重传了 ${obs.retransmissions.length} 次：${retrans.zh}。实验室中 tcp_retries2 = ${_LAB_RETRIES2}，写之后 ${
        secs(at)
      } 读操作以 ${errno} 失败。`,
  });
  const note = ctx.t({
    en:
      `Linux counts time, not retransmissions: tcp_retries2 = N is a budget of 0.2·(2^(N+1)−1) s for N ≤ 9, then 120 s more per step (tcp_model_timeout), and its clock starts at the first RTO retransmission (tcp_retransmit_skb sets retrans_stamp; a tail loss probe does not). Each later RTO expiry retransmits while less than the budget has passed since then, and the first one after that gives up. ${cut.en}This host's tcp_retries2 = ${hostRetries2} means ≥ ${
        humanDuration(realBudget)
      } before ETIMEDOUT, the RTO doubling from 200 ms to its 120 s ceiling — longer than the book's 12 retransmissions ≈ 9 min. The first retransmission, about 0.2 s after the write, is a tail loss probe (RFC 8985), not an RTO expiry. With the real timers, a router that looks the server up by ARP (or, on a shared LAN, the client itself) would find it gone long before that and the error would be EHOSTUNREACH (see host-unreachable, router-unreachable); ETIMEDOUT is what a path that drops silently gives — here the lab's router, whose static ARP entry keeps it forwarding into the dead link.`,
    zh:
      `Linux 计的是时间而不是次数：tcp_retries2 = N 在 N ≤ 9 时是 0.2·(2^(N+1)−1) 秒的预算，此后每多 1 再加 120 秒（tcp_model_timeout），从第一次 RTO 重传开始计时（tcp_retransmit_skb 设置 retrans_stamp；尾部丢失探测不设置它）。此后每次 RTO 到期，只要经过的时间还不到预算就继续重传，超过之后的第一次到期则放弃。${cut.zh}本机的 tcp_retries2 = ${hostRetries2}，意味着 ETIMEDOUT 之前至少要 ${
        humanDuration(realBudget, "zh")
      }，RTO 从 200 毫秒加倍到 120 秒上限——比书中的重传 12 次约 9 分钟更长。写之后约 0.2 秒的第一次重传是尾部丢失探测（RFC 8985），而不是 RTO 到期。在真实的计时器下，用 ARP 查找服务器的路由器（或者在共享的局域网上，客户自己）会早得多地发现它已不在，错误将是 EHOSTUNREACH（见 host-unreachable、router-unreachable）；ETIMEDOUT 是静默丢包的路径给出的结果——这里就是实验室的路由器，它的静态 ARP 表项让它一直向已死的链路转发。`,
  });

  return {
    scenario: "host-crash",
    status: asBook ? "as-book" : "differs",
    book: ctx.t(TEXT.book),
    observed: observed + routerSays(ctx, "static-arp"),
    note,
  };
}

/**
 * The `host-crash` scenario.
 *
 * @example
 * ```ts
 * await runScenario(hostCrash, bus, "en", new AbortController().signal);
 * ```
 */
export const hostCrash: LabScenario = labScenario({
  name: "host-crash",
  emits: [
    "accepted",
    "connected",
    "echo",
    "error",
    "host-crash",
    "listening",
    "retransmit",
    "tcp-gave-up",
    "tcp-state",
    "worker",
    "write",
  ],
  section: "5.14",
  title: {
    en: "the server host crashes: retransmissions with a doubling RTO, then ETIMEDOUT",
    zh: "服务器主机崩溃：RTO 加倍的重传，然后 ETIMEDOUT",
  },
  timeoutMs: 10_000,
  sysctls: { "net.ipv4.tcp_retries2": _LAB_RETRIES2 },
  inLab: _inLab,
});
