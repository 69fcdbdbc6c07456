/**
 * `echolab serve`: the chapter's concurrent echo server, annotated.
 *
 * @module
 */

import { statesAtPoints } from "../report/states_points.ts";
import { statesOn } from "../report/states_on.ts";
import { parseCount, parseFlags, parseLang, parsePort } from "../cli/args.ts";
import type { Bilingual } from "../lang.ts";
import type { Command } from "../cli/command.ts";
import { SysError, UsageError } from "../errors.ts";
import { REAP_POLICIES, type ReapPolicy, serveBook } from "../echo/book_server.ts";
import { serveDeno } from "../echo/deno_server.ts";
import { guardOutput } from "../term/guarded_out.ts";
import { whichTool } from "../sys/which_tool.ts";
import { reportingBus } from "../report/reporter.ts";
import { perAddressLimit } from "../echo/per_address.ts";
import { CloneWorker, cloneWorkerUnsupported } from "../sys/clone_worker.ts";
import { bookEngineUnsupported } from "../sys/platform.ts";

const HELP: Bilingual = {
  en: `echolab serve — the concurrent echo server of UNP §5.2, one child per client

Usage: echolab serve [options]

Options:
  --host ADDR          address to bind (default 127.0.0.1; classroom: 0.0.0.0)
  --port N             port (default 9877, the book's SERV_PORT; 0: any free)
  --max-clients N      refuse new clients while N children are live (default 64)
  --per-address N      refuse a client while N children serve its address, so
                       one machine cannot lock out the class (beyond the
                       book; default 16 when --host is not loopback, no
                       limit on loopback)
  --engine book|deno   book: libc through FFI, the connected socket becomes the
                       child's stdin/stdout as after fork (default on Linux);
                       deno: Deno.listen + Deno.Command, the runtime reaps
  --reap none|wait|waitpid
                       the book engine's SIGCHLD policy (default waitpid):
                       none     never wait — zombies pile up (tcpserv01, §5.9)
                       wait     one wait per SIGCHLD (tcpserv03, §5.10)
                       waitpid  waitpid(-1, WNOHANG) in a loop (tcpserv04)
  --worker cat|clone|echolab
                       the book engine's child, str_echo on the socket (UNP
                       §5.3): cat runs /bin/cat (found in PATH) with an empty
                       environment; clone forks without exec — clone(2) with
                       shared memory, str_echo as machine code (Linux x86_64);
                       echolab runs echolab __str-echo, a deno process per
                       client, a whole runtime each (default clone; cat where
                       clone cannot run; echolab when there is no cat either)
  --lab                run on the lab network's server host (198.18.1.2:9877, a
                       private namespace, no root); then: echolab connect --lab,
                       echolab host crash|reboot|shutdown|cut|restore|status,
                       unreachable|no-route|blackhole (the router)
  --states             after each accept and child exit, the socket table of the
                       port and the server's process tree, read from /proc
  -v, --verbose        every event with its full explanation the first time
                       (default: one line per event, a short gloss)
  --json               NDJSON events on stdout
  --lang en|zh         language of the explanations (default from LANG)
  -h, --help           this help

Every event is annotated: listening, accepted (peer and child pid), SIGCHLD
deliveries, child exits (code or signal), zombies, reaping, refusals. Ctrl-C
or SIGTERM ends every child, reaps them all (zombies too) and exits with 130
or 143; so do SIGHUP (129) and a reader of stdout that goes away (141).

Examples:
  echolab serve                       # terminal 1 (then: echolab connect)
  echolab serve --reap none           # then: ps -o pid,stat,cmd --ppid <pid>
  echolab serve --reap wait           # then: echolab connect --connections 5
  echolab serve --worker cat          # fork + exec of /bin/cat per client
  echolab serve --worker echolab      # a deno child per client
  echolab serve --engine deno         # what a modern runtime does for you
  echolab serve --port 0 --json       # NDJSON; the first event names the port
  kill <child pid>                    # from a third terminal: UNP §5.12
  echolab serve --lang zh             # 中文注释
  echolab serve --lab                 # §5.14–5.16: crash the host by hand
`,
  zh: `echolab serve — UNP §5.2 的并发回射服务器，每个客户一个子进程

用法：echolab serve [选项]

选项：
  --host ADDR          绑定的地址（默认 127.0.0.1；课堂上用 0.0.0.0）
  --port N             端口（默认 9877，即书中的 SERV_PORT；0 表示挑选一个
                       空闲端口）
  --max-clients N      有 N 个子进程存活时拒绝新客户（默认 64）
  --per-address N      已有 N 个子进程在服务某个客户地址时，拒绝该地址的新
                       客户，使一台机器无法把全班挡在门外（本书之外；--host
                       不是回环地址时默认 16，回环地址上不设上限）
  --engine book|deno   book：通过 FFI 调用 libc，已连接套接字像 fork 之后那样
                       成为子进程的 stdin/stdout（Linux 上的默认值）；
                       deno：Deno.listen + Deno.Command，由运行时回收子进程
  --reap none|wait|waitpid
                       book 引擎的 SIGCHLD 策略（默认 waitpid）：
                       none     从不 wait — 僵尸进程越积越多（tcpserv01，§5.9）
                       wait     每个 SIGCHLD 只 wait 一次（tcpserv03，§5.10）
                       waitpid  在循环中调用 waitpid(-1, WNOHANG)（tcpserv04）
  --worker cat|clone|echolab
                       book 引擎的工作进程，在套接字上运行 str_echo（§5.3）：
                       cat 在空环境中运行 /bin/cat（在 PATH 中查找）；
                       clone 只 fork 不 exec — 以共享内存的 clone(2) 创建子
                       进程，str_echo 是机器码（Linux x86_64）；echolab 运行
                       echolab __str-echo，每个客户一个完整的 deno 运行时
                       （默认 clone；clone 无法运行时用 cat；连 cat 也没有时
                       用 echolab）
  --lab                在实验网络的服务器主机上运行（198.18.1.2:9877，一个私有
                       命名空间，无需 root）；然后：echolab connect --lab、
                       echolab host crash|reboot|shutdown|cut|restore|status、
                       unreachable|no-route|blackhole（路由器）
  --states             每次 accept 和子进程终止之后，显示该端口的套接字表和
                       服务器的进程树（读自 /proc）
  -v, --verbose        每个事件第一次出现时附上完整的解释
                       （默认：每个事件一行，附简短的注解）
  --json               在标准输出上输出 NDJSON 事件
  --lang en|zh         解释所用的语言（默认取自 LANG）
  -h, --help           本帮助

每个事件都带注释：监听、接受连接（对端和子进程 pid）、SIGCHLD 的递交、子进程
终止（退出码或信号）、僵尸进程、回收、拒绝。Ctrl-C 或 SIGTERM 会结束所有子
进程，把它们全部回收（僵尸进程也不例外），并以 130 或 143 退出；SIGHUP（129）
和读取 stdout 的一方离开（141）也是如此。

示例：
  echolab serve                       # 终端 1（然后：echolab connect）
  echolab serve --reap none           # 然后：ps -o pid,stat,cmd --ppid <pid>
  echolab serve --reap wait           # 然后：echolab connect --connections 5
  echolab serve --worker cat          # 每个客户 fork + exec 一次 /bin/cat
  echolab serve --worker echolab      # 每个客户一个 deno 子进程
  echolab serve --engine deno         # 现代运行时替你做了什么
  echolab serve --port 0 --json       # NDJSON；第一个事件给出端口号
  kill <child pid>                    # 在第三个终端里：UNP §5.12
  echolab serve --lang zh             # 中文注释
  echolab serve --lab                 # 手动演示 §5.14–5.16：让服务器主机崩溃
`,
};

/** The `serve` subcommand. */
export const serveCommand: Command = {
  name: "serve",
  summary: {
    en: "run the concurrent echo server (one child process per client)",
    zh: "运行并发回射服务器（每个客户一个子进程）",
  },
  help: HELP,
  async run(args, ctx) {
    const { values } = parseFlags("serve", args, {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string" },
      "max-clients": { type: "string" },
      "per-address": { type: "string" },
      engine: { type: "string" },
      reap: { type: "string" },
      worker: { type: "string" },
      lab: { type: "boolean", default: false },
      states: { type: "boolean", default: false },
      verbose: { type: "boolean", short: "v", default: false },
    });
    const lang = parseLang(values.lang, "serve");
    if (values.lab) {
      const { serveLab } = await import("../lab/serve_lab.ts");
      return await serveLab({ json: values.json, lang, stdout: ctx.stdout });
    }
    const port = parsePort(values.port, "serve");
    const maxClients = parseCount(values["max-clients"], "--max-clients", "serve", 1, 100000, 64);
    const perAddress = perAddressLimit(
      values.host,
      values["per-address"] === undefined
        ? undefined
        : parseCount(values["per-address"], "--per-address", "serve", 1, 100000, 16),
    );
    const engine = _engine(values.engine);
    const reap = _reap(values.reap, engine);
    const worker = _worker(values.worker, engine);
    // A reader that goes away (`serve | head`) stops the server like SIGPIPE
    // would, but in order: every child ended and reaped, exit 141.
    const outputGone = new AbortController();
    const out = guardOutput(ctx.stdout, (why) => outputGone.abort(why));
    const { bus } = reportingBus({
      json: values.json,
      lang,
      stdout: out,
      human: out,
      verbose: values.verbose,
    });
    if (values.states) {
      // UNP §5.2–5.9: the tables after each accept and each child exit.
      bus.subscribe(statesOn(bus, { kinds: ["accepted", "child-exited", "child-zombie"], lang }));
      bus.subscribe(statesAtPoints(bus, { json: values.json, lang, out }));
    }
    // What every engine serves: where, how many at once, and who hears about it.
    const served = {
      host: values.host,
      port,
      maxClients,
      perAddress,
      bus,
      stop: outputGone.signal,
    };
    // The default: fork without exec where the machine code runs (Linux x86_64).
    const noClone = cloneWorkerUnsupported();
    if (engine === "book" && (worker === "clone" || (worker === undefined && !noClone))) {
      if (noClone) {
        throw new UsageError({
          en: `--worker clone: ${noClone}`,
          zh:
            `--worker clone：clone 工作进程的机器码只能在 Linux x86_64 上运行（这台机器是 ${Deno.build.os} ${Deno.build.arch}）`,
        }, "serve");
      }
      const clone = CloneWorker.open();
      if (!clone.ok) {
        throw new SysError(clone.call, clone.errno, {
          en: "cannot map the clone worker",
          zh: "无法把 clone 工作进程的机器码映射进内存",
        });
      }
      return await serveBook({ ...served, reap, clone: clone.value });
    }
    if (engine === "book") {
      // The default falls back to the echolab worker where there is no cat.
      const cat = worker === "echolab" ? undefined : _catWorker();
      if (worker === "cat" && !cat) {
        throw new UsageError({
          en: "--worker cat: no cat program in PATH (or use --worker echolab)",
          zh: "--worker cat：PATH 中没有 cat 程序（或改用 --worker echolab）",
        }, "serve");
      }
      const workerNote = worker
        ? undefined
        : cat
        ? `${noClone}: cat instead`
        : `${noClone}, and no cat in PATH: echolab __str-echo instead`;
      return await serveBook({ ...served, reap, child: cat, workerNote });
    }
    return await serveDeno(served);
  },
};

function _engine(value: string | undefined): "book" | "deno" {
  const unsupported = bookEngineUnsupported();
  if (value === undefined) return unsupported ? "deno" : "book";
  if (value === "deno") return "deno";
  if (value !== "book") {
    throw new UsageError({
      en: `bad --engine '${value}': expected book or deno`,
      zh: `--engine 的值 '${value}' 无效：应为 book 或 deno`,
    }, "serve");
  }
  if (unsupported) {
    throw new UsageError({
      en: `--engine book: ${unsupported}`,
      zh:
        `--engine book：book 引擎（通过 FFI 调用 libc）目前只支持 Linux 的 x86_64 和 aarch64（这台机器是 ${Deno.build.os} ${Deno.build.arch}）`,
    }, "serve");
  }
  return "book";
}

function _reap(value: string | undefined, engine: "book" | "deno"): ReapPolicy {
  if (value === undefined) return "waitpid";
  if (!REAP_POLICIES.includes(value as ReapPolicy)) {
    throw new UsageError({
      en: `bad --reap '${value}': expected none, wait or waitpid`,
      zh: `--reap 的值 '${value}' 无效：应为 none、wait 或 waitpid`,
    }, "serve");
  }
  if (engine === "deno") {
    throw new UsageError({
      en: "--reap needs the book engine: the deno runtime reaps every child itself",
      zh: "--reap 需要 book 引擎：deno 运行时自己回收每个子进程",
    }, "serve");
  }
  return value as ReapPolicy;
}

/** The book engine's child programs (UNP §5.3's str_echo). */
type _Worker = "cat" | "echolab" | "clone";

function _worker(value: string | undefined, engine: "book" | "deno"): _Worker | undefined {
  if (value !== undefined && value !== "cat" && value !== "echolab" && value !== "clone") {
    throw new UsageError({
      en: `bad --worker '${value}': expected cat, echolab or clone`,
      zh: `--worker 的值 '${value}' 无效：应为 cat、echolab 或 clone`,
    }, "serve");
  }
  if (value !== undefined && engine === "deno") {
    throw new UsageError({
      en: "--worker needs the book engine: the deno engine pipes every connection to a deno child",
      zh: "--worker 需要 book 引擎：deno 引擎把每个连接都经管道交给一个 deno 子进程",
    }, "serve");
  }
  return value as _Worker | undefined;
}

/** /bin/cat as str_echo: resolved in PATH once, run with an empty environment. */
function _catWorker():
  | { program: string; argv: string[]; name: string; env: string[] }
  | undefined {
  // Absolute PATH entries only (the child starts with an empty environment).
  const path = (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":").filter((d) =>
    d.startsWith("/")
  );
  const program = whichTool("cat", path.join(":"));
  return program ? { program, argv: ["cat"], name: "cat", env: [] } : undefined;
}
