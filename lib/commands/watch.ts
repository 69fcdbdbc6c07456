/**
 * `echolab watch`: the book's netstat and ps, live and annotated, beside any
 * server — the sockets of a port (both ends, the listener too) and the
 * process tree of the server that owns it, read from /proc; one annotated
 * line per change; packets when this process may capture them.
 *
 * @module
 */

import { parseCount, parseFlags, parseLang, parsePort } from "../cli/args.ts";
import type { Command } from "../cli/command.ts";
import { UsageError } from "../errors.ts";
import { canCaptureHere } from "../capture/cap_net_raw.ts";
import { type Capture, startCapture } from "../capture/start_capture.ts";
import { type EchoEvent, EventBus } from "../events.ts";
import { TOPOLOGY } from "../lab/topology.ts";
import type { Bilingual, Lang } from "../lang.ts";
import { icmpSummary, packetSummary } from "../report/packet_summary.ts";
import { TimeOrder } from "../report/time_order.ts";
import { changeLine } from "../watch/annotate.ts";
import { labSources, watchInLab } from "../watch/lab_watch.ts";
import { listeningPorts, Observer, processExists } from "../watch/observer.ts";
import { composeScreen, insertLogLine, type LogLine } from "../watch/screen.ts";
import type { WatchSnapshot } from "../watch/snapshot.ts";
import { FullScreen, terminalSize } from "../watch/terminal.ts";
import { watchLoop } from "../watch/watcher.ts";
import { SysError } from "../errors.ts";

const HELP: Bilingual = {
  en: `echolab watch — the book's netstat and ps, live and annotated, by any server

Usage: echolab watch --port PORT [options]
       echolab watch --pid PID [options]
       echolab watch --lab [options]

Watches the sockets of a port — both ends of every connection, and the
listener — and the process tree of the server that owns it: echolab serve,
your own C program, socat. It reads /proc (no ss or ps is run) and prints one
line for each change, with the section of the book that explains it:

  CLOSE_WAIT on the client (Recv-Q 1): the server's FIN arrived and nobody
    has read it — §5.12
  child 4242 is a zombie: it ended and its parent has not waited — §5.7

On a terminal: a full-screen view, the tables on top and the changes below
(q or Ctrl-C quits). In a pipe, or with --json: a change log, NDJSON events
with the rows before and after each change.

Options:
  --port PORT          the port to watch (and the server listening on it)
  --pid PID            the server to watch (its listening ports, its children);
                       with --port too, PID must listen on PORT
  --lab                watch a running \`echolab serve --lab\` from inside the
                       lab: both hosts' sockets, and packets (FIN, RST,
                       retransmissions, ICMP) captured on the client host's link
  --interval MS        time between looks at the processes (default 500); the
                       socket table is read every 4 looks, and at once when a
                       process changed
  --no-packets         do not capture packets
  --json               NDJSON events on stdout
  --lang en|zh         language (default from LANG)
  -h, --help           this help

Packets: an AF_PACKET socket needs CAP_NET_RAW. On the host, watch captures
loopback only as root (or with that capability) and otherwise says once why
not; --lab always can, inside the lab.

Exit status: 0 after q or Ctrl-C on the full screen; 130/143 on SIGINT/SIGTERM;
2 bad input (no --port or --pid, no such process, a --pid that does not listen
on --port, --lab with no lab running).
A port with nothing on it is not an error: watch waits and says so.

Examples (the third terminal of the chapter's story):
  terminal 1:  echolab serve        (or: examples/servers/bin/tcpserv01 9877)
  terminal 2:  echolab connect
  terminal 3:  echolab watch --port 9877
  echolab watch --port 9877 --json | tee changes.ndjson
  echolab watch --lab               # beside \`echolab serve --lab\`

The raw equivalents: ss -tano | grep 9877
                     ps -o pid,ppid,stat,wchan,cmd --ppid PID
`,
  zh: `echolab watch — 书中的 netstat 和 ps，实时显示并加注释，适用于任何服务器

用法：echolab watch --port PORT [选项]
      echolab watch --pid PID [选项]
      echolab watch --lab [选项]

监视一个端口的套接字——每个连接的两端以及监听套接字——和拥有该端口
的服务器的进程树：echolab serve、你自己的 C 程序、socat 都可以。它读取
/proc（不运行 ss 或 ps），每个变化打印一行，并给出书中解释它的小节：

  客户进入 CLOSE_WAIT（Recv-Q 1）：服务器的 FIN 已到达，但还没有
    人读取它 — §5.12
  子进程 4242 成为僵尸进程：它已终止，但父进程还没有调用 wait
    — §5.7

在终端上：全屏显示，上方是表格，下方是变化（按 q 或 Ctrl-C 退出）。
在管道中或使用 --json 时：变化日志，即 NDJSON 事件，带有每个变化前后
的行。

选项：
  --port PORT          要监视的端口（以及在其上监听的服务器）
  --pid PID            要监视的服务器（它的监听端口、它的子进程）；
                       同时给出 --port 时，PID 必须在 PORT 上监听
  --lab                从实验网络内部监视正在运行的
                       \`echolab serve --lab\`：两台主机的套接字，以及
                       在客户主机链路上抓取的分组（FIN、RST、重传、ICMP）
  --interval MS        两次查看进程之间的毫秒数（默认 500）；套接字表每 4 次
                       查看读取一次，进程有变化时立即读取
  --no-packets         不抓取分组
  --json               在标准输出上输出 NDJSON 事件
  --lang en|zh         语言（默认取自 LANG）
  -h, --help           本帮助

分组：AF_PACKET 套接字需要 CAP_NET_RAW。在宿主机上，只有以 root 运行
（或具有该能力）时 watch 才抓取环回接口上的分组，否则只说明一次原因；
--lab 在实验网络内部总能抓取。

退出状态：在全屏界面按 q 或 Ctrl-C 后为 0；SIGINT/SIGTERM 为 130/143；
输入有误为 2（没有 --port 或 --pid、进程不存在、--pid 不在 --port 上
监听、没有运行中的实验网络却用了 --lab）。端口上什么也没有不算错误：
watch 会等待并说明。

示例（本章故事中的第三个终端）：
  终端 1：  echolab serve     （或：examples/servers/bin/tcpserv01 9877）
  终端 2：  echolab connect
  终端 3：  echolab watch --port 9877
  echolab watch --port 9877 --json | tee changes.ndjson
  echolab watch --lab            # 与 \`echolab serve --lab\` 一起使用

对应的原始命令：ss -tano | grep 9877
                ps -o pid,ppid,stat,wchan,cmd --ppid PID
`,
};

const _NO_CAP: Bilingual = {
  en:
    "packets not captured: this process lacks CAP_NET_RAW (bit 13 of CapEff in /proc/self/status), which an AF_PACKET socket on the host's loopback needs; run as root, or use `echolab watch --lab`, which captures inside the lab",
  zh:
    "未抓取分组：本进程没有 CAP_NET_RAW（/proc/self/status 中 CapEff 的第 13 位），而在宿主机环回接口上打开 AF_PACKET 套接字需要它；请以 root 运行，或使用 `echolab watch --lab`，它在实验网络内部抓包",
};

const _ALERTS = new Set([
  "watch-zombie",
  "watch-listen-gone",
  "watch-server-gone",
  "watch-retransmit",
  "watch-close-wait",
]);

/** How long (ms) a printed log line waits for a packet captured late that came before it. */
const _HOLD_MS = 300;

/** The text of one event for the log (undefined: not shown there). */
function _logLine(e: EchoEvent, lang: Lang): LogLine | undefined {
  const t = e.t / 1000;
  const fields = (e.fields ?? {}) as Record<string, string | number>;
  switch (e.kind) {
    case "state-change":
    case "process-change":
    case "waiting": {
      const text = changeLine(String(e.topic), fields, lang);
      return text === undefined ? undefined : {
        t,
        text,
        tone: _ALERTS.has(String(e.topic)) ? "alert" : undefined,
      };
    }
    case "packet": {
      const rst = String(e.flags).includes("RST") || Boolean(e.retransmit);
      return { t, text: `⇢ ${packetSummary(e, lang)}`, tone: rst ? "alert" : "packet" };
    }
    case "icmp":
      return { t, text: `⇢ ${icmpSummary(e, lang)}`, tone: "alert" };
    case "capture-skipped":
      return { t, text: lang === "zh" ? String(e.reasonZh ?? e.reason) : String(e.reason) };
    case "capture-error":
      return {
        t,
        text: lang === "zh" ? `抓包中止：${e.errno}` : `packet capture stopped: ${e.errno}`,
      };
    default:
      return undefined;
  }
}

function _title(snap: WatchSnapshot | undefined, intervalMs: number, lang: Lang): string {
  const ports = snap?.ports.join(",") || "?";
  const server = snap?.server === undefined
    ? (lang === "zh" ? "服务器：未知" : "server: none")
    : (lang === "zh" ? `服务器 ${snap.server}` : `server ${snap.server}`);
  return lang === "zh"
    ? `echolab watch — 端口 ${ports} · ${server} · 每 ${intervalMs} 毫秒 · q 退出`
    : `echolab watch — port ${ports} · ${server} · every ${intervalMs} ms · q quits`;
}

function _startPackets(
  bus: EventBus,
  ports: number[],
  iface: string,
): Capture | undefined {
  if (!canCaptureHere()) {
    bus.emit("kernel", "capture-skipped", {
      topic: "capture-skipped",
      reason: _NO_CAP.en,
      reasonZh: _NO_CAP.zh,
    });
    return undefined;
  }
  try {
    return startCapture({ bus, ports, iface, kernelFilter: true });
  } catch (err) {
    if (!(err instanceof SysError)) throw err;
    const reason = {
      en: `packets not captured: ${err.op}: ${err.errno}`,
      zh: `未抓取分组：${err.op}：${err.errno}`,
    };
    bus.emit("kernel", "capture-skipped", {
      topic: "capture-skipped",
      errno: err.errno,
      reason: reason.en,
      reasonZh: reason.zh,
    });
    return undefined;
  }
}

/** The `watch` subcommand. */
export const watchCommand: Command = {
  name: "watch",
  summary: {
    en: "a port's sockets and its server's processes, live and annotated",
    zh: "实时监视端口的套接字及其服务器的进程，并加注释",
  },
  help: HELP,
  async run(args, ctx) {
    const { values } = parseFlags("watch", args, {
      port: { type: "string" },
      pid: { type: "string" },
      lab: { type: "boolean", default: false },
      interval: { type: "string" },
      "no-packets": { type: "boolean", default: false },
      "in-lab": { type: "boolean", default: false },
    });
    const lang = parseLang(values.lang, "watch");
    const port = values.port === undefined ? undefined : parsePort(values.port, "watch", 0, 1);
    const intervalMs = parseCount(values.interval, "--interval", "watch", 20, 60_000, 500);
    const pid = values.pid === undefined
      ? undefined
      : parseCount(values.pid, "--pid", "watch", 1, 2 ** 22, 0);
    const inLab = values["in-lab"];
    if (values.lab) {
      if (pid !== undefined) {
        throw new UsageError({
          en: "--lab watches the lab's own server: --pid does not apply",
          zh: "--lab 监视实验网络自己的服务器：--pid 不适用",
        }, "watch");
      }
      const pass = [
        "--port",
        String(port ?? TOPOLOGY.port),
        "--interval",
        String(intervalMs),
        "--lang",
        lang,
        ...(values.json ? ["--json"] : []),
        ...(values["no-packets"] ? ["--no-packets"] : []),
      ];
      return await watchInLab(pass);
    }
    if (port === undefined && pid === undefined) {
      throw new UsageError({
        en: "say what to watch: --port PORT, --pid PID, or --lab",
        zh: "请指定要监视什么：--port PORT、--pid PID 或 --lab",
      }, "watch");
    }
    if (pid !== undefined && !processExists(pid)) {
      throw new UsageError({
        en: `no process ${pid}: give the pid of a running server (or --port)`,
        zh: `没有进程 ${pid}：请给出一个正在运行的服务器的 pid（或使用 --port）`,
      }, "watch");
    }
    // Both given: the title names PID as the port's server, so it must be (a pid whose
    // sockets we may not read, another user's, shows no ports and is refused too).
    if (pid !== undefined && port !== undefined && !inLab && !listeningPorts(pid).includes(port)) {
      const seen = listeningPorts(pid);
      const list = seen.length ? seen.join(", ") : undefined;
      throw new UsageError({
        en: `process ${pid} does not listen on port ${port} (${
          list ? `it listens on ${list}` : "no listening socket of it is visible"
        }): give --pid or --port alone`,
        zh: `进程 ${pid} 没有在端口 ${port} 上监听（${
          list ? `它监听的是 ${list}` : "看不到它的任何监听套接字"
        }）：请只给出 --pid 或 --port`,
      }, "watch");
    }
    const watchPort = port ?? (inLab ? TOPOLOGY.port : undefined);
    const observer = new Observer({
      port: watchPort,
      pid,
      // Each read of /proc/net/tcp walks the kernel's whole established hash table.
      socketEveryMs: 4 * intervalMs,
      sources: inLab ? labSources(watchPort!) : undefined,
    });

    const bus = new EventBus();
    const controller = new AbortController();
    const parent = Deno.ppid;
    let exitCode = 0;
    const onSignal = (code: number) => () => {
      exitCode = code;
      controller.abort();
    };
    const handlers: [Deno.Signal, () => void][] = [
      ["SIGINT", onSignal(130)],
      ["SIGTERM", onSignal(143)],
      ["SIGHUP", onSignal(129)],
    ];
    for (const [sig, h] of handlers) Deno.addSignalListener(sig, h);

    const fullScreen = !values.json && Deno.stdout.isTerminal() && Deno.stdin.isTerminal();
    const log: LogLine[] = [];
    let order: TimeOrder | undefined;
    let screen: FullScreen | undefined;
    let last: WatchSnapshot | undefined;
    const redraw = () => {
      if (!screen || !last) return;
      const size = terminalSize();
      screen.draw(composeScreen({
        snapshot: last,
        log,
        title: _title(last, intervalMs, lang),
        lang,
      }, { ...size, color: ctx.stdout.color }));
    };
    // In a pipe (or with --json) the change log is NDJSON with the rows before and after each
    // change; the annotated text lines are for a terminal that is not a full screen (stdin redirected).
    if (values.json || !Deno.stdout.isTerminal()) {
      bus.subscribe((e) => ctx.stdout.line(JSON.stringify(e)));
    } else if (fullScreen) {
      bus.subscribe((e) => {
        const line = _logLine(e, lang);
        if (line) insertLogLine(log, line);
        if (log.length > 2000) log.splice(0, log.length - 1000);
      });
    } else {
      // Lines are printed once: held a little so a packet captured after the /proc look
      // that saw its effect is printed before it (see TimeOrder).
      order = new TimeOrder((e) => {
        if (e.kind === "watching") {
          ctx.stdout.line(
            _title(
              {
                ports: e.ports as number[],
                server: (e.server ?? undefined) as number | undefined,
                sockets: [],
                processes: [],
              },
              intervalMs,
              lang,
            ).replace(/ · q .*$/, ""),
          );
          return;
        }
        const line = _logLine(e, lang);
        if (line) ctx.stdout.line(`${line.t.toFixed(2).padStart(7)}s  ${line.text}`);
      }, { holdMs: _HOLD_MS, now: () => bus.now() });
      const held = order;
      bus.subscribe((e) => held.push(e));
    }

    if (fullScreen) {
      screen = new FullScreen(() => controller.abort(), redraw);
      screen.start();
    }
    let capture: Capture | undefined;
    try {
      if (!values["no-packets"]) {
        const ports = watchPort !== undefined ? [watchPort] : listeningPorts(pid!);
        if (ports.length) capture = _startPackets(bus, ports, inLab ? TOPOLOGY.clientDev : "lo");
      }
      await watchLoop({
        observer,
        bus,
        intervalMs,
        signal: controller.signal,
        onLook: (snap) => {
          last = snap;
          redraw();
          // Inside the lab, our parent is the `watch --lab` that started us (nsenter execs):
          // if it was killed (SIGKILL included) we are reparented, and end too.
          if (inLab && Deno.ppid !== parent) controller.abort();
        },
      });
    } finally {
      screen?.stop();
      await capture?.stop();
      order?.flush();
      for (const [sig, h] of handlers) Deno.removeSignalListener(sig, h);
    }
    return exitCode;
  },
};
