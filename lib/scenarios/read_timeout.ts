/**
 * UNP §14.2 (pointed to from §5.14): a timeout on the client's read. The
 * server host crashes; the client's own timer gives up on the echo after one
 * second, while the kernel — with the host's real tcp_retries2 — is still
 * retransmitting and would go on for a quarter of an hour.
 *
 * @module
 */

import { routerSays } from "./router_words.ts";
import type { Verdict } from "../events.ts";
import { describeRetransmissions, describeWrite, outcomeName, secs } from "../lab/describe.ts";
import { crashThenWrite, echoedConnection } from "./crash_fixture.ts";
import { type LabRunContext, type LabScenario, labScenario } from "./lab_scenario.ts";
import { giveUpBudgetMs, humanDuration } from "../lab/rto_model.ts";

/** The client's read timeout, seconds. */
const _TIMEOUT_S = 1;
/** Linux's default, kept in the lab on purpose: the kernel must not give up first. */
const _RETRIES2 = 15;

const TEXT = {
  book: {
    en:
      "§5.14: to detect that the server host is gone sooner than TCP's retransmissions give up (about 9 minutes), place a timeout on the readline call (§14.2: alarm and SIGALRM, select with a timeout, or SO_RCVTIMEO). The application decides how long an answer may take; TCP keeps retransmitting underneath.",
    zh:
      "§5.14：若想比 TCP 重传放弃（约 9 分钟）更早发现服务器主机已不在，可以给 readline 调用设置超时（§14.2：alarm 与 SIGALRM、带超时的 select，或 SO_RCVTIMEO）。应答可以等多久由应用程序决定；TCP 在底下照样重传。",
  },
  note: {
    en:
      "Deno offers neither SO_RCVTIMEO nor alarm for sockets; the client races the read against a timer — select with a timeout in modern dress — and closes the socket to end the abandoned read. A read timeout cannot tell a dead host from a slow one: the application chooses what to do next (retry, reconnect, report).",
    zh:
      "Deno 不为套接字提供 SO_RCVTIMEO 或 alarm；客户让读操作与一个定时器赛跑——相当于现代写法的带超时 select——并通过关闭套接字结束被放弃的读。读超时无法区分主机已死还是只是慢：接下来怎么做（重试、重连、报告）由应用程序决定。",
  },
};

async function _inLab(ctx: LabRunContext): Promise<Verdict> {
  const { bus } = ctx;
  const conn = await echoedConnection(ctx);
  const { client, obs } = conn;

  const { wrote } = await crashThenWrite(ctx, conn, "anyone there?\n");
  const outcome = await client.read(_TIMEOUT_S);
  const at = client.lastAtMs ?? obs.sinceMark();
  const row = await obs.row();
  await obs.stop();
  if (row) {
    bus.emit("kernel", "tcp-still-trying", {
      state: row.state,
      unacked: row.sendQ,
      backoffs: row.retransmits,
      rto_ms: row.rtoMs,
      // tm->when: how long until the armed timer fires (the next retransmission).
      ...(row.timer === "retransmit" ? { timer_ms: row.timerMs } : {}),
      retransmissions: obs.retransmissions.length,
    });
  }
  client.close();

  const hostRetries2 = ctx.hostValues["net.ipv4.tcp_retries2"] ?? _RETRIES2;
  const budgetMs = giveUpBudgetMs(
    hostRetries2,
    undefined,
    ctx.hostValues["net.ipv4.tcp_rto_max_ms"],
  );
  const timedOut = outcome.kind === "timeout";
  const stillTrying = row?.state === "ESTABLISHED" && obs.retransmissions.length > 0;
  const retrans = describeRetransmissions(obs.retransmissions);
  const result = timedOut
    ? { en: `gave up after ${secs(at)}`, zh: `在 ${secs(at, "zh")}后放弃` }
    : {
      en: `ended with ${outcomeName(outcome)}`,
      zh: `以 ${outcomeName(outcome)} 结束`,
    };
  const kernel = row
    ? {
      en:
        `the connection was still ${row.state} with ${row.sendQ} bytes unacknowledged, ${obs.retransmissions.length} retransmissions so far (${retrans.en}) and an RTO of ${row.rtoMs} ms${
          row.timer === "retransmit" ? `, the next retransmission due in ${row.timerMs} ms` : ""
        }`,
      zh:
        `连接仍处于 ${row.state}，${row.sendQ} 字节未被确认，已重传 ${obs.retransmissions.length} 次（${retrans.zh}），RTO 为 ${row.rtoMs} 毫秒${
          row.timer === "retransmit" ? `，${row.timerMs} 毫秒后再次重传` : ""
        }`,
    }
    : { en: "the kernel had already dropped the connection", zh: "内核已经丢弃了该连接" };
  const observed = ctx.t({
    en: `The server host crashed; the client's write ${
      describeWrite(wrote).en
    } and its read, bounded by a ${_TIMEOUT_S} s timeout, ${result.en}. At that moment ${kernel.en}: with tcp_retries2 = ${hostRetries2} it would have kept retransmitting for ≥ ${
      humanDuration(budgetMs)
    }.`,
    zh: `服务器主机崩溃；客户的写${
      describeWrite(wrote).zh
    }，它带 ${_TIMEOUT_S} 秒超时的读${result.zh}。此时${kernel.zh}：在 tcp_retries2 = ${hostRetries2} 下，它还会继续重传至少 ${
      humanDuration(budgetMs, "zh")
    }。`,
  });
  return {
    scenario: "read-timeout",
    status: timedOut && stillTrying ? "as-book" : "differs",
    book: ctx.t(TEXT.book),
    observed: observed + routerSays(ctx, "static-arp"),
    note: ctx.t(TEXT.note),
  };
}

/**
 * The `read-timeout` scenario.
 *
 * @example
 * ```ts
 * await runScenario(readTimeout, bus, "en", new AbortController().signal);
 * ```
 */
export const readTimeout: LabScenario = labScenario({
  name: "read-timeout",
  emits: [
    "accepted",
    "connected",
    "echo",
    "host-crash",
    "listening",
    "read-timeout",
    "retransmit",
    "tcp-still-trying",
    "worker",
    "write",
  ],
  section: "14.2",
  title: {
    en: "a read timeout gives up on a crashed host long before TCP does",
    zh: "读超时远早于 TCP 放弃崩溃的主机",
  },
  timeoutMs: 10_000,
  sysctls: { "net.ipv4.tcp_retries2": _RETRIES2 },
  inLab: _inLab,
});
