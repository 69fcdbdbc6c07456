/**
 * Errno entries: the failures chapter 5 provokes.
 *
 * @module
 */

import type { Entry } from "../entry.ts";

/** Catalogue entries keyed by errno name. */
export const ERRNO_ENTRIES: readonly Entry[] = [
  {
    id: "ECONNREFUSED",
    section: "4.3",
    title: {
      en: "connection refused: no process is listening on that port",
      zh: "连接被拒绝：该端口上没有进程在监听",
    },
    text: {
      en:
        "The server host answered the SYN with an RST because no socket listens on the port. The client's connect returns ECONNREFUSED at once — a hard error.",
      zh:
        "服务器主机用 RST 回应了 SYN，因为该端口上没有监听套接字。客户端的 connect 立即返回 ECONNREFUSED，这是一个硬错误。",
    },
  },
  {
    id: "EADDRINUSE",
    section: "7.5",
    title: {
      en: "address already in use: another socket is bound to this port",
      zh: "地址已被使用：另一个套接字已绑定到该端口",
    },
    text: {
      en:
        "bind failed because a listening socket (or one in TIME_WAIT without SO_REUSEADDR) already owns the address. Stop the other server or pick another port (--port 0 picks a free one).",
      zh:
        "bind 失败，因为已有监听套接字（或处于 TIME_WAIT 而未设置 SO_REUSEADDR 的套接字）占用了该地址。请停止另一个服务器或换一个端口（--port 0 自动选择空闲端口）。",
    },
  },
  {
    id: "EMFILE",
    aliases: ["ENFILE"],
    section: "5.11",
    title: {
      en: "too many open files: accept has no descriptor to give",
      zh: "打开的文件过多：accept 没有描述符可分配",
    },
    text: {
      en:
        "The process (EMFILE) or the whole system (ENFILE) has no free descriptor, so accept cannot return the next connection; it stays in the queue. The server pauses briefly and accepts again once a child has ended and closed its socket (ulimit -n shows the per-process limit).",
      zh:
        "进程（EMFILE）或整个系统（ENFILE）没有空闲的描述符，因此 accept 无法返回下一个连接，连接留在队列中。服务器稍作停顿，等某个子进程结束并关闭它的套接字后再次 accept（ulimit -n 显示每个进程的上限）。",
    },
  },
  {
    id: "EADDRNOTAVAIL",
    section: "4.4",
    title: {
      en: "address not available: this host has no interface with that address",
      zh: "地址不可用：本机没有该地址的接口",
    },
    text: {
      en: "bind names a local IP address that no interface of this host carries.",
      zh: "bind 指定的本地 IP 地址不在本机任何接口上。",
    },
  },
  {
    id: "ENOTCONN",
    section: "5.11",
    title: {
      en: "not connected: the peer reset the connection before accept returned it",
      zh: "未连接：在 accept 返回之前对端已重置连接",
    },
    text: {
      en:
        "A connection completed the three-way handshake and waited in the completed-connection queue, then the client sent an RST. The server must treat this as a non-fatal error and call accept again.",
      zh:
        "一个连接完成了三次握手并在已完成连接队列中等待，随后客户端发送了 RST。服务器必须把它当作非致命错误，再次调用 accept。",
    },
    os: {
      en:
        "Linux's accept() succeeds and hands back the dead socket; getpeername then fails with ENOTCONN, which Deno's accept() reports as NotConnected. Berkeley-derived kernels drop it inside the kernel, POSIX says ECONNABORTED, SVR4 returned EPROTO.",
      zh:
        "Linux 的 accept() 会成功并返回这个已失效的套接字；随后 getpeername 以 ENOTCONN 失败，Deno 的 accept() 将其报告为 NotConnected。源自Berkeley的实现在内核中丢弃它，POSIX 规定返回 ECONNABORTED，SVR4 返回 EPROTO。",
    },
  },
  {
    id: "ECONNABORTED",
    section: "5.11",
    title: {
      en: "software caused connection abort: connection reset while in the accept queue",
      zh: "软件引起的连接中止：连接在 accept 队列中被重置",
    },
    text: {
      en:
        "POSIX's errno for a connection aborted before accept returns it. A server ignores it and calls accept again.",
      zh: "POSIX 规定的错误：连接在 accept 返回之前就被中止。服务器应忽略它并再次调用 accept。",
    },
  },
  {
    id: "EPROTO",
    section: "5.11",
    title: {
      en: "protocol error (SVR4's accept after an abort)",
      zh: "协议错误（SVR4 在连接中止后的 accept）",
    },
    text: {
      en:
        "SVR4 streams-based implementations returned EPROTO from accept for a connection aborted in the queue; POSIX chose ECONNABORTED instead so servers can tell it from fatal protocol errors.",
      zh:
        "基于 SVR4 流的实现对在队列中被中止的连接，从 accept 返回 EPROTO；POSIX 改用 ECONNABORTED，让服务器能把它与致命的协议错误区分开。",
    },
  },
  {
    id: "ECONNRESET",
    section: "5.15",
    title: { en: "connection reset by peer: an RST arrived", zh: "连接被对端重置：收到了 RST" },
    text: {
      en:
        "The peer's TCP answered with an RST: it has no memory of this connection (its process died with unread data, it crashed and rebooted, or it aborted with SO_LINGER{1,0}). The pending read or write fails with ECONNRESET.",
      zh:
        "对端 TCP 回应了 RST：它已不记得这个连接（进程在有未读数据时终止、主机崩溃后重启，或以 SO_LINGER{1,0} 中止）。挂起的读或写以 ECONNRESET 失败。",
    },
  },
  {
    id: "EPIPE",
    section: "5.13",
    title: {
      en: "broken pipe: writing to a socket that has received an RST",
      zh: "管道破裂：向已收到 RST 的套接字写数据",
    },
    text: {
      en:
        "The first write after the server died was fine: it elicited an RST. Writing again to a socket that received an RST raises SIGPIPE, and if the process survives the signal, the write returns EPIPE.",
      zh:
        "服务器终止后的第一次写是成功的：它引出了一个 RST。再次向已收到 RST 的套接字写时，内核向进程发送 SIGPIPE 信号；若进程未被该信号终止，写操作返回 EPIPE。",
    },
    os: {
      en:
        "Deno's runtime ignores SIGPIPE, so echolab sees EPIPE and lives on. A C client with SIGPIPE's default disposition would be killed here by signal 13 — it does not exit — and the shell would report $? = 141 (128 + 13).",
      zh:
        "Deno 运行时忽略 SIGPIPE，因此 echolab 看到 EPIPE 并继续运行。使用 SIGPIPE 默认处置的 C 客户端会在此被 13 号信号杀死——它并没有退出——shell 报告的 $? 为 141（128 + 13）。",
    },
  },
  {
    id: "ETIMEDOUT",
    section: "5.14",
    title: {
      en: "connection timed out: the peer never acknowledged the retransmissions",
      zh: "连接超时：对端始终没有确认重传的数据",
    },
    text: {
      en:
        "TCP retransmitted the unacknowledged segment with a doubling timeout and gave up. With no ICMP error to report, the error is ETIMEDOUT.",
      zh:
        "TCP 以加倍的超时时间重传未被确认的分节，最后放弃。没有收到 ICMP 错误时，报告的错误是 ETIMEDOUT。",
    },
    os: {
      en:
        "Linux turns net.ipv4.tcp_retries2 into a time budget, not a count of retransmissions: by default (tcp_retries2 = 15) it gives up after at least 924.6 s of retransmitting, not the book's 12 retransmissions ≈ 9 minutes.",
      zh:
        "Linux 把 net.ipv4.tcp_retries2 换算成时间预算，而不是重传次数：默认（tcp_retries2 = 15）重传至少 924.6 秒后才放弃，而不是书中的 12 次重传约 9 分钟。",
    },
  },
  {
    id: "EHOSTUNREACH",
    section: "5.14",
    title: {
      en: "no route to host: a router's ICMP or the local ARP lookup said the host is unreachable",
      zh: "没有到主机的路由：路由器的 ICMP 或本地 ARP 查找表明主机不可达",
    },
    text: {
      en:
        "The host was reported unreachable, in one of two ways: an intermediate router answered with an ICMP host unreachable (the book's case — echolab chaos router-unreachable, and host-unreachable, where the router's own ARP lookup for the crashed host fails), or, when the host is on the local link, the client's own neighbour (ARP) lookup got no answer and failed — no ICMP on the wire. On an established connection this is a soft error: TCP keeps retransmitting and reports EHOSTUNREACH only when it gives up; in SYN_SENT Linux fails the connect at once.",
      zh:
        "主机被报告为不可达，有两种途径：中间路由器回以 ICMP 主机不可达（书中的情形——echolab chaos router-unreachable，以及 host-unreachable：路由器自己对崩溃主机的 ARP 查找失败）；或者当主机就在本地链路上时，客户自己的邻居（ARP）查找没有应答而失败——线路上没有 ICMP。对已建立的连接这是软错误：TCP 继续重传，直到放弃时才报告 EHOSTUNREACH；在 SYN_SENT 状态 Linux 让 connect 立即失败。",
    },
  },
  {
    id: "ENETUNREACH",
    section: "5.14",
    title: { en: "network is unreachable", zh: "网络不可达" },
    text: {
      en:
        "There is no route to the destination network: the local routing table has none, or a router said so with ICMP net unreachable (code 0). In SYN_SENT Linux fails the connect at once; on an established connection it is a soft error, reported when TCP gives up (echolab chaos no-route).",
      zh:
        "没有到目的网络的路由：本地路由表中没有，或者路由器用 ICMP 网络不可达（代码 0）报告了这一点。在 SYN_SENT 状态 Linux 让 connect 立即失败；对已建立的连接它是软错误，在 TCP 放弃时报告（echolab chaos no-route）。",
    },
  },
  {
    id: "EINTR",
    section: "5.9",
    title: {
      en: "interrupted system call: a signal arrived during a slow system call",
      zh: "被中断的系统调用：慢系统调用期间有信号到达",
    },
    text: {
      en:
        "A process blocked in a slow system call (accept, read) caught a signal; when the handler returns, the call fails with EINTR unless the handler was installed with SA_RESTART.",
      zh:
        "阻塞于慢系统调用（accept、read）的进程捕获了信号；信号处理函数返回后，若未设置 SA_RESTART，该调用以 EINTR 失败。",
    },
    os: {
      en:
        "Deno's runtime retries EINTR for you; only the book engine (raw libc through FFI) shows it.",
      zh: "Deno 运行时会自动重试 EINTR；只有 book 引擎（通过 FFI 直接调用 libc）能展示它。",
    },
  },
  {
    id: "EOF",
    aliases: ["premature-eof"],
    section: "5.12",
    title: {
      en: "server terminated prematurely: read returned 0 (EOF)",
      zh: "服务器过早终止：read 返回 0（EOF）",
    },
    text: {
      en:
        "The server's end closed (its FIN arrived) before the echo came back, so the read returned 0. In the book's case the server child was killed while the client was blocked reading stdin: the client's next write still succeeded, the server's TCP answered it with an RST, and the read then saw the FIN that was already queued. A server that closes or refuses the connection gives the same EOF without that write and RST. Either way str_cli says 'server terminated prematurely'.",
      zh:
        "服务器一端在回射到来之前关闭了（它的 FIN 已到达），所以 read 返回 0。书中的情形是：服务器子进程在客户端阻塞于读标准输入时被杀死；客户端随后的写仍然成功，服务器 TCP 以 RST 回应，read 再读到早已排队的 FIN。服务器主动关闭或拒绝连接时，也会得到同样的 EOF，只是没有那次写和 RST。无论哪种情况，str_cli 都报告“server terminated prematurely”（服务器过早终止）。",
    },
  },
];
