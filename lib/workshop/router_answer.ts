/**
 * Exercise 13's verify rule (UNP §5.14, the intermediate router): the learner
 * names the error the client got AND the address that sent the ICMP
 * destination unreachable — `--answer "EHOSTUNREACH 198.18.0.254"`. Both are
 * judged against a fresh run of `echolab chaos router-unreachable`: the
 * client's errno in that run, and the source of the ICMP errors the client
 * received (the router: neither the client's nor the server's address).
 * Self-contained, so the rule can move with the other verify rules.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import type { EchoEvent } from "../events.ts";
import { fromRouter } from "../lab/icmp_words.ts";
import { TOPOLOGY } from "../lab/topology.ts";
import type { Verdict } from "./live.ts";
import { judgeAnswer, verifyFromRun } from "./scenario.ts";

/** A parsed answer: the errno and the ICMP's sender. */
export interface RouterAnswer {
  /** The errno name, upper case. */
  errno: string;
  /** The IPv4 address the learner says sent the ICMP. */
  from: string;
}

/**
 * Parse `ERRNO ADDRESS` (any order, space or comma between); a {@link UsageError}
 * when either is missing.
 *
 * @example
 * ```ts
 * parseRouterAnswer(13, "EHOSTUNREACH 198.18.0.254"); // { errno: "EHOSTUNREACH", from: "198.18.0.254" }
 * ```
 */
export function parseRouterAnswer(n: number, answer: string | undefined): RouterAnswer {
  const words = (answer ?? "").trim().split(/[\s,]+/).filter(Boolean);
  const errno = words.find((w) => /^E[A-Z]+$/i.test(w))?.toUpperCase();
  const from = words.find((w) => /^\d{1,3}(\.\d{1,3}){3}$/.test(w));
  if (!errno || !from || words.length !== 2) {
    throw new UsageError({
      en:
        `verify ${n} needs --answer "ERRNO ADDRESS": the error the client got and who sent the ICMP (e.g. --answer "ETIMEDOUT 192.0.2.1")`,
      zh:
        `verify ${n} 需要 --answer "ERRNO 地址"：客户得到的错误，以及是谁发出了 ICMP（例如 --answer "ETIMEDOUT 192.0.2.1"）`,
    }, "workshop");
  }
  return { errno, from };
}

/**
 * Judge `answer` against the events of a router-unreachable run (pure).
 *
 * @example
 * ```ts
 * judgeRouterAnswer(events, { errno: "EHOSTUNREACH", from: "198.18.0.254" }).status; // "pass"
 * ```
 */
export function judgeRouterAnswer(
  scenario: string,
  events: readonly EchoEvent[],
  answer: RouterAnswer,
): Verdict {
  const byErrno = judgeAnswer(scenario, events, answer.errno);
  if (byErrno.status !== "pass") return byErrno;
  const senders = [...new Set(events.filter(fromRouter).map((e) => String(e.from)))];
  if (senders.length === 0) {
    return {
      status: "skipped",
      observed: {
        en: `no ICMP error reached the client in this run of echolab chaos ${scenario}`,
        zh: `在这次 echolab chaos ${scenario} 运行中没有 ICMP 差错到达客户`,
      },
    };
  }
  if (senders.includes(answer.from)) {
    return {
      status: "pass",
      observed: {
        en:
          `yes: the client got ${answer.errno}, and the ICMP destination unreachable came from ${answer.from} — the router, not the server (${TOPOLOGY.serverAddr})`,
        zh:
          `正确：客户得到了 ${answer.errno}，ICMP 目的地不可达来自 ${answer.from}——是路由器，而不是服务器（${TOPOLOGY.serverAddr}）`,
      },
      data: { errno: answer.errno, icmpFrom: senders },
    };
  }
  const server = answer.from === TOPOLOGY.serverAddr;
  return {
    status: "fail",
    observed: {
      en: `the errno is right, but the ICMP did not come from ${answer.from}${
        server ? " — the server host never heard of the segments" : ""
      }: read the source address of the ICMP lines`,
      zh: `errno 是对的，但 ICMP 并非来自 ${answer.from}${
        server ? "——服务器主机根本没收到这些分节" : ""
      }：看一看 ICMP 那几行的源地址`,
    },
    data: { errno: answer.errno, icmpFrom: senders },
  };
}

/**
 * Run `echolab chaos router-unreachable` (or `scenario`) and judge `answer`.
 *
 * @example
 * ```ts
 * await verifyRouterAnswer("router-unreachable", { errno: "EHOSTUNREACH", from: "198.18.0.254" });
 * ```
 */
export function verifyRouterAnswer(scenario: string, answer: RouterAnswer): Promise<Verdict> {
  return verifyFromRun(scenario, (events) => judgeRouterAnswer(scenario, events, answer));
}
