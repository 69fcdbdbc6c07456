/**
 * `echolab host crash|reboot|shutdown|cut|unreachable|no-route|blackhole|restore|status`:
 * act on the lab's server host, or on the router in front of it, by hand
 * while `echolab connect --lab` waits (UNP §5.14–5.16).
 *
 * @module
 */

import { parseFlags, parseLang, parseSeconds } from "../cli/args.ts";
import type { Bilingual } from "../lang.ts";
import type { Command } from "../cli/command.ts";
import { UsageError } from "../errors.ts";
import { readNdjson, splitEvent } from "../lab/ndjson.ts";
import { labClockStart, readRuntime } from "../lab/runtime_file.ts";
import { HOST_COMMANDS, type HostCommand } from "../lab/host_commands.ts";
import { reportingBus } from "../report/reporter.ts";

const HELP: Bilingual = {
  en: `echolab host — crash, reboot, shut down the lab's server host; fail its router

Usage: echolab host ACTION [options]

Needs a running \`echolab serve --lab\` (terminal 1) and usually an
\`echolab connect --lab\` (terminal 2). Actions:
  crash       the host vanishes: address gone, every process SIGKILLed, no FIN,
              no RST (§5.14). Type a line in terminal 2: it is retransmitted,
              then ETIMEDOUT (after about 27–51 s, depending on the RTO:
              tcp_retries2 = 6 in the lab).
  reboot      the host comes back with a fresh TCP stack and a new server; the
              client's next retransmission meets an RST: ECONNRESET (§5.15).
              (Crashes it first if it is up.)
  shutdown    init sends SIGTERM to every process, SIGKILL after --grace; the
              server's FIN reaches the idle client (§5.16); then power off.
  cut         the host drops off the network but keeps running (cable pulled).
  unreachable the router between client and server answers every packet for
              the server with ICMP host unreachable (ip route replace
              unreachable): the client retransmits, then EHOSTUNREACH (§5.14).
  no-route    the router loses its route to the server's network: ICMP net
              unreachable; a new connect fails at once with ENETUNREACH.
  blackhole   the router drops packets for the server and says nothing.
  restore     undo cut and the router's fault: the retransmission gets
              through, the echo comes back.
  status      the host's state and processes, the client's TCP connections
              (state, unacknowledged bytes, retransmissions, RTO), the router's
              route and the ICMP errors it sent.

Options:
  --grace SECONDS   shutdown: seconds between SIGTERM and SIGKILL (default 5)
  --json            NDJSON events on stdout
  --lang en|zh      language of the explanations (default from LANG)
  -h, --help        this help

Examples:
  echolab host crash
  echolab host status
  echolab host reboot
  echolab host unreachable
  echolab host shutdown --grace 2
`,
  zh: `echolab host — 手动让实验网络的服务器主机崩溃、重启、关机；让它的路由器出故障

用法：echolab host ACTION [选项]

需要一个正在运行的 \`echolab serve --lab\`（终端 1），通常还要一个
\`echolab connect --lab\`（终端 2）。ACTION 可以是：
  crash       主机消失：地址没了，每个进程都被 SIGKILL，没有 FIN，也没有
              RST（§5.14）。在终端 2 输入一行：它会被重传，随后 ETIMEDOUT
              （约 27–51 秒之后，取决于 RTO：实验网络中 tcp_retries2 = 6）。
  reboot      主机带着全新的 TCP 协议栈和新的服务器回来；客户的下一次重传
              遇到 RST：ECONNRESET（§5.15）。（主机还在运行时先让它崩溃。）
  shutdown    init 向每个进程发送 SIGTERM，--grace 之后发送 SIGKILL；服务器
              的 FIN 到达空闲的客户（§5.16）；然后断电。
  cut         主机从网络上断开，但仍在运行（拔掉了网线）。
  unreachable 客户与服务器之间的路由器对每个发往服务器的分组回以 ICMP 主机
              不可达（ip route replace unreachable）：客户继续重传，最后
              EHOSTUNREACH（§5.14）。
  no-route    路由器失去到服务器所在网络的路由：ICMP 网络不可达；新的
              connect 立即以 ENETUNREACH 失败。
  blackhole   路由器丢弃发往服务器的分组，一声不响。
  restore     撤销 cut 和路由器的故障：重传得以通过，回射的内容回来了。
  status      主机的状态和进程，客户的 TCP 连接（状态、未确认的字节数、
              重传次数、RTO），路由器的路由以及它发出的 ICMP 差错。

选项：
  --grace SECONDS   shutdown 在 SIGTERM 与 SIGKILL 之间的宽限期（默认 5）
  --json            在标准输出上输出 NDJSON 事件
  --lang en|zh      解释所用的语言（默认取自 LANG）
  -h, --help        本帮助

示例：
  echolab host crash
  echolab host status
  echolab host reboot
  echolab host unreachable
  echolab host shutdown --grace 2
`,
};

/**
 * The `host` subcommand.
 *
 * @example
 * ```ts
 * await hostCommand.run(["status"], ctx); // as `echolab host status`
 * ```
 */
export const hostCommand: Command = {
  name: "host",
  summary: {
    en: "crash/reboot/shut down the lab's server host or fail its router",
    zh: "让实验网络的服务器主机崩溃、重启、关机，或让它的路由器出故障",
  },
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseFlags("host", args, {
      grace: { type: "string" },
    }, 1);
    const lang = parseLang(values.lang, "host");
    const action = positionals[0];
    const actions = HOST_COMMANDS.join("|");
    if (!action) {
      throw new UsageError(
        { en: `which action? (${actions})`, zh: `哪个动作？（${actions}）` },
        "host",
      );
    }
    if (!(HOST_COMMANDS as readonly string[]).includes(action)) {
      throw new UsageError({
        en: `unknown action '${action}' (${actions})`,
        zh: `未知动作 '${action}'（${actions}）`,
      }, "host");
    }
    const grace = parseSeconds(values.grace, "--grace", "host");
    if (grace !== undefined && action !== "shutdown") {
      throw new UsageError(
        { en: "--grace goes with shutdown", zh: "--grace 只能与 shutdown 一起使用" },
        "host",
      );
    }
    const rt = readRuntime();
    if (!rt) {
      throw new UsageError({
        en: "no lab is running: start one with `echolab serve --lab`",
        zh: "没有正在运行的实验网络：请用 `echolab serve --lab` 启动一个",
      }, "host");
    }
    const { bus } = reportingBus({
      start: labClockStart(rt),
      json: values.json,
      lang,
      stdout: ctx.stdout,
      human: ctx.stdout,
    });
    const conn = await Deno.connect({ transport: "unix", path: rt.socket });
    const request = {
      cmd: action as HostCommand,
      ...(grace !== undefined ? { graceMs: Math.round(grace * 1000) } : {}),
    };
    await conn.write(new TextEncoder().encode(JSON.stringify(request) + "\n"));
    let ok = false;
    let answered = false;
    await readNdjson(conn.readable, (o) => {
      const { actor, kind, fields } = splitEvent(o);
      bus.emit(actor as Parameters<typeof bus.emit>[0], kind, fields);
      if (kind === "host-done") {
        answered = true;
        ok = o.ok === true;
      }
    });
    if (!answered) {
      ctx.stderr.line("echolab: the lab ended before answering");
      return 1;
    }
    return ok ? 0 : 1;
  },
};
