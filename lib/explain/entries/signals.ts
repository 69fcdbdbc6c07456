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
        "标准信号不排队：几个子进程同时终止时，收到的 SIGCHLD 次数可能少于终止的子进程数（§5.10）。请比较 sigchld 与 child-exited 的次数。",
    },
  },
  {
    id: "SIGPIPE",
    section: "5.13",
    title: {
      en: "SIGPIPE: write to a socket that received an RST",
      zh: "SIGPIPE：向已收到 RST 的套接字写",
    },
    text: {
      en:
        "Its default action terminates the process — silently, as the shell prints nothing for it. The process does not exit: it is killed by signal 13, and the shell reports $? = 128 + 13 = 141.",
      zh:
        "其默认行为是终止进程，而且是悄无声息的，shell 不会为它打印任何信息。进程并不是退出的：它被 13 号信号杀死，shell 报告的 $? 为 128 + 13 = 141。",
    },
  },
  {
    id: "SIGTERM",
    section: "5.16",
    title: { en: "SIGTERM: please terminate", zh: "SIGTERM：请求终止" },
    text: {
      en:
        "kill's default signal, and what init sends every process when the host shuts down, before SIGKILL after a grace period. A server that catches it can close its connections cleanly.",
      zh:
        "kill 命令的默认信号，也是主机关机时 init 向所有进程发送的信号，宽限期后再发送 SIGKILL。捕获它的服务器可以干净地关闭连接。",
    },
  },
  {
    id: "SIGINT",
    section: "5.8",
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
    title: { en: "SIGKILL: terminate, cannot be caught", zh: "SIGKILL：终止，不能被捕获" },
    text: {
      en:
        "Cannot be caught or ignored. The process's descriptors are closed by the kernel, which sends a FIN on each open TCP connection.",
      zh: "不能被捕获或忽略。内核关闭该进程的所有描述符，并在每个打开的 TCP 连接上发送 FIN。",
    },
  },
];
