/**
 * `echolab connect`: the chapter's echo client (str_cli), annotated.
 *
 * @module
 */

import { labClockStart } from "../lab/runtime_file.ts";
import { statesAtPoints } from "../report/states_points.ts";
import { statesOn } from "../report/states_on.ts";
import { parseCount, parseFlags, parseLang, parsePort, parseSeconds } from "../cli/args.ts";
import type { Bilingual } from "../lang.ts";
import type { Command } from "../cli/command.ts";
import { UsageError } from "../errors.ts";
import { strCli } from "../echo/str_cli.ts";
import { reportingBus } from "../report/reporter.ts";
import { sharedTerminal } from "../report/shared_terminal.ts";

const HELP: Bilingual = {
  en: `echolab connect — the echo client of UNP §5.4–5.6 (str_cli)

Usage: echolab connect [HOST] [options]

Reads a line from stdin, writes it to the server, reads one line back
(readline) and prints it on stdout, one line at a time as the book's str_cli
does. Annotations go to stderr (or NDJSON to stdout with --json).

Beyond the book: each reply is compared with the line sent. A reply that
differs is shown next to it, both escaped (\\x1b, \\r, \\n), and connect
exits 1; on a terminal the echo's control bytes are shown as escapes, never
executed. A reply shorter than its line leaves readline waiting for the
newline, as the book's client would; connect says so after 3 s, and
--timeout gives up.

Options:
  HOST                 server address or name (default 127.0.0.1)
  --port N             server port (default 9877)
  --connections N      open N connections, like tcpcli04 (default 1); only the
                       first carries data, all close together at EOF (§5.10)
  --timeout SECONDS    give up when an echo takes longer (a read timeout, §14.2)
  --keepalive          set SO_KEEPALIVE on the socket (§7.5)
  --lab                connect from the lab's client host to its server
                       (198.18.1.2:9877) started by echolab serve --lab
  --states             after connect, EOF or an error, the socket table of the
                       server's port and this process, read from /proc
  -v, --verbose        every event with its full explanation the first time
                       (default: one line per event, a short gloss)
  --json               NDJSON events on stdout
  --lang en|zh         language of the explanations (default from LANG)
  -h, --help           this help

After the server's FIN ("server terminated prematurely", §5.12) the client
keeps reading stdin: type one more line to see the write fail with EPIPE
(§5.13).

Examples:
  echolab connect                           # type lines; Ctrl-D ends (§5.4)
  echolab connect --connections 5           # five children end at once (§5.10)
  printf 'hello\\n' | echolab connect --json
  echolab connect 127.0.0.1 --port 9999     # works with socat or ncat too
  echolab connect --lab                     # then: echolab host crash (§5.14)
`,
  zh: `echolab connect — UNP §5.4–5.6 的回射客户（str_cli）

用法：echolab connect [HOST] [选项]

从标准输入读取一行，写给服务器，再读回一行（readline），打印到标准输出；
与书中的 str_cli 一样，一次一行。注释输出到标准错误（使用 --json 时以 NDJSON
输出到标准输出）。

本书之外：每个回复都与发出的行比较。回复不同时，两者以转义形式并列显示
（\\x1b、\\r、\\n），connect 以退出码 1 结束；在终端上，回射内容中的控制
字节显示为转义序列，不会被执行。回复比发出的行短时，readline 会像书中的
客户一样等待换行符；3 秒后 connect 会提示，--timeout 可放弃等待。

选项：
  HOST                 服务器的地址或主机名（默认 127.0.0.1）
  --port N             服务器端口（默认 9877）
  --connections N      打开 N 个连接，同 tcpcli04（默认 1）；只有第一个连接
                       承载数据，所有连接在 EOF 时一起关闭（§5.10）
  --timeout SECONDS    一次回射耗时超过它就放弃（读超时，§14.2）
  --keepalive          在套接字上设置 SO_KEEPALIVE（§7.5）
  --lab                从实验网络的客户主机连接它的服务器（198.18.1.2:9877），
                       后者由 echolab serve --lab 启动
  --states             在 connect、EOF 或出错之后，显示服务器端口和本进程的
                       套接字表（读自 /proc）
  -v, --verbose        每个事件第一次出现时附上完整的解释
                       （默认：每个事件一行，附简短的注解）
  --json               在标准输出上输出 NDJSON 事件
  --lang en|zh         解释所用的语言（默认取自 LANG）
  -h, --help           本帮助

收到服务器的 FIN 之后（“server terminated prematurely”，§5.12），客户仍继续
读标准输入：再输入一行，就能看到写操作以 EPIPE 失败（§5.13）。

示例：
  echolab connect                           # 输入文本行；Ctrl-D 结束（§5.4）
  echolab connect --connections 5           # 五个子进程同时终止（§5.10）
  printf 'hello\\n' | echolab connect --json
  echolab connect 127.0.0.1 --port 9999     # 连 socat 或 ncat 也行
  echolab connect --lab                     # 然后：echolab host crash（§5.14）
`,
};

/** The `connect` subcommand. */
export const connectCommand: Command = {
  name: "connect",
  summary: {
    en: "run the echo client (stdin → socket → stdout)",
    zh: "运行回射客户（stdin → 套接字 → stdout）",
  },
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseFlags("connect", args, {
      port: { type: "string" },
      connections: { type: "string" },
      timeout: { type: "string" },
      keepalive: { type: "boolean", default: false },
      lab: { type: "boolean", default: false },
      states: { type: "boolean", default: false },
      verbose: { type: "boolean", short: "v", default: false },
    }, 1);
    const lang = parseLang(values.lang, "connect");
    if (values.lab) {
      if (positionals[0]) {
        throw new UsageError({
          en: "--lab connects to the lab's server; drop HOST",
          zh: "--lab 连接实验网络的服务器；请去掉 HOST",
        }, "connect");
      }
      const { connectLab } = await import("../lab/connect_lab.ts");
      return await connectLab(args.filter((a) => a !== "--lab"));
    }
    const port = parsePort(values.port, "connect", 9877, 1);
    const connections = parseCount(values.connections, "--connections", "connect", 1, 1024, 1);
    const timeoutSeconds = parseSeconds(values.timeout, "--timeout", "connect");
    // Echo on stdout, annotations on stderr: on one terminal, keep them on separate lines.
    const { echo, notes } = sharedTerminal(
      ctx.stdout,
      ctx.stderr,
      Deno.stdout.isTerminal() && Deno.stderr.isTerminal(),
    );
    const { bus } = reportingBus({
      json: values.json,
      lang,
      stdout: ctx.stdout,
      human: notes,
      verbose: values.verbose,
      // Inside the by-hand lab (connect --lab): the lab's clock, shared with the other panes.
      start: labClockStart(),
    });
    if (values.states) {
      // UNP §5.4–5.12: the tables after connect, EOF or an error (e.g. CLOSE_WAIT, Recv-Q 1).
      bus.subscribe(statesOn(bus, { kinds: ["connected", "eof", "error"], port, lang }));
      bus.subscribe(statesAtPoints(bus, { json: values.json, lang, out: notes }));
    }
    return await strCli({
      host: positionals[0] ?? "127.0.0.1",
      port,
      connections,
      timeoutSeconds,
      keepalive: values.keepalive,
      bus,
      stdin: Deno.stdin,
      echoOut: values.json ? undefined : echo,
      escapeEcho: Deno.stdout.isTerminal(),
    });
  },
};
