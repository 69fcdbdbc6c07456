/**
 * Signal entries.
 *
 * @module
 */

import type { Entry } from "../entry.ts";

/** Catalogue entries keyed by signal name. */
export const SIGNAL_ENTRIES: readonly Entry[] = [
  {
    id: "SIGCHLD",
    section: "5.8",
    sources: {
      unp: ["5.10"],
      man: ["signal(7)", "wait(2)"],
      kernel: ["do_notify_parent", "legacy_queue"],
    },
    title: { en: "SIGCHLD: a child process terminated", zh: "SIGCHLD：一个子进程终止了" },
    text: {
      en:
        "The kernel sends SIGCHLD to the parent whenever a child terminates. Until the parent fetches the termination status with wait or waitpid, the child stays a zombie.",
      zh:
        "子进程终止时内核向父进程发送 SIGCHLD。在父进程用 wait 或 waitpid 取得终止状态之前，该子进程一直是僵尸进程。",
    },
    os: {
      en:
        "Standard signals are not queued: several children ending together may produce fewer SIGCHLD deliveries than exits (§5.10). Compare the sigchld and child-exited counts.",
      zh:
        "标准信号不排队：几个子进程同时终止时，SIGCHLD 的递交次数可能少于终止的子进程数（§5.10）。请比较 sigchld 与 child-exited 的次数。",
    },
  },
  {
    id: "SIGPIPE",
    section: "5.13",
    sources: {
      unp: ["5.12"],
      man: ["signal(7)", "send(2)"],
      kernel: ["sk_stream_error", "tcp_reset"],
    },
    title: {
      en: "SIGPIPE: a write to a connection that was reset",
      zh: "SIGPIPE：向已被重置的连接写",
    },
    text: {
      en:
        "Linux sends it with a write that fails with EPIPE: after an RST that met the socket in CLOSE_WAIT, the next write; after one that met it ESTABLISHED, the write after the one that failed with ECONNRESET (send with MSG_NOSIGNAL to get the errno alone). Its default action terminates the process — silently, as the shell prints nothing for it. The process does not exit: it is killed by signal 13, and the shell reports $? = 128 + 13 = 141.",
      zh:
        "Linux 在写操作以 EPIPE 失败时发送它：RST 到达时套接字处于 CLOSE_WAIT，则是下一次写；处于 ESTABLISHED，则是以 ECONNRESET 失败的那次写之后的再一次写（用 MSG_NOSIGNAL 发送则只得到 errno）。其默认行为是终止进程，而且是悄无声息的，shell 不会为它打印任何信息。进程并不是退出的：它被 13 号信号杀死，shell 报告的 $? 为 128 + 13 = 141。",
    },
  },
  {
    id: "SIGTERM",
    section: "5.12",
    sources: { unp: ["5.16"], man: ["kill(1)", "signal(7)"] },
    title: { en: "SIGTERM: please terminate", zh: "SIGTERM：请求终止" },
    text: {
      en:
        "kill's default signal: `kill PID` sends it, as the book does to the server child in §5.12. It is also what init sends every process when the host shuts down, before SIGKILL after a grace period (§5.16). Its default action terminates the process; a server that catches it can close its connections cleanly.",
      zh:
        "kill 命令的默认信号：`kill PID` 发送的就是它，书中 §5.12 就这样杀死服务器子进程。它也是主机关机时 init 向所有进程发送的信号，宽限期后再发送 SIGKILL（§5.16）。其默认行为是终止进程；捕获它的服务器可以干净地关闭连接。",
    },
  },
  {
    id: "SIGINT",
    section: "5.8",
    sources: { man: ["signal(7)", "termios(3)"] },
    title: {
      en: "SIGINT: interrupt from the terminal (Ctrl-C)",
      zh: "SIGINT：来自终端的中断（Ctrl-C）",
    },
    text: {
      en: "The terminal sends SIGINT to the foreground process group when you press Ctrl-C.",
      zh: "按下 Ctrl-C 时，终端向前台进程组发送 SIGINT。",
    },
  },
  {
    id: "SIGKILL",
    section: "5.16",
    sources: { man: ["signal(7)"], kernel: ["do_exit", "tcp_close"] },
    title: { en: "SIGKILL: terminate, cannot be caught", zh: "SIGKILL：终止，不能被捕获" },
    text: {
      en:
        "Cannot be caught or ignored. The process's descriptors are closed by the kernel, which sends a FIN on each open TCP connection — an RST instead where received data was left unread.",
      zh:
        "不能被捕获或忽略。内核关闭该进程的所有描述符，并在每个打开的 TCP 连接上发送 FIN——若有已收到但未读的数据，则改为发送 RST。",
    },
  },
];
