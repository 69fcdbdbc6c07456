/**
 * What each section of UNP chapter 5 teaches, in a few lines, and the
 * catalogue entries a reader should look up next — the data behind
 * `echolab explain 5.11`. The scenarios, exercises and checks of a section
 * are found by their own `section` fields, not listed here.
 *
 * @module
 */

import type { Bilingual } from "../lang.ts";

/** One section of the book. */
export interface Section {
  /** Section number, `5.11`. */
  section: string;
  /** The section's title in the book (English edition; Chinese edition). */
  title: Bilingual;
  /** What it teaches, two or three sentences. */
  teaches: Bilingual;
  /** Names to look up next with `echolab explain` (ids or aliases a person would type). */
  related: readonly string[];
}

/**
 * The sections echolab teaches, in book order.
 *
 * @example
 * ```ts
 * SECTIONS.find((s) => s.section === "5.11")?.related[0]; // "ECONNABORTED"
 * ```
 */
export const SECTIONS: readonly Section[] = [
  {
    section: "2.6",
    title: {
      en: "TCP connection establishment and termination",
      zh: "TCP 连接的建立和终止",
    },
    teaches: {
      en:
        "The three-way handshake opens a connection, four segments close it, and TCP's state diagram names every step in between.",
      zh: "三次握手建立连接，四个分节终止连接，TCP 状态转换图为其间的每一步命名。",
    },
    related: ["three-way-handshake", "TIME_WAIT", "CLOSE_WAIT"],
  },
  {
    section: "2.7",
    title: { en: "TIME_WAIT state", zh: "TIME_WAIT 状态" },
    teaches: {
      en:
        "The end that closes first waits twice the maximum segment lifetime, so a lost final ACK can be resent and old duplicates die out.",
      zh:
        "先关闭的一端等待两倍的最长分节生命期，以便重发丢失的最后一个 ACK，并让旧的重复分节消逝。",
    },
    related: ["TIME_WAIT"],
  },
  {
    section: "4.5",
    title: { en: "listen function", zh: "listen 函数" },
    teaches: {
      en:
        "listen turns a socket into a listening one; connections that complete the handshake wait in the completed-connection queue, bounded by the backlog, until accept takes them.",
      zh:
        "listen 把套接字变为监听套接字；完成握手的连接在已完成连接队列中等待 accept 取走，队列长度受 backlog 限制。",
    },
    related: ["backlog", "LISTEN"],
  },
  {
    section: "5.1",
    title: { en: "Introduction", zh: "概述" },
    teaches: {
      en:
        "The chapter's plan: a concurrent echo server and its client, run first normally, then through its boundary conditions — clients that leave, children that die, signals, resets, crashed and rebooted hosts.",
      zh:
        "本章的安排：一个并发回射服务器及其客户，先正常运行，再经历各种边界条件——客户离开、子进程终止、信号、复位、主机崩溃和重启。",
    },
    related: ["fork", "three-way-handshake"],
  },
  {
    section: "5.2",
    title: { en: "TCP echo server: main function", zh: "TCP 回射服务器程序：main 函数" },
    teaches: {
      en:
        "socket, bind, listen, then a loop: accept a connection and fork a child for it. The child serves the client; the parent closes the connected socket and calls accept again.",
      zh:
        "socket、bind、listen，然后循环：accept 一个连接并为它 fork 一个子进程。子进程为客户服务；父进程关闭已连接套接字，再次调用 accept。",
    },
    related: ["fork", "backlog", "iterative-server", "check-concurrent"],
  },
  {
    section: "5.3",
    title: { en: "TCP echo server: str_echo function", zh: "TCP 回射服务器程序：str_echo 函数" },
    teaches: {
      en:
        "The child's loop: read from the socket, write the same bytes back, return when read returns 0 — bytes, not strings.",
      zh:
        "子进程的循环：从套接字 read，把同样的字节 write 回去，read 返回 0 时返回——是字节，而不是字符串。",
    },
    related: ["worker", "check-echo"],
  },
  {
    section: "5.4",
    title: { en: "TCP echo client: main function", zh: "TCP 回射客户程序：main 函数" },
    teaches: {
      en:
        "socket, then connect to the server's address and port; the kernel chooses the client's address and ephemeral port.",
      zh: "socket，然后 connect 到服务器的地址和端口；客户的地址和临时端口由内核选择。",
    },
    related: ["three-way-handshake", "ECONNREFUSED"],
  },
  {
    section: "5.5",
    title: { en: "TCP echo client: str_cli function", zh: "TCP 回射客户程序：str_cli 函数" },
    teaches: {
      en:
        "Read a line from standard input, write it to the server, read the echo back and print it; at EOF on standard input, return. A read that returns 0 is 'server terminated prematurely'.",
      zh:
        "从标准输入读一行，写给服务器，读回回射并打印；标准输入遇到 EOF 时返回。read 返回 0 即“服务器过早终止”。",
    },
    related: ["EOF", "half-close"],
  },
  {
    section: "5.6",
    title: { en: "Normal startup", zh: "正常启动" },
    teaches: {
      en:
        "Start the server, then the client: netstat shows the listening socket and both ends of the connection, ps shows each process asleep in its wait channel.",
      zh:
        "先启动服务器，再启动客户：netstat 显示监听套接字和连接的两端，ps 显示每个进程睡眠于各自的等待通道。",
    },
    related: ["wchan", "LISTEN", "three-way-handshake"],
  },
  {
    section: "5.7",
    title: { en: "Normal termination", zh: "正常终止" },
    teaches: {
      en:
        "EOF on the client's input: the client closes, a FIN goes each way, the server child exits and — unless the parent waits — stays a zombie. The client's end passes through TIME_WAIT.",
      zh:
        "客户的输入遇到 EOF：客户关闭，两个方向各一个 FIN，服务器子进程终止——除非父进程 wait，否则成为僵尸进程。客户一端经历 TIME_WAIT。",
    },
    related: ["TIME_WAIT", "zombie", "SIGCHLD"],
  },
  {
    section: "5.8",
    title: { en: "POSIX signal handling", zh: "POSIX 信号处理" },
    teaches: {
      en:
        "Signals and their dispositions — default, ignore, a handler — installed with sigaction (the book's Signal). A signal is blocked while its handler runs, and a standard signal is pending at most once: signals are not queued.",
      zh:
        "信号及其处置——默认、忽略、处理函数——用 sigaction（书中的 Signal）安装。处理函数运行期间该信号被阻塞，标准信号最多只有一个处于未决状态：信号不排队。",
    },
    related: ["signal-handler", "SA_RESTART", "SIGCHLD"],
  },
  {
    section: "5.9",
    title: { en: "Handling SIGCHLD signals", zh: "处理 SIGCHLD 信号" },
    teaches: {
      en:
        "Catch SIGCHLD and wait for the child, so no zombie is left. The handler interrupts the parent blocked in accept, a slow system call, which returns EINTR unless the kernel restarts it (SA_RESTART).",
      zh:
        "捕获 SIGCHLD 并 wait 子进程，不留僵尸进程。处理函数会中断阻塞于 accept 这个慢系统调用的父进程，accept 返回 EINTR，除非内核自动重启它（SA_RESTART）。",
    },
    related: ["zombie", "slow-system-call", "EINTR", "SA_RESTART", "check-eintr"],
  },
  {
    section: "5.10",
    title: { en: "wait and waitpid functions", zh: "wait 和 waitpid 函数" },
    teaches: {
      en:
        "Five children ending at once bring fewer SIGCHLDs than exits. One wait per signal leaves zombies; waitpid(-1, &status, WNOHANG) in a loop reaps them all without ever blocking.",
      zh:
        "五个子进程同时终止，带来的 SIGCHLD 少于终止数。每个信号只 wait 一次会留下僵尸进程；循环调用 waitpid(-1, &status, WNOHANG) 能回收全部子进程，且从不阻塞。",
    },
    related: ["signals-not-queued", "waitpid", "ECHILD", "check-signals-not-queued"],
  },
  {
    section: "5.11",
    title: {
      en: "Connection abort before accept returns",
      zh: "accept 返回前连接中止",
    },
    teaches: {
      en:
        "A client's RST reaches a connection still waiting in the completed-connection queue. What accept does then depends on the system — 4.4BSD drops it, POSIX and modern FreeBSD return ECONNABORTED, SVR4 EPROTO, Linux hands back the dead connection — and a server must survive all of them.",
      zh:
        "客户的 RST 到达一个仍在已完成连接队列中等待的连接。accept 随后怎么做取决于系统——4.4BSD 丢弃它，POSIX 和现代 FreeBSD 返回 ECONNABORTED，SVR4 返回 EPROTO，Linux 交回这个失效的连接——服务器必须都能经受住。",
    },
    related: [
      "ECONNABORTED",
      "EPROTO",
      "ENOTCONN",
      "SO_LINGER",
      "backlog",
      "check-rst-before-accept",
    ],
  },
  {
    section: "5.12",
    title: { en: "Termination of server process", zh: "服务器进程终止" },
    teaches: {
      en:
        "Kill the server's child: its FIN reaches a client blocked reading its terminal. The client's next write draws an RST, and its read returns 0 — 'server terminated prematurely'.",
      zh:
        "杀死服务器子进程：它的 FIN 到达一个正阻塞于读终端的客户。客户的下一次写引出 RST，随后 read 返回 0——“服务器过早终止”。",
    },
    related: ["EOF", "RST", "CLOSE_WAIT", "SIGTERM"],
  },
  {
    section: "5.13",
    title: { en: "SIGPIPE signal", zh: "SIGPIPE 信号" },
    teaches: {
      en:
        "Writing to a connection that was reset raises SIGPIPE, whose default action kills the writer; a process that catches or ignores it gets EPIPE from the write instead.",
      zh:
        "向已被重置的连接写会引发 SIGPIPE，其默认行为是杀死写的进程；捕获或忽略它的进程则从 write 得到 EPIPE。",
    },
    related: ["SIGPIPE", "EPIPE", "ECONNRESET", "check-client-killed"],
  },
  {
    section: "5.14",
    title: { en: "Crash of server host", zh: "服务器主机崩溃" },
    teaches: {
      en:
        "The server host vanishes: the client's TCP retransmits with a doubling timeout and finally reports ETIMEDOUT — or EHOSTUNREACH when an ICMP says the host is unreachable. A client that must know sooner sets its own timeout or SO_KEEPALIVE.",
      zh:
        "服务器主机消失：客户 TCP 以加倍的超时时间重传，最后报告 ETIMEDOUT——若有 ICMP 报告主机不可达则为 EHOSTUNREACH。需要更早知道的客户自己设置超时或 SO_KEEPALIVE。",
    },
    related: ["ETIMEDOUT", "EHOSTUNREACH", "RTO", "tcp_retries2", "tail-loss-probe"],
  },
  {
    section: "5.15",
    title: { en: "Crashing and rebooting of server host", zh: "服务器主机崩溃后重启" },
    teaches: {
      en:
        "The server host reboots with no memory of the connection: the client's next segment is answered with an RST, and its read fails with ECONNRESET.",
      zh:
        "服务器主机重启后不再记得这个连接：客户的下一个分节得到 RST 回应，它的 read 以 ECONNRESET 失败。",
    },
    related: ["ECONNRESET", "RST"],
  },
  {
    section: "5.16",
    title: { en: "Shutdown of server host", zh: "服务器主机关机" },
    teaches: {
      en:
        "At shutdown init sends SIGTERM to every process, waits, then sends SIGKILL. The server's sockets close and its clients see FINs, as when the server process is killed (§5.12).",
      zh:
        "关机时 init 向所有进程发送 SIGTERM，等待一段时间，再发送 SIGKILL。服务器的套接字被关闭，客户看到 FIN，与服务器进程被杀死时一样（§5.12）。",
    },
    related: ["SIGTERM", "SIGKILL", "check-sigterm"],
  },
  {
    section: "5.17",
    title: { en: "Summary of TCP example", zh: "TCP 程序例子小结" },
    teaches: {
      en:
        "Who chooses what: the server its port (and maybe its address), the client nothing but the server's address and port — its own come from the kernel. The four values form the socket pair.",
      zh:
        "谁选择了什么：服务器选择端口（也许还有地址），客户只给出服务器的地址和端口——自己的由内核选择。这四个值构成套接字对。",
    },
    related: ["three-way-handshake", "backlog"],
  },
  {
    section: "5.18",
    title: { en: "Data format", zh: "数据格式" },
    teaches: {
      en:
        "Text crosses between hosts unchanged; binary numbers and structures break on byte order, the size of types and padding. Send text, or define the binary format explicitly.",
      zh:
        "文本在主机之间原样传递；二进制数值和结构会因字节序、类型大小和填充而出错。要么发送文本，要么明确定义二进制格式。",
    },
    related: ["data-format"],
  },
  {
    section: "7.5",
    title: { en: "Generic socket options", zh: "通用套接字选项" },
    teaches: {
      en:
        "SO_KEEPALIVE probes an idle connection so that a vanished peer is noticed; SO_LINGER{1,0} makes close send an RST; SO_REUSEADDR lets a server bind again while old connections linger.",
      zh:
        "SO_KEEPALIVE 探测空闲的连接，以便发现已消失的对端；SO_LINGER{1,0} 让 close 发送 RST；SO_REUSEADDR 让服务器在旧连接尚存时仍能再次 bind。",
    },
    related: ["keepalive", "SO_LINGER", "EADDRINUSE"],
  },
  {
    section: "14.2",
    title: { en: "Socket timeouts", zh: "套接字超时" },
    teaches: {
      en:
        "An application can stop waiting long before TCP gives up: alarm, select or SO_RCVTIMEO put a bound on a read.",
      zh:
        "应用程序可以远早于 TCP 放弃之前停止等待：alarm、select 或 SO_RCVTIMEO 为一次读设定时限。",
    },
    related: ["read-timeout", "SIGALRM"],
  },
];

/**
 * Whether `section` (`5.8`) falls in `range` as the scenarios and exercises
 * write theirs: one section (`5.11`), a span (`5.7–5.9`), or a list of those
 * (`5.2, 5.7–5.9`).
 *
 * @example
 * ```ts
 * sectionInRange("5.8", "5.7–5.9"); // true
 * sectionInRange("5.1", "5.11"); // false
 * ```
 */
export function sectionInRange(section: string, range: string): boolean {
  const key = (s: string) => s.trim().replace(/^§/, "").split(".").map(Number);
  const cmp = (a: number[], b: number[]) => a[0] - b[0] || (a[1] ?? 0) - (b[1] ?? 0);
  const want = key(section);
  return range.split(/[,、]/).some((part) => {
    const [from, to = from] = part.split(/[–-]/);
    return cmp(want, key(from)) >= 0 && cmp(want, key(to)) <= 0;
  });
}

/**
 * The section's summary, or undefined when echolab has none for it.
 *
 * @example
 * ```ts
 * findSection("§5.11")?.title.en; // "Connection abort before accept returns"
 * ```
 */
export function findSection(section: string): Section | undefined {
  const wanted = section.trim().replace(/^§\s*/, "");
  return SECTIONS.find((s) => s.section === wanted);
}
