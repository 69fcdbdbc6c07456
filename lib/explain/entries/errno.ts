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
    sources: {
      unp: ["4.3"],
      man: ["connect(2)"],
      kernel: ["tcp_reset"],
      rfc: ["RFC 9293 §3.10.7"],
    },
    title: {
      en: "connection refused: no process is listening on that port",
      zh: "连接被拒绝：该端口上没有进程在监听",
    },
    text: {
      en:
        "The server host answered the SYN with an RST because no socket listens on the port. The client's connect returns ECONNREFUSED at once — a hard error.",
      zh:
        "服务器主机用 RST 回应了 SYN，因为该端口上没有监听套接字。客户的 connect 立即返回 ECONNREFUSED，这是一个硬错误。",
    },
  },
  {
    id: "EADDRINUSE",
    section: "7.5",
    sources: { unp: ["7.5"], man: ["bind(2)", "socket(7)"] },
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
    sources: { man: ["accept(2)", "getrlimit(2)"] },
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
    sources: { man: ["bind(2)", "ip(7)"] },
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
    sources: {
      man: ["getpeername(2)"],
      kernel: ["inet_csk_accept", "do_accept", "inet_getname", "tcp_reset"],
      other: ["POSIX accept()", "FreeBSD accept(2)"],
    },
    title: {
      en: "not connected: the peer reset the connection before accept returned it",
      zh: "未连接：在 accept 返回之前对端已重置连接",
    },
    text: {
      en:
        "A connection completed the three-way handshake and waited in the completed-connection queue, then the client sent an RST. The server must treat this as a non-fatal error and call accept again.",
      zh:
        "一个连接完成了三次握手并在已完成连接队列中等待，随后客户发送了 RST。服务器必须把它当作非致命错误，再次调用 accept。",
    },
    os: {
      en:
        "Linux's accept() succeeds and hands back the dead socket: do_accept (net/socket.c) asks inet_getname for the peer's address with peer = 2, which skips its check for a CLOSED socket (the note in accept(2) about pending network errors coming back from accept is historical). getpeername then fails with ENOTCONN, which Deno's accept() reports as NotConnected, and the first read fails with ECONNRESET. The book's 4.4BSD drops the connection inside the kernel, so the server never sees it; modern FreeBSD returns ECONNABORTED, which is what POSIX specifies; SVR4 returned EPROTO.",
      zh:
        "Linux 的 accept() 会成功并返回这个已失效的套接字：do_accept（net/socket.c）以 peer = 2 调用 inet_getname 取对端地址，这会跳过它对 CLOSED 套接字的检查（accept(2) 中关于 accept 返回待处理网络错误的说明已是历史）。随后 getpeername 以 ENOTCONN 失败（Deno 的 accept() 将其报告为 NotConnected），第一次 read 以 ECONNRESET 失败。书中的 4.4BSD 在内核中丢弃这个连接，服务器永远看不到它；现代 FreeBSD 返回 ECONNABORTED，这正是 POSIX 的规定；SVR4 返回 EPROTO。",
    },
  },
  {
    id: "ECONNABORTED",
    aliases: [
      "connection-aborted",
      "software-caused-connection-abort",
      "软件引起的连接中止",
      "连接中止",
    ],
    section: "5.11",
    sources: {
      man: ["accept(2)"],
      kernel: ["inet_csk_accept"],
      other: ["POSIX accept()", "FreeBSD accept(2)"],
    },
    title: {
      en: "software caused connection abort: connection reset while in the accept queue",
      zh: "软件引起的连接中止：连接在 accept 队列中被重置",
    },
    text: {
      en:
        "POSIX's errno for a connection aborted before accept returns it, and what modern FreeBSD's accept returns. A server ignores it and calls accept again.",
      zh:
        "POSIX 规定的错误：连接在 accept 返回之前就被中止；现代 FreeBSD 的 accept 就返回它。服务器应忽略它并再次调用 accept。",
    },
    os: {
      en:
        "Linux never returns ECONNABORTED for this: its accept hands back the reset connection, and the error shows on that socket instead (getpeername: ENOTCONN, first read: ECONNRESET). 4.4BSD, the book's kernel, dropped such a connection inside the kernel; SVR4 returned EPROTO.",
      zh:
        "Linux 在这种情况下从不返回 ECONNABORTED：它的 accept 交回这个已被重置的连接，错误改在该套接字上出现（getpeername：ENOTCONN，第一次 read：ECONNRESET）。书中的 4.4BSD 在内核中丢弃这样的连接；SVR4 返回 EPROTO。",
    },
  },
  {
    id: "EPROTO",
    section: "5.11",
    sources: { man: ["accept(2)"], other: ["POSIX accept()"] },
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
    aliases: ["connection-reset-by-peer"],
    section: "5.15",
    sources: {
      unp: ["5.13"],
      man: ["tcp(7)", "recv(2)"],
      kernel: ["tcp_reset", "sk_stream_error"],
      rfc: ["RFC 9293 §3.10.7"],
    },
    title: { en: "connection reset by peer: an RST arrived", zh: "连接被对端重置：收到了 RST" },
    text: {
      en:
        "The peer's TCP answered with an RST: it has no memory of this connection (its process died with unread data, it crashed and rebooted, or it aborted with SO_LINGER{1,0}). What the RST leaves behind depends on the state it meets: on an ESTABLISHED connection Linux records ECONNRESET as the socket's pending error, so the blocked read — or the next read or write — fails with ECONNRESET, a write without SIGPIPE. In CLOSE_WAIT (the peer's FIN already in) it records EPIPE instead, and read returns 0 first (§5.12–5.13).",
      zh:
        "对端 TCP 回应了 RST：它已不记得这个连接（进程在有未读数据时终止、主机崩溃后重启，或以 SO_LINGER{1,0} 中止）。RST 留下什么取决于它遇到的状态：在 ESTABLISHED 的连接上，Linux 把 ECONNRESET 记为套接字的待处理错误，于是阻塞中的 read——或下一次 read 或 write——以 ECONNRESET 失败，write 也不会引发 SIGPIPE。在 CLOSE_WAIT 状态（对端的 FIN 已经到达）它改记 EPIPE，read 先返回 0（§5.12–5.13）。",
    },
  },
  {
    id: "EPIPE",
    section: "5.13",
    sources: {
      unp: ["5.12"],
      man: ["send(2)", "signal(7)"],
      kernel: ["tcp_reset", "sk_stream_error"],
      other: ["Deno runtime: SIGPIPE ignored"],
    },
    title: {
      en: "broken pipe: writing to a connection that has been reset",
      zh: "管道破裂：向已被重置的连接写数据",
    },
    text: {
      en:
        "The first write after the server died was fine: it elicited an RST. That RST found the client's socket in CLOSE_WAIT (the server's FIN had come first), so Linux recorded EPIPE as its pending error: the read returned 0, and the next write raises SIGPIPE — if the process survives the signal, the write returns EPIPE. Had the connection still been ESTABLISHED when the RST came, the next call after the RST (the read, or the second write) would have failed with ECONNRESET and no SIGPIPE; only the write after that would get SIGPIPE and EPIPE.",
      zh:
        "服务器终止后的第一次写是成功的：它引出了一个 RST。这个 RST 到达时客户套接字处于 CLOSE_WAIT（服务器的 FIN 先到），于是 Linux 把 EPIPE 记为它的待处理错误：read 返回 0，下一次写时内核向进程发送 SIGPIPE——若进程未被该信号终止，写操作返回 EPIPE。如果 RST 到达时连接仍处于 ESTABLISHED，RST 之后的下一次调用（read，或第二次写）会以 ECONNRESET 失败且没有 SIGPIPE；再之后的那次写才得到 SIGPIPE 和 EPIPE。",
    },
    os: {
      en:
        "Deno's runtime ignores SIGPIPE, so echolab sees EPIPE and lives on. A C client with SIGPIPE's default disposition would be killed here by signal 13 — it does not exit — and the shell would report $? = 141 (128 + 13).",
      zh:
        "Deno 运行时忽略 SIGPIPE，因此 echolab 看到 EPIPE 并继续运行。使用 SIGPIPE 默认处置的 C 客户会在此被 13 号信号杀死——它并没有退出——shell 报告的 $? 为 141（128 + 13）。",
    },
  },
  {
    id: "ETIMEDOUT",
    section: "5.14",
    sources: {
      man: ["tcp(7)"],
      kernel: ["tcp_write_timeout", "retransmits_timed_out", "tcp_model_timeout"],
      rfc: ["RFC 6298"],
    },
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
    sources: {
      man: ["tcp(7)", "arp(7)"],
      kernel: [
        "arp_error_report",
        "ipv4_link_failure",
        "icmp_send",
        "tcp_v4_err",
        "icmp_err_convert",
        "sk_getsockopt",
      ],
      rfc: ["RFC 1122 §4.2.3.9", "RFC 6069"],
    },
    title: {
      en:
        "no route to host: an ICMP host unreachable, from a router or from this host's failed ARP",
      zh: "没有到主机的路由：ICMP 主机不可达，来自路由器或本机失败的 ARP 解析",
    },
    text: {
      en:
        "An ICMP host unreachable reported the host unreachable. It comes from one of two places: an intermediate router (the book's case — echolab chaos router-unreachable; and host-unreachable, where the router's own ARP lookup for the crashed host fails and it sends the ICMP: arp_error_report → ipv4_link_failure → icmp_send), or, when the host is on the local link, this host itself: when its neighbour (ARP) lookup gets no answer, Linux drops the waiting packet and sends itself the same ICMP. TCP maps it to EHOSTUNREACH (icmp_err_convert). On an established connection this is a soft error: TCP keeps retransmitting — each such ICMP undoing one doubling of the RTO (RFC 6069) — and reports EHOSTUNREACH only when it gives up (or to a getsockopt(SO_ERROR), which, with no hard error pending, returns the soft error and clears it); in SYN_SENT Linux fails the connect at once.",
      zh:
        "一个 ICMP 主机不可达报告了主机不可达。它有两个来源：中间路由器（书中的情形——echolab chaos router-unreachable；以及 host-unreachable：路由器自己对崩溃主机的 ARP 解析失败，于是由它发出 ICMP：arp_error_report → ipv4_link_failure → icmp_send）；或者当主机就在本地链路上时，本机自己：邻居（ARP）解析没有应答时，Linux 丢弃等待中的分组，并向自己发送同样的 ICMP。TCP 把它转换为 EHOSTUNREACH（icmp_err_convert）。对已建立的连接这是软错误：TCP 继续重传——每个这样的 ICMP 撤销一次 RTO 加倍（RFC 6069）——直到放弃时才报告 EHOSTUNREACH（或者报告给 getsockopt(SO_ERROR)：没有待处理的硬错误时，它返回这个软错误并将其清除）；在 SYN_SENT 状态 Linux 让 connect 立即失败。",
    },
  },
  {
    id: "ENETUNREACH",
    section: "5.14",
    sources: { man: ["ip(7)"], kernel: ["tcp_v4_err", "icmp_err_convert"], rfc: ["RFC 792"] },
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
    sources: { man: ["signal(7)", "accept(2)"], other: ["Deno runtime"] },
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
    aliases: [
      "premature-eof",
      "server-terminated-prematurely",
      "str_cli: server terminated prematurely",
      "服务器过早终止",
    ],
    section: "5.12",
    sources: { unp: ["5.5", "5.13"], man: ["read(2)"], kernel: ["tcp_fin", "tcp_recvmsg"] },
    title: {
      en: "server terminated prematurely: read returned 0 (EOF)",
      zh: "服务器过早终止：read 返回 0（EOF）",
    },
    text: {
      en:
        "The server's end closed (its FIN arrived) before the echo came back, so the read returned 0. In the book's case the server child was killed while the client was blocked reading stdin: the client's next write still succeeded, the server's TCP answered it with an RST, and the read then saw the FIN that was already queued. A server that closes or refuses the connection gives the same EOF without that write and RST. Either way str_cli says 'server terminated prematurely'.",
      zh:
        "服务器一端在回射到来之前关闭了（它的 FIN 已到达），所以 read 返回 0。书中的情形是：服务器子进程在客户阻塞于读标准输入时被杀死；客户随后的写仍然成功，服务器 TCP 以 RST 回应，read 再读到早已排队的 FIN。服务器主动关闭或拒绝连接时，也会得到同样的 EOF，只是没有那次写和 RST。无论哪种情况，str_cli 都报告“server terminated prematurely”（服务器过早终止）。",
    },
  },
];
