/**
 * One-line summaries of events, in English and Chinese. Addresses, pids,
 * numbers, errno/signal/function names and flags are the same in both
 * languages; the explanation beside them comes from the catalogue.
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";
import type { Bilingual, Lang } from "../lang.ts";
import { formatSockAddr } from "../sys/sockaddr.ts";
import { icmpSummary, packetSummary } from "./packet_summary.ts";
import { BOOK_FORMATS } from "./summary_book.ts";
import { countOf, pluralOf, zhWord } from "../term/words.ts";

const _HIDDEN = new Set(["t", "actor", "kind", "topic"]);

/** The event's `host:port`, an IPv6 host bracketed: [::1]:9877. */
function _hostPort(e: EchoEvent): string {
  const host = String(e.host);
  return formatSockAddr({ family: host.includes(":") ? 6 : 4, host, port: Number(e.port) });
}

type _Fmt = (e: EchoEvent) => Bilingual;

const _FORMATS: Record<string, _Fmt> = {
  listening: (e) => ({
    en: `listening on ${_hostPort(e)} (pid ${e.pid}, engine ${e.engine ?? "deno"}${
      e.reap ? `, --reap ${e.reap}` : ""
    })`,
    zh: `在 ${_hostPort(e)} 上监听（pid ${e.pid}，${e.engine ?? "deno"} 引擎${
      e.reap ? `，--reap ${e.reap}` : ""
    }）`,
  }),
  "warning-wildcard": (e) => ({
    en: `warning: listening on every interface (${e.host}): other machines can connect`,
    zh: `警告：在所有接口上监听（${e.host}）：其他机器也能连接`,
  }),
  accepted: (e) => ({
    en: `accepted ${e.peer} → child ${e.child}${e.worker ? ` (${e.worker})` : ""} (${e.live} live)`,
    zh: `接受了 ${e.peer} → 子进程 ${e.child}${
      e.worker ? `（${e.worker}）` : ""
    }（${e.live} 个活动子进程）`,
  }),
  "accept-aborted": (e) => ({
    en: `accept returned ${e.peer}, already reset (getpeername: ${e.errno}): closed, no child`,
    zh: `accept 返回 ${e.peer}，但连接已被重置（getpeername：${e.errno}）：已关闭，不创建子进程`,
  }),
  refused: (e) => ({
    en: `refused ${e.peer}: ${countOf(e.live, "child")} live, --max-clients ${e.max}` +
      (e.refused !== undefined ? ` (#${e.refused} refused)` : ""),
    zh: `拒绝 ${e.peer}：已有 ${e.live} 个活动子进程，--max-clients ${e.max}` +
      (e.refused !== undefined ? `（第 ${e.refused} 次拒绝）` : ""),
  }),
  "refused-address": (e) => ({
    en:
      `refused ${e.peer}: ${
        countOf(e.live, "child")
      } already serve ${e.address}, --per-address ${e.max}` +
      (e.refused !== undefined ? ` (#${e.refused} refused)` : ""),
    zh: `拒绝 ${e.peer}：已有 ${e.live} 个子进程在服务 ${e.address}，--per-address ${e.max}` +
      (e.refused !== undefined ? `（第 ${e.refused} 次拒绝）` : ""),
  }),
  "child-exited": (e) =>
    e.signal
      ? {
        en: `child ${e.pid} killed by ${e.signal} (${e.live} live)`,
        zh: `子进程 ${e.pid} 被 ${e.signal} 杀死（${e.live} 个活动子进程）`,
      }
      : {
        en: `child ${e.pid} exited with code ${e.code} (${e.live} live)`,
        zh: `子进程 ${e.pid} 退出，退出码 ${e.code}（${e.live} 个活动子进程）`,
      },
  // `shutdown`: reaped by the server's own end (its SIGTERM), whatever its --reap policy.
  reaped: (e) => ({
    en: `reaped child ${e.pid}${e.by ? ` by ${e.by}` : ""}${
      e.shutdown ? ` while shutting down (${e.shutdown})` : ""
    }`,
    zh: `${e.shutdown ? `关闭时（${e.shutdown}）` : ""}回收了子进程 ${e.pid}${
      e.by ? `（${zhWord(e.by)}）` : ""
    }`,
  }),
  // `waitpid`: the handler's loop found nothing at once (0: none ended yet; ECHILD: none left).
  sigchld: (e) => ({
    en: `SIGCHLD delivered (#${e.count})${
      e.waitpid === undefined
        ? ""
        : e.waitpid === 0
        ? ": waitpid returned 0, no child had ended"
        : `: waitpid ${e.waitpid}, no child left`
    }`,
    zh: `SIGCHLD 已递交（第 ${e.count} 次）${
      e.waitpid === undefined
        ? ""
        : e.waitpid === 0
        ? "：waitpid 返回 0，没有已终止的子进程"
        : `：waitpid ${e.waitpid}，已没有子进程`
    }`,
  }),
  "child-zombie": (e) => ({
    en: `child ${e.pid} is a zombie (state ${e.state}, <defunct>): ${e.zombies} now`,
    zh: `子进程 ${e.pid} 成了僵尸进程（状态 ${e.state}，<defunct>）：现有 ${e.zombies} 个`,
  }),
  shutdown: (e) => {
    // Zombies left by --reap none|wait are reaped at shutdown too: say how many.
    const z = typeof e.zombies === "number" && e.zombies > 0 ? e.zombies : 0;
    return {
      en: `${e.signal}: ended ${countOf(e.children, "child")}${
        z ? ` and ${countOf(z, "zombie")}` : ""
      }, all reaped — exit ${e.exit}`,
      zh: `${e.signal}：结束了 ${e.children} 个子进程${
        z ? `和 ${z} 个僵尸进程` : ""
      }，全部已回收——退出码 ${e.exit}`,
    };
  },
  connected: (e) => {
    const index = e.index !== undefined ? ` [#${e.index}]` : "";
    return {
      en: `connected ${e.local} → ${e.peer}${index}`,
      zh: `已连接 ${e.local} → ${e.peer}${index}`,
    };
  },
  write: (e) => ({
    en: `write of ${countOf(e.bytes, "byte")} succeeded`,
    zh: `write 写出 ${e.bytes} 字节：成功`,
  }),
  // Shell syntax only: the same in both languages.
  kill: (e) => _same(`kill -${String(e.signal).replace(/^SIG/, "")} ${e.pid}`),
  // A heading naming the command and the book section: the same in both languages.
  "scenario-start": (e) => _same(`── chaos ${e.scenario} (UNP §${e.section}) ──`),
  // A scenario with several experiments: which one the lines below belong to.
  part: (e) => ({
    en: `── part ${e.n}/${e.of}: ${e.label} ──`,
    zh: `── 第 ${e.n}/${e.of} 部分：${e.label} ──`,
  }),
  "scenario-cleanup": () => ({
    en: "── cleanup: what follows is teardown, not the experiment ──",
    zh: "── 清理：以下是收尾工作，不属于实验 ──",
  }),
  echo: (e) => ({ en: `echoed ${countOf(e.bytes, "byte")}`, zh: `回射了 ${e.bytes} 字节` }),
  "echo-mismatch": (e) => ({
    en: `the reply differs from the line sent: sent "${e.sent}" (${
      countOf(e.sentBytes, "byte")
    }), got "${e.got}" (${countOf(e.gotBytes, "byte")})`,
    zh:
      `回复与发出的行不同：发出 "${e.sent}"（${e.sentBytes} 字节），收到 "${e.got}"（${e.gotBytes} 字节）`,
  }),
  "readline-waiting": (e) => ({
    en: `no whole line back after ${e.seconds} s (${
      countOf(e.got, "byte")
    } of ${e.expected} so far): readline waits for the newline; --timeout gives up`,
    zh:
      `${e.seconds} s 后仍未收到完整的一行（目前收到 ${e.got} 字节，共应 ${e.expected} 字节）：readline 等待换行符；--timeout 可放弃等待`,
  }),
  "stdin-eof": () => ({ en: "EOF on stdin: closing", zh: "标准输入读到 EOF：关闭连接" }),
  // UNP §5.12: str_cli's readline returning 0 while it awaits the echo is the book's
  // "server terminated prematurely" — the line says it, whatever room the gloss has.
  eof: (e) => ({
    en: `read returned 0 (EOF)${
      e.expected !== undefined
        ? ` while expecting ${countOf(e.expected, "byte")}: server terminated prematurely`
        : ""
    }`,
    zh: `read 返回 0（EOF）${
      e.expected !== undefined ? `，而本应读到 ${e.expected} 字节：服务器过早终止` : ""
    }`,
  }),
  // at_ms: a lab client's clock (ms since the observer's mark), the time the verdict quotes.
  // message: the OS's (or runtime's) own text, quoted as is — marked 系统消息 in Chinese.
  error: (e) => ({
    en: `${e.args ? `${e.op}(${e.args})` : e.op}: ${e.errno}${e.message ? ` (${e.message})` : ""}${
      e.at_ms !== undefined ? ` at +${_s(e.at_ms)}` : ""
    }`,
    zh: `${e.at_ms !== undefined ? `+${_s(e.at_ms)} 时 ` : ""}${
      e.args ? `${e.op}(${e.args})` : e.op
    } 失败：${e.errno}${e.message ? `（系统消息：${e.message}）` : ""}`,
  }),
  "read-timeout": (e) => ({
    en: `read: no data after ${e.seconds} s`,
    zh: `read：${e.seconds} s 内没有数据`,
  }),
  "keepalive-on": () => ({ en: "SO_KEEPALIVE on", zh: "已开启 SO_KEEPALIVE" }),
  packet: (e) => ({ en: packetSummary(e, "en"), zh: packetSummary(e, "zh") }),
  icmp: (e) => ({ en: icmpSummary(e, "en"), zh: icmpSummary(e, "zh") }),
  "states-point": (e) => ({
    en: `${e.label ?? "tables"}${e.inLab ? " (read inside the lab)" : ""}: ${
      pluralOf(Array.isArray(e.ports) ? e.ports.length : 0, "port")
    } ${_list(e.ports)}`,
    zh: `${e.label ?? "套接字表和进程表"}${e.inLab ? "（在实验室内读取）" : ""}：端口 ${
      _list(e.ports, "zh")
    }`,
  }),
  "states-none": (e) => ({
    en: `--states: ${e.scenario} marks no moment for the tables`,
    zh: `--states：${e.scenario} 没有标记显示表格的时刻`,
  }),
  "capture-skipped": (e) => ({
    en: `packet capture skipped: ${e.reason}`,
    zh: `已跳过抓包：${e.reason}`,
  }),
  "capture-stats": (e) => ({
    en:
      `capture: ${countOf(e.kept, "segment")} kept (${
        countOf(e.retransmits, "retransmission")
      }) of ${countOf(e.seen, "packet")}` +
      (e.pcap ? `, ${e.pcapRecords} written to ${e.pcap}` : "") +
      (Number(e.kernelDrops) ? `, ${e.kernelDrops} dropped by the kernel` : ""),
    zh: `抓包：${e.seen} 个分组中保留了 ${e.kept} 个分节（${e.retransmits} 次重传）` +
      (e.pcap ? `，${e.pcapRecords} 个写入 ${e.pcap}` : "") +
      (Number(e.kernelDrops) ? `，内核丢弃了 ${e.kernelDrops} 个` : ""),
  }),
  ...BOOK_FORMATS,
  read: (e) => ({ en: `read ${countOf(e.bytes, "byte")}`, zh: `read 读到 ${e.bytes} 字节` }),
  // The lab network (lib/lab).
  "lab-sysctl": (e) => ({
    en: `${e.name} = ${e.lab} in the lab${e.on === "router" ? "'s router" : ""}${
      e.host !== undefined ? ` (this host: ${e.host})` : ""
    }`,
    zh: `实验室${e.on === "router" ? "的路由器" : ""}中 ${e.name} = ${e.lab}${
      e.host !== undefined ? `（本机：${e.host}）` : ""
    }`,
  }),
  "lab-ready": (e) => ({
    en: `lab up: client host ${e.client}${
      e.router ? `, router ${e.router}` : ""
    }, server host ${e.server}`,
    zh: `实验室已就绪：客户主机 ${e.client}${
      e.router ? `，路由器 ${e.router}` : ""
    }，服务器主机 ${e.server}`,
  }),
  "lab-demo": (e) => ({
    en: `ready — terminal 2: ${e.connect}; terminal 3: ${e.host}`,
    zh: `已就绪——终端 2：${e.connect}；终端 3：${e.host}`,
  }),
  "host-crash": (e) => ({
    en: `server host crashed: ${e.address} gone, SIGKILL → ${_list(e.killed) || "no process"}`,
    zh: `服务器主机崩溃了：${e.address} 已消失，SIGKILL → ${_list(e.killed, "zh") || "没有进程"}`,
  }),
  "host-reboot": (e) => ({
    en: `server host rebooted (boot #${e.generation}, ${e.netns})`,
    zh: `服务器主机重启了（第 ${e.generation} 次启动，${e.netns}）`,
  }),
  "init-sigterm": (e) => ({
    en: `init: SIGTERM → ${_list(e.pids) || "no process"}`,
    zh: `init 发出 SIGTERM → ${_list(e.pids, "zh") || "没有进程"}`,
  }),
  "init-sigkill": (e) => ({
    en: `init: SIGKILL → ${_list(e.pids)}`,
    zh: `init 发出 SIGKILL → ${_list(e.pids, "zh") || "没有进程"}`,
  }),
  "host-off": (e) => ({
    en: `server host powered off (${e.terminated} got SIGTERM, ${e.killed} needed SIGKILL)`,
    zh: `服务器主机已关闭电源（${e.terminated} 个进程收到 SIGTERM，${e.killed} 个需要 SIGKILL）`,
  }),
  "host-cut": (e) => ({
    en: `server host cut off the network (${e.address} gone; processes live on)`,
    zh: `服务器主机与网络断开（${e.address} 已消失；进程仍在运行）`,
  }),
  "router-route": (e) => ({
    en: e.route === "forwarding"
      ? `router ${e.router} forwards to the server again (${e.command})`
      : `router ${e.router}: ${e.command} — ${
        e.route === "blackhole"
          ? "packets for the server are dropped, no ICMP"
          : `packets for the server get ICMP ${
            e.route === "no-route" ? "net unreachable (code 0)" : "host unreachable (code 1)"
          }`
      }`,
    zh: e.route === "forwarding"
      ? `路由器 ${e.router} 恢复向服务器转发（${e.command}）`
      : `路由器 ${e.router}：${e.command}——${
        e.route === "blackhole"
          ? "发往服务器的分组被丢弃，没有 ICMP"
          : `发往服务器的分组得到 ICMP ${
            e.route === "no-route" ? "网络不可达（代码 0）" : "主机不可达（代码 1）"
          }`
      }`,
  }),
  "router-icmp": (e) => ({
    en: `router ${e.router}: ${e.dest_unreachable} ICMP destination unreachable sent${
      e.rate_limited !== undefined ? `, ${e.rate_limited} held back by icmp_ratelimit` : ""
    } (its counters OutDestUnreachs, OutRateLimitHost)`,
    zh: `路由器 ${e.router}：发出 ${e.dest_unreachable} 个 ICMP 目的地不可达${
      e.rate_limited !== undefined ? `，${e.rate_limited} 个被 icmp_ratelimit 压下` : ""
    }（它的计数器 OutDestUnreachs、OutRateLimitHost）`,
  }),
  "host-restore": (e) => ({
    en: `server host back on the network (${e.address})`,
    zh: `服务器主机重新连上了网络（${e.address}）`,
  }),
  "host-status": (e) => {
    const clients = (e.clients as Record<string, unknown>[] | undefined)?.map((c) =>
      // backoffs: the kernel's RTO retransmissions of the oldest segment (a TLP is not one).
      `${c.local} ${c.state} unacked=${c.unacked} rto-retransmissions=${c.backoffs} rto=${c.rto_ms}ms`
    ).join("; ");
    const router = e.route === undefined ? undefined : {
      en: `; router ${e.router} ${e.route}, ICMP unreachable sent: ${e.icmp_unreachable_sent}${
        e.icmp_rate_limited !== undefined
          ? `, held back by its rate limit: ${e.icmp_rate_limited}`
          : ""
      }`,
      zh: `；路由器 ${e.router} ${e.route}，已发出 ICMP 不可达：${e.icmp_unreachable_sent}${
        e.icmp_rate_limited !== undefined ? `，被速率限制压下：${e.icmp_rate_limited}` : ""
      }`,
    };
    return {
      en: `server host ${e.state} (boot #${e.generation}); processes: ${
        _list(e.processes) || "none"
      }; client connections: ${clients || "none"}${router?.en ?? ""}`,
      zh: `服务器主机${zhWord(e.state)}（第 ${e.generation} 次启动）；进程：${
        _list(e.processes, "zh") || "无"
      }；客户连接：${clients || "无"}${router?.zh ?? ""}`,
    };
  },
  "host-done": (e) => ({
    en: `${e.command}: ${e.ok ? "done" : `not done — ${e.message}`} (server host ${e.state})`,
    zh: `${e.command}：${e.ok ? "完成" : `未完成——${e.message}`}（服务器主机${zhWord(e.state)}）`,
  }),
  retransmit: (e) =>
    e.trigger === "tlp"
      ? {
        en: `tail loss probe: segment resent (seen at +${_s(e.at_ms)})`,
        zh: `尾部丢失探测（TLP）：重发了分节（+${_s(e.at_ms)} 时看到）`,
      }
      : {
        en: `retransmission #${e.n} (seen at +${_s(e.at_ms)})${
          e.rto_ms !== undefined ? `, next RTO ${e.rto_ms} ms` : ""
        }`,
        zh: `第 ${e.n} 次重传（+${_s(e.at_ms)} 时看到）${
          e.rto_ms !== undefined ? `，下一次 RTO ${e.rto_ms} ms` : ""
        }`,
      },
  "keepalive-probe": (e) => ({
    en: `keepalive probe #${e.n} (seen after +${_s(e.at_ms)} of idleness)`,
    zh: `第 ${e.n} 个保持存活探测（空闲 +${_s(e.at_ms)} 时看到）`,
  }),
  // The observer reports a connection it had no row for as coming from CLOSED: a new one.
  "tcp-state": (e) =>
    e.from === "CLOSED" && e.to !== "CLOSED"
      ? {
        en: `new client connection, in ${e.to}`,
        zh: `出现新的客户连接，状态为 ${e.to}`,
      }
      : {
        en: `client TCP ${e.from} → ${e.to}${_seen(e, "en")}`,
        zh: `客户 TCP ${e.from} → ${e.to}${_seen(e, "zh")}`,
      },
  "tcp-gave-up": (e) => ({
    en: `TCP gave up (seen at +${_s(e.at_ms)}; ${countOf(e.retransmissions, "retransmission")}, ${
      countOf(e.probes, "probe")
    })`,
    zh: `TCP 放弃了（+${_s(e.at_ms)} 时看到；${e.retransmissions} 次重传，${e.probes} 个探测）`,
  }),
  "rst-received": (e) => ({
    en: `RST received (seen at +${_s(e.at_ms)} by polling the socket)`,
    zh: `收到了 RST（轮询套接字时于 +${_s(e.at_ms)} 看到）`,
  }),
  neighbour: (e) => ({
    en: `${e.host === "router" ? "the router's " : ""}ARP entry for ${e.ip}: ${e.state}`,
    zh: `${e.host === "router" ? "路由器上 " : ""}${e.ip} 的 ARP 表项：${zhWord(e.state)}`,
  }),
  "rto-revert": (e) => ({
    en: `RTO ${e.from_ms} → ${e.to_ms} ms (an unreachable error undid a backoff)`,
    zh: `RTO ${e.from_ms} → ${e.to_ms} ms（一个不可达错误撤销了一次退避）`,
  }),
  "tcp-still-trying": (e) => ({
    en: `kernel still trying: ${e.state}, ${countOf(e.unacked, "byte")} unacknowledged, ${
      countOf(e.retransmissions, "retransmission")
    }, RTO ${e.rto_ms} ms${
      e.timer_ms !== undefined ? `, next retransmission in ${e.timer_ms} ms` : ""
    }`,
    zh:
      `内核仍在尝试：${e.state}，${e.unacked} 字节未被确认，${e.retransmissions} 次重传，RTO ${e.rto_ms} ms${
        e.timer_ms !== undefined ? `，${e.timer_ms} ms 后再次重传` : ""
      }`,
  }),
};

/**
 * Every event kind with its own summary format (others get `kind key=value …`).
 *
 * @example
 * ```ts
 * SUMMARY_KINDS.includes("child-exited"); // true
 * ```
 */
export const SUMMARY_KINDS: readonly string[] = Object.keys(_FORMATS);

/** A text with no words to translate: the same in both languages. */
function _same(text: string): Bilingual {
  return { en: text, zh: text };
}

/** A list in a sentence: `1, 2` in English; in Chinese the enumeration comma, `1、2`. */
function _list(v: unknown, lang: "en" | "zh" = "en"): string {
  return Array.isArray(v) ? v.join(lang === "zh" ? "、" : ", ") : "";
}

/** ` (seen at +1.23 s)`: a /proc poller's observation time, when the event has one. */
function _seen(e: EchoEvent, lang: Lang): string {
  if (typeof e.at_ms !== "number") return "";
  return lang === "zh" ? `（+${_s(e.at_ms)} 时看到）` : ` (seen at +${_s(e.at_ms)})`;
}

function _s(ms: unknown): string {
  return `${((ms as number) / 1000).toFixed(2)} s`;
}

/**
 * A short summary of `e` in `lang`: a known format for common kinds,
 * `kind k=v …` (the same in every language) otherwise.
 *
 * @example
 * ```ts
 * summarize({ t: 1, actor: "client", kind: "echo", bytes: 6 }); // "echoed 6 bytes"
 * summarize({ t: 1, actor: "client", kind: "echo", bytes: 6 }, "zh"); // "回射了 6 字节"
 * ```
 */
export function summarize(e: EchoEvent, lang: Lang = "en"): string {
  const fmt = _FORMATS[e.kind];
  if (fmt) return fmt(e)[lang];
  const parts = Object.entries(e)
    .filter(([k, v]) => !_HIDDEN.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  return [e.kind, ...parts].join(" ");
}
