/**
 * Entries for `echolab watch`: each change it observes in the socket table
 * or the server's process tree, with the one line it prints (`line`, with
 * `{placeholders}` filled from the observation) and where the book explains
 * it. TCP states: UNP §2.6 (the state diagram), §2.7 (TIME_WAIT), §5.6
 * (netstat at startup), §5.12 (FIN_WAIT2/CLOSE_WAIT); processes: §5.2
 * (fork per client), §5.7 (the zombie ps shows), §5.9–5.10 (wait/waitpid).
 *
 * @module
 */

import type { Entry } from "../entry.ts";

/** Catalogue entries for the changes `echolab watch` annotates. */
export const WATCH_ENTRIES: readonly Entry[] = [
  {
    id: "watch",
    aliases: ["echolab watch", "netstat", "ps"],
    section: "5.6",
    sources: {
      man: ["ss(8)", "ps(1)", "proc(5)", "packet(7)", "capabilities(7)"],
      kernel: ["tcp4_seq_show", "get_tcp4_sock"],
    },
    title: {
      en: "echolab watch: the book's netstat and ps, live, beside any server",
      zh: "echolab watch：书中的 netstat 和 ps，实时显示，可用于任何服务器",
    },
    text: {
      en:
        "The book proves each step of the chapter with netstat -a and ps. echolab watch reads the same evidence from /proc, twice a second by default — the port's sockets (both ends, the listener too: state, Recv-Q, Send-Q, timers, retransmissions) and the process tree of the server that owns the port (pid, ppid, state, wait channel, command) — and prints one annotated line for each change, with its section. It works beside any server: echolab serve, your own C program, socat. Run it in a third terminal: echolab watch --port 9877. The raw equivalents are ss -tan | grep 9877 and ps -o pid,ppid,stat,wchan,cmd --ppid PID.",
      zh:
        "书中用 netstat -a 和 ps 证明本章的每一步。echolab watch 从 /proc 读取同样的证据（默认每秒两次）——该端口的套接字（两端，包括监听套接字：状态、Recv-Q、Send-Q、定时器、重传）以及拥有该端口的服务器的进程树（pid、ppid、状态、等待通道、命令）——并为每个变化打印一行带小节号的注释。它可以用于任何服务器：echolab serve、你自己的 C 程序、socat。在第三个终端里运行：echolab watch --port 9877。对应的原始命令是 ss -tan | grep 9877 和 ps -o pid,ppid,stat,wchan,cmd --ppid PID。",
    },
    os: {
      en:
        "Packets need CAP_NET_RAW: on the host echolab watch captures loopback only as root (or with that capability) and otherwise says so once; watch --lab runs inside the lab, where it has the capability, so FIN, RST, retransmissions and ICMP appear in its log.",
      zh:
        "抓取分组需要 CAP_NET_RAW：在宿主机上，只有以 root 运行（或具有该能力）时 echolab watch 才抓取环回接口上的分组，否则只说明一次原因；watch --lab 在实验网络内部运行，在那里它具有该能力，所以 FIN、RST、重传和 ICMP 都会出现在日志中。",
    },
  },
  {
    id: "watch-waiting",
    section: "5.6",
    sources: { man: ["proc(5)"] },
    title: {
      en: "nothing listens on the port yet: watch waits",
      zh: "该端口上还没有监听者：watch 等待",
    },
    line: {
      en: "nothing on port {port} yet: waiting for a server to listen",
      zh: "端口 {port} 上还没有任何套接字：等待服务器开始监听",
    },
    text: {
      en:
        "No socket in /proc/net/tcp uses the port. Start the server in another terminal; watch notices the LISTEN socket as soon as the server calls listen.",
      zh:
        "/proc/net/tcp 中没有使用该端口的套接字。在另一个终端里启动服务器；服务器一调用 listen，watch 就会看到 LISTEN 套接字。",
    },
  },
  {
    id: "watch-listen",
    section: "5.6",
    sources: { man: ["listen(2)", "ss(8)"] },
    title: {
      en: "LISTEN appeared: the server called listen",
      zh: "出现 LISTEN：服务器调用了 listen",
    },
    line: {
      en: "LISTEN on {local}: the server waits for connections in accept",
      zh: "{local} 上出现 LISTEN：服务器在 accept 中等待连接",
    },
    text: {
      en:
        "After socket, bind and listen the server's socket is in the LISTEN state; netstat -a shows it with the wildcard or bound address (UNP §5.6, normal startup).",
      zh:
        "经过 socket、bind 和 listen 之后，服务器的套接字处于 LISTEN 状态；netstat -a 显示它及其通配地址或绑定地址（UNP §5.6，正常启动）。",
    },
  },
  {
    id: "watch-listen-gone",
    section: "5.6",
    sources: { man: ["tcp(7)", "connect(2)"], rfc: ["RFC 9293 §3.10.7.1"] },
    title: { en: "LISTEN gone: the server exited", zh: "LISTEN 消失：服务器已退出" },
    line: {
      en: "LISTEN gone: the server exited (or closed its listening socket)",
      zh: "LISTEN 消失：服务器已退出（或关闭了监听套接字）",
    },
    text: {
      en:
        "The listening socket left the table: its last descriptor was closed, usually because the server process ended. Connections already accepted live on in their children; new connections are refused with an RST (ECONNREFUSED).",
      zh:
        "监听套接字从表中消失：它的最后一个描述符被关闭，通常是因为服务器进程终止。已经接受的连接在各自的子进程中继续存在；新的连接会被 RST 拒绝（ECONNREFUSED）。",
    },
  },
  {
    id: "watch-listen-queue",
    section: "4.5",
    sources: {
      man: ["listen(2)", "ss(8)", "proc(5)"],
      kernel: ["inet_csk_reqsk_queue_add", "get_tcp4_sock"],
    },
    title: {
      en: "connections wait in the completed-connection queue",
      zh: "连接在已完成连接队列中等待",
    },
    line: {
      en: "LISTEN Recv-Q {recvQ}: connections completed the handshake and wait for accept",
      zh: "LISTEN 的 Recv-Q 为 {recvQ}：连接已完成握手，正在等待 accept",
    },
    text: {
      en:
        "For a listening socket Recv-Q is the number of connections in the completed-connection queue. It stays above 0 while the server is not calling accept (busy, stopped, or blocked elsewhere).",
      zh:
        "对监听套接字，Recv-Q 是已完成连接队列中的连接数。服务器不调用 accept（忙、被停止或阻塞在别处）时它保持大于 0。",
    },
  },
  {
    id: "watch-syn-sent",
    section: "2.6",
    sources: { unp: ["2.6"], rfc: ["RFC 9293 §3.5"] },
    title: { en: "SYN_SENT: connect sent a SYN", zh: "SYN_SENT：connect 已发送 SYN" },
    line: {
      en: "SYN_SENT on the {side}: connect sent a SYN and waits for the answer",
      zh: "{side}进入 SYN_SENT：connect 已发送 SYN，正在等待应答",
    },
    text: {
      en:
        "The active open: the client's TCP sent the first segment of the three-way handshake and waits for the SYN-ACK. A server that never answers keeps it here while the SYN is retransmitted.",
      zh:
        "主动打开：客户 TCP 已发送三次握手的第一个分节，正在等待 SYN-ACK。服务器不应答时，SYN 被重传，套接字一直停在这里。",
    },
  },
  {
    id: "watch-syn-recv",
    section: "2.6",
    sources: { unp: ["4.5"], rfc: ["RFC 9293 §3.5"] },
    title: { en: "SYN_RECV: a handshake half done", zh: "SYN_RECV：握手完成了一半" },
    line: {
      en: "SYN_RECV on the {side}: a SYN arrived, SYN-ACK sent, waiting for the last ACK",
      zh: "{side}进入 SYN_RECV：SYN 已到达、SYN-ACK 已发送，正在等待最后的 ACK",
    },
    text: {
      en:
        "The passive open: the server's TCP answered a SYN and waits for the ACK that completes the handshake; the connection is in the incomplete-connection queue (§4.5).",
      zh:
        "被动打开：服务器 TCP 已应答 SYN，正在等待完成握手的 ACK；该连接位于未完成连接队列中（§4.5）。",
    },
  },
  {
    id: "watch-established",
    section: "5.6",
    sources: { unp: ["2.6"], rfc: ["RFC 9293 §3.5"] },
    title: { en: "ESTABLISHED: the handshake completed", zh: "ESTABLISHED：握手已完成" },
    line: {
      en: "ESTABLISHED on the {side} ({conn}): the three-way handshake completed",
      zh: "{side}（{conn}）进入 ESTABLISHED：三次握手已完成",
    },
    text: {
      en:
        "Both ends of a connection show ESTABLISHED once the three-way handshake is done: the client's connect returns, and the server's accept returns the connected socket to a new child (UNP §5.6, normal startup).",
      zh:
        "三次握手完成后连接的两端都显示 ESTABLISHED：客户的 connect 返回，服务器的 accept 把已连接套接字交给一个新的子进程（UNP §5.6，正常启动）。",
    },
  },
  {
    id: "watch-fin-wait1",
    section: "2.6",
    sources: { unp: ["2.6"], rfc: ["RFC 9293 §3.6"] },
    title: {
      en: "FIN_WAIT1: closed, FIN not yet acknowledged",
      zh: "FIN_WAIT1：已关闭，FIN 尚未被确认",
    },
    line: {
      en: "FIN_WAIT1 on the {side}: it closed; its FIN is not acknowledged yet",
      zh: "{side}进入 FIN_WAIT1：它已关闭；它的 FIN 尚未被确认",
    },
    text: {
      en:
        "This end called close (or its process ended) and sent a FIN. Usually over in a round trip; a socket that stays here is retransmitting its FIN to a peer that does not answer.",
      zh:
        "这一端调用了 close（或其进程终止）并发送了 FIN。通常一个往返就结束；停留在这里的套接字正在向不应答的对方重传 FIN。",
    },
  },
  {
    id: "watch-fin-wait2",
    section: "5.12",
    sources: { man: ["tcp(7)"], kernel: ["tcp_fin_time"], rfc: ["RFC 9293 §3.6"] },
    title: {
      en: "FIN_WAIT2: the FIN was acknowledged, the peer has not closed",
      zh: "FIN_WAIT2：FIN 已被确认，对方尚未关闭",
    },
    line: {
      en: "FIN_WAIT2 on the {side}: its FIN was acknowledged; waiting for the {peer}'s FIN",
      zh: "{side}进入 FIN_WAIT2：它的 FIN 已被确认；正在等待{peer}的 FIN",
    },
    text: {
      en:
        "This end closed first and the peer's TCP acknowledged its FIN; the peer application has not closed. In §5.12 this is the killed server child's socket, while the client sits blocked in fgets.",
      zh:
        "这一端先关闭，对方 TCP 已确认它的 FIN；对方应用程序尚未关闭。在 §5.12 中，这就是被杀死的服务器子进程的套接字，而客户正阻塞于 fgets。",
    },
    os: {
      en:
        "Linux drops an orphaned FIN_WAIT2 socket after net.ipv4.tcp_fin_timeout (60 s by default).",
      zh: "Linux 在 net.ipv4.tcp_fin_timeout（默认 60 秒）后丢弃无主的 FIN_WAIT2 套接字。",
    },
  },
  {
    id: "watch-close-wait",
    section: "5.12",
    sources: {
      man: ["ss(8)", "proc(5)"],
      kernel: ["tcp_fin", "get_tcp4_sock"],
      rfc: ["RFC 9293 §3.6"],
    },
    title: {
      en: "CLOSE_WAIT with the FIN unread",
      zh: "CLOSE_WAIT，FIN 尚未被读取",
    },
    line: {
      en:
        "CLOSE_WAIT on the {side} (Recv-Q {recvQ}): the {peer}'s FIN arrived and nobody has read it",
      zh: "{side}进入 CLOSE_WAIT（Recv-Q {recvQ}）：{peer}的 FIN 已到达，但还没有人读取它",
    },
    text: {
      en:
        "The peer closed; this end's TCP acknowledged the FIN. The FIN takes one sequence number, so Recv-Q counts it: Recv-Q 1 with no data means the application has not read the EOF yet — in §5.12 the client is blocked reading its terminal, not the socket.",
      zh:
        "对方已关闭；这一端的 TCP 已确认该 FIN。FIN 占一个序列号，所以 Recv-Q 把它计算在内：没有数据却显示 Recv-Q 1，意味着应用程序还没有读到 EOF——在 §5.12 中，客户正阻塞于读终端，而不是读套接字。",
    },
  },
  {
    id: "watch-close-wait-read",
    section: "5.12",
    sources: { man: ["read(2)"], rfc: ["RFC 9293 §3.6"] },
    title: {
      en: "CLOSE_WAIT, the EOF read but the socket not closed",
      zh: "CLOSE_WAIT，EOF 已读到但套接字尚未关闭",
    },
    line: {
      en: "CLOSE_WAIT on the {side}, Recv-Q 0: the EOF was read; the socket is not closed yet",
      zh: "{side}处于 CLOSE_WAIT，Recv-Q 为 0：EOF 已被读到；套接字尚未关闭",
    },
    text: {
      en:
        "read returned 0, so Recv-Q dropped to 0, but the descriptor is still open. A socket that stays in CLOSE_WAIT is a program that forgot to close.",
      zh:
        "read 返回了 0，所以 Recv-Q 降为 0，但描述符仍然打开着。一直停在 CLOSE_WAIT 的套接字说明程序忘了 close。",
    },
  },
  {
    id: "watch-last-ack",
    section: "2.6",
    sources: { unp: ["2.6"], rfc: ["RFC 9293 §3.6"] },
    title: {
      en: "LAST_ACK: closed second, waiting for the ACK",
      zh: "LAST_ACK：后关闭的一方，等待 ACK",
    },
    line: {
      en: "LAST_ACK on the {side}: it closed after the {peer}; waiting for the ACK of its FIN",
      zh: "{side}进入 LAST_ACK：它在{peer}之后关闭；正在等待对其 FIN 的 ACK",
    },
    text: {
      en:
        "The passive close: this end received the peer's FIN, then closed and sent its own. When the ACK comes back the socket is gone — the side that closes second never enters TIME_WAIT.",
      zh:
        "被动关闭：这一端先收到对方的 FIN，然后关闭并发送自己的 FIN。ACK 回来后套接字就消失——后关闭的一方从不进入 TIME_WAIT。",
    },
  },
  {
    id: "watch-closing",
    section: "2.6",
    sources: { unp: ["2.6"], rfc: ["RFC 9293 §3.6"] },
    title: { en: "CLOSING: both ends closed at once", zh: "CLOSING：两端同时关闭" },
    line: {
      en: "CLOSING on the {side}: both ends sent a FIN at the same time",
      zh: "{side}进入 CLOSING：两端同时发送了 FIN",
    },
    text: {
      en:
        "A simultaneous close: each end's FIN crossed the other's. Both go on to TIME_WAIT once their FIN is acknowledged.",
      zh: "同时关闭：两端的 FIN 在途中交叉。各自的 FIN 被确认后两端都进入 TIME_WAIT。",
    },
  },
  {
    id: "watch-time-wait",
    section: "2.7",
    sources: {
      unp: ["2.6"],
      man: ["tcp(7)"],
      kernel: ["TCP_TIMEWAIT_LEN"],
      rfc: ["RFC 9293 §3.6"],
    },
    title: {
      en: "TIME_WAIT on the side that closed first, for 2MSL",
      zh: "先关闭的一方进入 TIME_WAIT，持续 2MSL",
    },
    line: {
      en: "TIME_WAIT on the {side}: the side that closed first, for 2MSL",
      zh: "{side}进入 TIME_WAIT：它是先关闭的一方，持续 2MSL",
    },
    text: {
      en:
        "The end that performs the active close stays in TIME_WAIT for twice the maximum segment lifetime: to resend the final ACK if it is lost, and to let old duplicates of this connection die out before the same four-tuple can be used again (UNP §2.7).",
      zh:
        "执行主动关闭的一端在 TIME_WAIT 中停留两倍的最长分节生命期：以便最后的 ACK 丢失时重发，并让这个连接的旧的重复分节在同一四元组被再次使用之前消逝（UNP §2.7）。",
    },
    os: {
      en:
        "Linux holds TIME_WAIT for a fixed 60 s (TCP_TIMEWAIT_LEN in include/net/tcp.h), whatever the MSL; the book's implementations used 2 × 30 s to 2 × 2 min.",
      zh:
        "Linux 的 TIME_WAIT 固定为 60 秒（include/net/tcp.h 中的 TCP_TIMEWAIT_LEN），与 MSL 无关；书中的实现使用 2 × 30 秒到 2 × 2 分钟。",
    },
  },
  {
    id: "watch-time-wait-end",
    section: "2.7",
    sources: { kernel: ["TCP_TIMEWAIT_LEN", "inet_twsk_kill"] },
    title: { en: "TIME_WAIT ended: 2MSL passed", zh: "TIME_WAIT 结束：2MSL 已过" },
    line: {
      en: "TIME_WAIT ended on the {side} ({conn}): 2MSL passed, the connection is gone",
      zh: "{side}（{conn}）的 TIME_WAIT 结束：2MSL 已过，连接已消失",
    },
    text: {
      en:
        "The TIME_WAIT timer fired and the kernel freed what was left of the connection; its four-tuple may be used again.",
      zh: "TIME_WAIT 定时器到期，内核释放了连接剩下的部分；它的四元组可以再次使用。",
    },
  },
  {
    id: "watch-socket-gone",
    section: "2.6",
    sources: { rfc: ["RFC 9293 §3.6"], man: ["tcp(7)"] },
    title: { en: "a connection left the table", zh: "一个连接从表中消失" },
    line: {
      en: "{side} socket ({conn}) gone from the table (it was {before})",
      zh: "{side}套接字（{conn}）从表中消失（此前为 {before}）",
    },
    text: {
      en:
        "The socket was closed and nothing of it is left: after LAST_ACK, after an RST, or when a socket in FIN_WAIT2 is orphaned and times out.",
      zh:
        "套接字已关闭，什么也没留下：在 LAST_ACK 之后、收到 RST 之后，或处于 FIN_WAIT2 的无主套接字超时之后。",
    },
  },
  {
    id: "watch-retransmit",
    section: "5.14",
    sources: { man: ["tcp(7)", "proc(5)"], kernel: ["tcp_retransmit_timer", "get_tcp4_sock"] },
    title: { en: "a socket retransmits", zh: "套接字正在重传" },
    line: {
      en: "the {side} retransmits (retransmission {n}, Send-Q {sendQ}): no ACK came back",
      zh: "{side}正在重传（第 {n} 次重传，Send-Q {sendQ}）：没有收到 ACK",
    },
    text: {
      en:
        "The retransmission timer fired and the segment went out again; /proc/net/tcp counts it in the retrnsmt column and Send-Q holds the unacknowledged bytes. In §5.14 this is the client writing to a server host that crashed.",
      zh:
        "重传定时器到期，分节被再次发送；/proc/net/tcp 的 retrnsmt 列对此计数，Send-Q 保存尚未确认的字节。在 §5.14 中，这就是客户向已崩溃的服务器主机写数据。",
    },
  },
  {
    id: "watch-server",
    section: "5.2",
    sources: { man: ["proc(5)", "ss(8)", "lsof(8)"] },
    title: { en: "the process that owns the port", zh: "拥有该端口的进程" },
    line: {
      en: "server {pid} owns the listening socket: {cmd}",
      zh: "服务器 {pid} 拥有监听套接字：{cmd}",
    },
    text: {
      en:
        "watch finds the server by the inode of the LISTEN socket: the process whose /proc/PID/fd holds socket:[inode] (what ss -p and lsof do). Its children are the chapter's per-client processes.",
      zh:
        "watch 通过 LISTEN 套接字的 inode 找到服务器：/proc/PID/fd 中含有 socket:[inode] 的那个进程（ss -p 和 lsof 也是这样做的）。它的子进程就是本章中每个客户一个的进程。",
    },
  },
  {
    id: "watch-server-gone",
    section: "5.16",
    sources: { man: ["proc(5)", "prctl(2)"] },
    title: { en: "the server process ended", zh: "服务器进程已终止" },
    line: {
      en: "server {pid} is gone: the process ended",
      zh: "服务器 {pid} 已消失：该进程已终止",
    },
    text: {
      en:
        "The process that owned the listening socket is no longer in /proc. Its children, if any, were inherited by init (or a subreaper), which reaps them when they end.",
      zh:
        "拥有监听套接字的进程已不在 /proc 中。它的子进程（如果有）由 init（或子进程收割者）继承，并在它们终止时被回收。",
    },
  },
  {
    id: "watch-child",
    section: "5.2",
    sources: { man: ["fork(2)"] },
    title: { en: "a new child of the server", zh: "服务器的一个新子进程" },
    line: {
      en: "child {pid} started (parent {ppid}): {cmd}",
      zh: "子进程 {pid} 已启动（父进程 {ppid}）：{cmd}",
    },
    text: {
      en:
        "The concurrent server forks one child per accepted connection; the child serves the client (str_echo) and the parent goes back to accept.",
      zh:
        "并发服务器为每个接受的连接 fork 一个子进程；子进程服务客户（str_echo），父进程回到 accept。",
    },
  },
  {
    id: "watch-zombie",
    section: "5.7",
    sources: { unp: ["5.9"], man: ["ps(1)", "proc(5)", "wait(2)"] },
    title: {
      en: "a child became a zombie",
      zh: "子进程变成了僵尸进程",
    },
    line: {
      en: "child {pid} is a zombie: it ended and its parent has not waited",
      zh: "子进程 {pid} 成为僵尸进程：它已终止，但父进程还没有调用 wait",
    },
    text: {
      en:
        "The child terminated, the kernel sent SIGCHLD to its parent and keeps the child's pid and termination status until the parent calls wait or waitpid; ps shows state Z and <defunct>. tcpserv01 never waits, so its zombies stay (UNP §5.7; the fix is §5.9–5.10).",
      zh:
        "子进程已终止，内核向父进程发送 SIGCHLD，并保留子进程的 pid 和终止状态，直到父进程调用 wait 或 waitpid；ps 显示状态 Z 和 <defunct>。tcpserv01 从不等待，所以它的僵尸进程一直存在（UNP §5.7；修正见 §5.9–5.10）。",
    },
  },
  {
    id: "watch-reaped",
    section: "5.9",
    sources: { unp: ["5.10"], man: ["wait(2)", "signal(7)"] },
    title: { en: "a zombie was reaped", zh: "僵尸进程已被回收" },
    line: {
      en: "child {pid} reaped: its parent waited for it and the zombie is gone",
      zh: "子进程 {pid} 已被回收：父进程等待了它，僵尸进程消失",
    },
    text: {
      en:
        "The parent's SIGCHLD handler (or a plain wait) fetched the termination status, so the kernel released the zombie. One SIGCHLD may stand for several exits: only a waitpid loop reaps them all (§5.10).",
      zh:
        "父进程的 SIGCHLD 信号处理函数（或一次普通的 wait）取得了终止状态，内核于是释放了僵尸进程。一个 SIGCHLD 可能代表多次终止：只有 waitpid 循环能全部回收（§5.10）。",
    },
  },
  {
    id: "watch-child-gone",
    section: "5.10",
    sources: { unp: ["5.9"], man: ["wait(2)", "sigaction(2)"] },
    title: { en: "a child ended and was reaped at once", zh: "子进程终止并立即被回收" },
    line: {
      en: "child {pid} ended and was reaped before it could be seen as a zombie",
      zh: "子进程 {pid} 已终止，并在被看到成为僵尸进程之前就被回收了",
    },
    text: {
      en:
        "Between two looks at /proc the child ended and its parent's waitpid collected it — what tcpserv04's waitpid loop does. With SIGCHLD set to SIG_IGN the kernel reaps it itself (no zombie at all).",
      zh:
        "在两次查看 /proc 之间，子进程终止，并被父进程的 waitpid 收集——这正是 tcpserv04 的 waitpid 循环所做的。若把 SIGCHLD 设为 SIG_IGN，内核会自行回收它（根本没有僵尸进程）。",
    },
  },
];
