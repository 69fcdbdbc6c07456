/**
 * Entries for `echolab check`: for each check, what it tests, the
 * chapter's explanation, and what to change when it fails.
 *
 * @module
 */

import type { Entry } from "../entry.ts";

/** Catalogue entries keyed `check-<name>`. */
export const CHECK_ENTRIES: readonly Entry[] = [
  {
    // UNP §5.3
    id: "check-echo",
    section: "5.3",
    sources: { unp: ["3.9"], man: ["read(2)", "write(2)"] },
    title: {
      en: "echo: lines and binary data come back byte for byte",
      zh: "echo：文本行与二进制数据逐字节原样返回",
    },
    text: {
      en:
        "str_echo reads whatever arrives and writes back exactly the bytes read — n bytes, not a C string. The check sends a line, a line holding NUL bytes, all 256 byte values, and 100 KiB in one go.",
      zh:
        "str_echo 读取到达的任何数据，并原样写回读到的字节——n 个字节，而不是 C 字符串。该检查发送一行文本、一行含 NUL 字节的数据、全部 256 种字节值，以及一次 100 KiB 的数据。",
    },
    fix: {
      en:
        'Echo bytes, not strings: write(fd, buf, n) with the n that read returned, and loop until all n are written (writen). fputs, strlen and printf("%s") stop at the first NUL; text decoders choke on bytes that are not UTF-8.',
      zh:
        '回射字节而不是字符串：用 read 返回的 n 调用 write(fd, buf, n)，并循环直到 n 个字节全部写完（writen）。fputs、strlen 和 printf("%s") 遇到第一个 NUL 就停止；文本解码器遇到非 UTF-8 字节会出错。',
    },
  },
  {
    // UNP §5.2
    id: "check-concurrent",
    section: "5.2",
    sources: { unp: ["4.8"], man: ["fork(2)", "listen(2)"] },
    title: {
      en: "concurrent: several clients are served at once",
      zh: "concurrent：同时为多个客户服务",
    },
    text: {
      en:
        "Three clients connect before any sends; the last one to connect sends first. An iterative server, still busy with the first client, leaves the others' connections waiting in the completed-connection queue: they connect, but get no echo.",
      zh:
        "三个客户在发送任何数据之前全部连接；最后连接的客户最先发送。迭代服务器仍忙于第一个客户，其他客户的连接停在已完成连接队列中：它们能连接成功，却收不到回射。",
    },
    fix: {
      en:
        "After accept, fork a child to serve the client (close the listening socket in the child, the connected one in the parent) — or use threads or I/O multiplexing.",
      zh:
        "accept 之后 fork 一个子进程为客户服务（子进程关闭监听套接字，父进程关闭已连接套接字）——或使用线程或 I/O 复用。",
    },
  },
  {
    // UNP §5.7–5.9
    id: "check-zombies",
    section: "5.9",
    sources: { unp: ["5.10"], man: ["wait(2)", "proc(5)"] },
    title: {
      en: "zombies: no child is left in state Z after its client leaves",
      zh: "zombies：客户离开后没有子进程停留在 Z 状态",
    },
    text: {
      en:
        "Three clients come and go one by one. Each child exits when its client closes; unless the parent calls wait or waitpid, each stays a zombie. echolab reads the children's states from /proc/PID/stat.",
      zh:
        "三个客户逐个来去。每个子进程在其客户关闭时终止；除非父进程调用 wait 或 waitpid，否则每个都会成为僵尸进程。echolab 从 /proc/PID/stat 读取子进程的状态。",
    },
    fix: {
      en:
        "Catch SIGCHLD (sigaction) and reap in the handler: while (waitpid(-1, &status, WNOHANG) > 0) ; — save and restore errno around it.",
      zh:
        "捕获 SIGCHLD（sigaction），并在处理函数中回收：while (waitpid(-1, &status, WNOHANG) > 0) ; ——并在前后保存和恢复 errno。",
    },
  },
  {
    // UNP §5.10
    id: "check-signals-not-queued",
    section: "5.10",
    sources: { man: ["signal(7)", "wait(2)"], kernel: ["legacy_queue"] },
    title: {
      en: "signals-not-queued: five children end at once, all are reaped, the server still accepts",
      zh: "signals-not-queued：五个子进程同时终止，全部被回收，服务器仍接受连接",
    },
    text: {
      en:
        "Five clients are served at once and close together, as tcpcli04 does — first as it happens, then while the server is stopped with SIGSTOP, so that the five SIGCHLD surely merge into one pending signal. A handler that calls wait once per SIGCHLD reaps one child per delivery: when the five signals merge into one it leaves four zombies, and when some arrive apart, fewer.",
      zh:
        "五个客户同时得到服务并一起关闭，与 tcpcli04 一样——先自然发生一次，再在服务器被 SIGSTOP 停止期间发生一次，使五个 SIGCHLD 必然合并为一个未决的信号。每次 SIGCHLD 只调用一次 wait 的处理函数每次递交只能回收一个子进程：五个信号合并为一个时留下四个僵尸进程，部分信号分开到达时则少一些。",
    },
    fix: {
      en:
        "Loop in the handler: while ((pid = waitpid(-1, &status, WNOHANG)) > 0) … — never a loop of wait, which would block while other children still run.",
      zh:
        "在处理函数中循环：while ((pid = waitpid(-1, &status, WNOHANG)) > 0) …——不要循环调用 wait，它会在其他子进程仍在运行时阻塞。",
    },
  },
  {
    // UNP §5.11
    id: "check-rst-before-accept",
    section: "5.11",
    sources: {
      man: ["accept(2)", "socket(7)"],
      kernel: ["inet_csk_accept", "tcp_reset"],
      other: ["POSIX accept()", "FreeBSD accept(2)"],
    },
    title: {
      en: "rst-before-accept: a connection reset before accept does not stop the server",
      zh: "rst-before-accept：accept 之前被重置的连接不会让服务器停止",
    },
    text: {
      en:
        "With the server stopped, a client completes the handshake and closes with SO_LINGER{1,0}: an RST reaches the connection while it waits in the completed-connection queue. Resumed, the server's accept meets it. Linux returns it from accept anyway (getpeername then fails with ENOTCONN, the first read with ECONNRESET). Elsewhere: the book's 4.4BSD drops it inside the kernel, so the server never sees it; modern FreeBSD returns ECONNABORTED from accept, as POSIX specifies; SVR4 returned EPROTO.",
      zh:
        "在服务器停止期间，一个客户完成握手后以 SO_LINGER{1,0} 关闭：连接在已完成连接队列中等待时收到了 RST。服务器恢复运行后，accept 遇到这个连接。Linux 仍会由 accept 返回它（随后 getpeername 以 ENOTCONN 失败，第一次 read 以 ECONNRESET 失败）。在别的系统上：书中的 4.4BSD 在内核中丢弃它，服务器永远看不到；现代 FreeBSD 的 accept 返回 ECONNABORTED，这也是 POSIX 的规定；SVR4 返回 EPROTO。",
    },
    fix: {
      en:
        "Treat ECONNABORTED and EPROTO from accept like EINTR: accept again. In the child, a read that fails with ECONNRESET ends that client only. In Deno or Node, catch the error from accept() and keep looping.",
      zh:
        "像对待 EINTR 一样对待 accept 返回的 ECONNABORTED 和 EPROTO：再次 accept。在子进程中，以 ECONNRESET 失败的 read 只结束这一个客户。在 Deno 或 Node 中，捕获 accept() 的错误并继续循环。",
    },
  },
  {
    // UNP §5.12–5.13
    id: "check-client-killed",
    section: "5.13",
    sources: {
      unp: ["5.12"],
      man: ["send(2)", "signal(7)"],
      kernel: ["tcp_close", "tcp_reset", "sk_stream_error"],
    },
    title: {
      en: "client-killed: a client killed mid-echo does not take the server down",
      zh: "client-killed：回射途中被杀死的客户不会拖垮服务器",
    },
    text: {
      en:
        "A client sends and never reads, until the echo piles up; then it is killed with SIGKILL. Its kernel closes the socket with unread data, which sends an RST. The RST finds the server's socket ESTABLISHED, so its next write fails with ECONNRESET, without SIGPIPE (tcp_reset, sk_stream_error). A server that writes again gets EPIPE and SIGPIPE, whose default action kills the process that wrote. In a fork server that is only the child; a single-process server dies whole.",
      zh:
        "一个客户只发不读，直到回射数据堆积；随后它被 SIGKILL 杀死。它的内核关闭仍有未读数据的套接字，因而发送 RST。RST 到达时服务器套接字处于 ESTABLISHED，因此它的下一次写以 ECONNRESET 失败，不会引发 SIGPIPE（tcp_reset、sk_stream_error）。若服务器再写一次，就得到 EPIPE 和 SIGPIPE，后者的默认行为是杀死执行写操作的进程。在 fork 服务器中那只是子进程；单进程服务器则整个终止。",
    },
    fix: {
      en:
        "In a single-process server ignore SIGPIPE (signal(SIGPIPE, SIG_IGN), or send with MSG_NOSIGNAL) and handle EPIPE/ECONNRESET from write by closing that one connection.",
      zh:
        "在单进程服务器中忽略 SIGPIPE（signal(SIGPIPE, SIG_IGN)，或用 MSG_NOSIGNAL 发送），并在 write 返回 EPIPE/ECONNRESET 时只关闭这一个连接。",
    },
  },
  {
    // UNP §5.9
    id: "check-eintr",
    section: "5.9",
    sources: { man: ["signal(7)", "accept(2)", "proc(5)"] },
    title: {
      en: "eintr: accept interrupted by SIGCHLD does not kill the server",
      zh: "eintr：被 SIGCHLD 中断的 accept 不会让服务器终止",
    },
    text: {
      en:
        "A client leaves while the server waits in accept (wait channel inet_csk_accept). The child exits, SIGCHLD arrives, the handler runs — and accept, a slow system call, returns -1 with EINTR unless the handler was installed with SA_RESTART. A server that treats every accept error as fatal dies with 'accept: Interrupted system call'.",
      zh:
        "服务器阻塞于 accept（等待通道 inet_csk_accept）时一个客户离开。子进程终止，SIGCHLD 到达，处理函数运行——而 accept 这个慢系统调用会返回 -1 且 errno 为 EINTR，除非处理函数是用 SA_RESTART 安装的。把 accept 的所有错误都当作致命错误的服务器会以“accept: Interrupted system call”终止。",
    },
    fix: {
      en:
        "if (connfd < 0) { if (errno == EINTR) continue; … } — and/or install the handler with SA_RESTART.",
      zh:
        "if (connfd < 0) { if (errno == EINTR) continue; … }——并且/或者用 SA_RESTART 安装处理函数。",
    },
  },
  {
    // UNP §5.16
    id: "check-sigterm",
    section: "5.16",
    sources: { man: ["kill(2)", "signal(7)", "sigprocmask(2)"] },
    title: {
      en:
        "sigterm: SIGTERM to every process, as at shutdown, ends the server and closes the client's connection",
      zh: "sigterm：像关机时那样向每个进程发送 SIGTERM，结束服务器并关闭客户的连接",
    },
    text: {
      en:
        "When a host shuts down, init sends SIGTERM to every process, waits some fixed time (the book says often 5 to 20 s), then sends SIGKILL to any still running (§5.16). With a client connected, the check does the same to every process of your server. The book's servers have no SIGTERM handler: the default action ends each process, the kernel closes its descriptors, and the client sees the child's FIN as EOF. A process that ignores SIGTERM, or catches it and goes on, is only ended by the SIGKILL.",
      zh:
        "主机关机时，init 向所有进程发送 SIGTERM，等待一段固定时间（书中说通常为 5 到 20 秒），然后向仍在运行的进程发送 SIGKILL（§5.16）。在有客户连接时，该检查对你的服务器的每个进程做同样的事。书中的服务器没有 SIGTERM 处理函数：默认动作结束每个进程，内核关闭它的描述符，客户把子进程的 FIN 看作 EOF。忽略 SIGTERM 或捕获它后继续运行的进程，只能被 SIGKILL 结束。",
    },
    fix: {
      en:
        "Leave SIGTERM's default action alone (as the book's servers do), or, if you catch it, end the process from the handler (clean up, then _exit or re-raise SIGTERM with its default action).",
      zh:
        "保持 SIGTERM 的默认动作（就像书中的服务器那样）；如果捕获它，就在处理函数中结束进程（清理后调用 _exit，或恢复默认动作后再次 raise SIGTERM）。",
    },
  },
  {
    // Beyond the book (UNP §5.16 only has init signal every process)
    id: "check-graceful-stop",
    section: "5.16",
    title: {
      en:
        "graceful-stop (beyond the book): kill PID alone ends the server and every child it started",
      zh: "graceful-stop（超出本书）：仅 kill PID 就结束服务器及其启动的所有子进程",
    },
    text: {
      en:
        "Beyond the book: the chapter's servers have no SIGTERM handler, and at shutdown init signals every process itself. But an administrator who stops a service with kill PID signals the parent only: without a handler the parent dies and its children live on as orphans (adopted by init or a subreaper), still serving their clients. This check never fails the chapter.",
      zh:
        "超出本书：本章的服务器没有 SIGTERM 处理函数，关机时 init 会自己向每个进程发送信号。但管理员用 kill PID 停止服务时只向父进程发送信号：没有处理函数时，父进程终止，子进程成为孤儿（被 init 或 subreaper 收养），仍在为客户服务。该检查不会让本章判为未通过。",
    },
    fix: {
      en:
        "Catch SIGTERM: send SIGTERM to every child you started (keep their pids), wait for each, then exit. Block SIGCHLD meanwhile so the two handlers do not race over the same children. examples/servers/tcpserv05.c shows one way.",
      zh:
        "捕获 SIGTERM：向你启动的每个子进程发送 SIGTERM（记下它们的 pid），逐个等待，然后退出。其间阻塞 SIGCHLD，以免两个处理函数争抢同一批子进程。examples/servers/tcpserv05.c 给出了一种做法。",
    },
  },
];
