/**
 * Topic entries: the ideas of chapter 5 a learner looks up by name
 * (`echolab explain zombie`), rather than an event, errno or signal.
 *
 * @module
 */

import type { Entry } from "../entry.ts";

/** Catalogue entries keyed by topic. */
export const TOPIC_ENTRIES: readonly Entry[] = [
  {
    // UNP §5.7, §5.9
    id: "zombie",
    aliases: ["zombies", "僵尸进程", "僵死进程"],
    section: "5.9",
    sources: { unp: ["5.7", "5.10"], man: ["wait(2)", "proc(5)"] },
    title: {
      en: "zombie: a child that ended but was never waited for",
      zh: "僵尸进程：已终止但从未被 wait 的子进程",
    },
    text: {
      en:
        "When a process terminates, the kernel keeps its pid, termination status and resource usage until the parent fetches them with wait or waitpid. Until then the child is a zombie: state Z in /proc/PID/stat, <defunct> in ps. Zombies hold a slot in the process table; a server that forks a child per client and never waits fills the table. If the parent itself ends, init (or a subreaper) inherits its zombies and reaps them.",
      zh:
        "进程终止时，内核保留它的 pid、终止状态和资源使用信息，直到父进程用 wait 或 waitpid 取走。在此之前该子进程是僵尸进程：/proc/PID/stat 中状态为 Z，ps 显示 <defunct>。僵尸进程占用进程表项；为每个客户 fork 一个子进程却从不 wait 的服务器会填满进程表。若父进程自身终止，init（或 subreaper）会继承并回收它的僵尸子进程。",
    },
    fix: {
      en:
        "Catch SIGCHLD and, in the handler, call waitpid(-1, &status, WNOHANG) in a loop until it returns 0 or -1 (§5.10).",
      zh:
        "捕获 SIGCHLD，并在信号处理函数中循环调用 waitpid(-1, &status, WNOHANG)，直到它返回 0 或 -1（§5.10）。",
    },
  },
  {
    // UNP §5.10
    id: "signals-not-queued",
    aliases: ["not-queued", "信号不排队"],
    section: "5.10",
    sources: { unp: ["5.9"], man: ["signal(7)"], kernel: ["legacy_queue"] },
    title: {
      en: "signals are not queued: five exits may bring one SIGCHLD",
      zh: "信号不排队：五个子进程终止可能只带来一次 SIGCHLD",
    },
    text: {
      en:
        "A standard signal is a pending bit, not a counter: if SIGCHLD is generated again while one is already pending (or while the handler runs with it blocked), the two merge. When five clients close at once (tcpcli04), five children end almost together and the parent may see SIGCHLD only once or twice. A handler that calls wait once per delivery leaves the rest as zombies.",
      zh:
        "标准信号是一个未决位而不是计数器：SIGCHLD 已经处于未决状态时（或处理函数运行、该信号被阻塞时）再次产生，两者合并为一次。五个客户同时关闭时（tcpcli04），五个子进程几乎同时终止，父进程可能只收到一两次 SIGCHLD。每次递交只调用一次 wait 的处理函数会留下其余的僵尸进程。",
    },
    os: {
      en:
        "How many deliveries a run gets depends on scheduling, so it changes from run to run: echolab chaos signals-not-queued and echolab check print the counts they observed. echolab check pauses the server with SIGSTOP while the children end, so all the exits meet one pending SIGCHLD and the outcome is certain.",
      zh:
        "递交次数取决于调度，每次运行都可能不同：echolab chaos signals-not-queued 和 echolab check 会打印它们观察到的次数。echolab check 在子进程终止期间用 SIGSTOP 暂停服务器，所有终止只对应一个未决的 SIGCHLD，结果因此确定。",
    },
    fix: {
      en: "Loop in the handler: while ((pid = waitpid(-1, &status, WNOHANG)) > 0) … (§5.10).",
      zh: "在处理函数中循环：while ((pid = waitpid(-1, &status, WNOHANG)) > 0) …（§5.10）。",
    },
  },
  {
    // UNP §5.9
    id: "slow-system-call",
    aliases: ["slow-syscall", "interrupted-system-call", "慢系统调用", "被中断的系统调用"],
    section: "5.9",
    sources: { man: ["signal(7)"] },
    title: {
      en: "slow system call: one that can block forever",
      zh: "慢系统调用：可能永远阻塞的系统调用",
    },
    text: {
      en:
        "accept, read on a socket or terminal, write to a full pipe, wait: calls that may never return. When a process blocked in one catches a signal and the handler returns, the call may return -1 with errno EINTR instead of resuming. A program that catches signals must be ready for that: call accept again, or have the kernel restart it (SA_RESTART).",
      zh:
        "accept、读套接字或终端、写满了的管道、wait：这些调用可能永远不返回。阻塞于其中的进程捕获信号、处理函数返回后，该调用可能返回 -1 且 errno 为 EINTR，而不是继续等待。捕获信号的程序必须为此做好准备：再次调用 accept，或让内核自动重启它（SA_RESTART）。",
    },
    fix: {
      en:
        "When accept returns -1 with errno EINTR, go round the loop and call accept again: if (errno == EINTR) continue;",
      zh:
        "accept 返回 -1 且 errno 为 EINTR 时，回到循环开头再次调用 accept：if (errno == EINTR) continue;",
    },
  },
  {
    // UNP §5.8, §5.9
    id: "SA_RESTART",
    aliases: ["restart", "自动重启"],
    section: "5.9",
    sources: { unp: ["5.8"], man: ["sigaction(2)", "signal(7)"] },
    title: {
      en: "SA_RESTART: let the kernel restart an interrupted call",
      zh: "SA_RESTART：让内核自动重启被中断的调用",
    },
    text: {
      en:
        "A sigaction flag: after the handler returns, a slow system call it interrupted is restarted instead of failing with EINTR. The book's Signal function sets it for every signal but SIGALRM. Even so, portable code handles EINTR itself: not every system restarts every call (select and poll are never restarted on Linux, and a handler installed with plain sigaction and flags 0 has no SA_RESTART).",
      zh:
        "sigaction 的一个标志：处理函数返回后，被它中断的慢系统调用会被重启，而不是以 EINTR 失败。书中的 Signal 函数为除 SIGALRM 之外的所有信号设置它。即便如此，可移植的代码仍应自己处理 EINTR：并非所有系统都重启所有调用（Linux 上 select 和 poll 从不重启；用 sigaction 且 flags 为 0 安装的处理函数没有 SA_RESTART）。",
    },
    os: {
      en:
        "On Linux, accept, read and write on sockets are restarted with SA_RESTART unless a socket timeout (SO_RCVTIMEO/SO_SNDTIMEO) is set.",
      zh:
        "在 Linux 上，设置 SA_RESTART 后套接字上的 accept、read、write 会被重启，除非设置了套接字超时（SO_RCVTIMEO/SO_SNDTIMEO）。",
    },
  },
  {
    // UNP §5.8
    id: "signal-handler",
    aliases: ["signal", "信号处理函数", "posix-signals"],
    section: "5.8",
    sources: { man: ["sigaction(2)", "signal-safety(7)"], other: ["POSIX sigaction()"] },
    title: {
      en: "signal handler: a function the kernel calls when a signal arrives",
      zh: "信号处理函数：信号到达时内核调用的函数",
    },
    text: {
      en:
        "Installed with sigaction (the book wraps it as Signal). POSIX semantics: the handler stays installed; while it runs, the signal being delivered is blocked (plus any in sa_mask); a signal generated while blocked is delivered once when unblocked — not once per generation. A handler should do little (waitpid, setting a flag) and must save and restore errno.",
      zh:
        "用 sigaction 安装（书中封装为 Signal）。POSIX 语义：处理函数一经安装便一直有效；处理函数运行期间，正被递交的信号被阻塞（以及 sa_mask 中的信号）；阻塞期间产生的信号在解除阻塞后只递交一次，而不是每产生一次递交一次。处理函数应尽量少做事（waitpid、设置标志），并且必须保存和恢复 errno。",
    },
  },
  {
    // UNP §5.10
    id: "waitpid",
    aliases: ["wait", "WNOHANG", "wait-and-waitpid"],
    section: "5.10",
    sources: { man: ["wait(2)"] },
    title: {
      en: "wait and waitpid: fetch a child's termination status",
      zh: "wait 与 waitpid：取得子进程的终止状态",
    },
    text: {
      en:
        "wait blocks until some child ends and returns its pid and status. waitpid(-1, &status, WNOHANG) takes any child but never blocks: it returns 0 when children exist but none has ended, -1 with ECHILD when there are none. That is why the SIGCHLD handler must loop on waitpid: a loop of wait would block once the terminated children are reaped while others still run.",
      zh:
        "wait 阻塞到某个子进程终止，返回它的 pid 和状态。waitpid(-1, &status, WNOHANG) 等待任一子进程但从不阻塞：有子进程但都未终止时返回 0，没有子进程时返回 -1 且 errno 为 ECHILD。因此 SIGCHLD 处理函数必须循环调用 waitpid：若循环调用 wait，在回收完已终止的子进程后，只要还有子进程在运行，它就会阻塞。",
    },
  },
  {
    // UNP §5.10
    id: "ECHILD",
    section: "5.10",
    sources: { man: ["wait(2)", "sigaction(2)"], kernel: ["do_wait", "do_notify_parent"] },
    title: {
      en: "no child processes: nothing left to wait for",
      zh: "没有子进程：已没有可等待的子进程",
    },
    text: {
      en:
        "wait or waitpid found no child at all. In a SIGCHLD handler's waitpid loop it is the normal way out, together with 0 from WNOHANG.",
      zh:
        "wait 或 waitpid 发现根本没有子进程。在 SIGCHLD 处理函数的 waitpid 循环中，它与 WNOHANG 返回的 0 一样，是正常的退出条件。",
    },
    os: {
      en:
        "With SIGCHLD set to SIG_IGN, or SA_NOCLDWAIT (beyond the book), the kernel reaps the children itself, so wait never returns one: it blocks while any child runs, then fails with ECHILD (wait(2) NOTES).",
      zh:
        "把 SIGCHLD 设为 SIG_IGN 或设置 SA_NOCLDWAIT 时（超出本书），内核自行回收子进程，因此 wait 永远拿不到子进程：只要还有子进程在运行它就阻塞，之后以 ECHILD 失败（wait(2) 的 NOTES）。",
    },
  },
  {
    // UNP §5.10: tcpserv04's loop ends on 0 or ECHILD.
    id: "waitpid-zero",
    section: "5.10",
    sources: { unp: ["5.10"], man: ["wait(2)"] },
    title: {
      en: "waitpid(-1, WNOHANG) returned 0: children exist, none has ended",
      zh: "waitpid(-1, WNOHANG) 返回 0：有子进程，但都还没有终止",
    },
    text: {
      en:
        "WNOHANG makes waitpid return at once: 0 means this process still has children but none has terminated yet. It is one way out of tcpserv04's while loop in sig_chld; the other is -1 with ECHILD, when no child is left at all. A plain wait here would have blocked.",
      zh:
        "WNOHANG 使 waitpid 立即返回：0 表示本进程还有子进程，但都还没有终止。这是 tcpserv04 的 sig_chld 中 while 循环的一个出口；另一个出口是 -1 加 ECHILD，即一个子进程都不剩了。此时若调用普通的 wait 就会阻塞。",
    },
  },
  {
    // Beyond the book: POSIX _exit, wait(2) NOTES, sigaction(2) SA_NOCLDWAIT.
    id: "kernel-reaps",
    aliases: ["SIG_IGN", "SA_NOCLDWAIT", "autoreap"],
    section: "5.9",
    sources: {
      unp: ["5.9", "5.10"],
      man: ["wait(2)", "sigaction(2)", "signal(7)"],
      kernel: ["do_notify_parent"],
      other: ["POSIX _exit(): Consequences of Process Termination"],
    },
    title: {
      en: "SIGCHLD ignored (SIG_IGN) or SA_NOCLDWAIT: the kernel reaps the children",
      zh: "忽略 SIGCHLD（SIG_IGN）或设置 SA_NOCLDWAIT：由内核回收子进程",
    },
    text: {
      en:
        "A parent that does not want its children's status can say so: set SIGCHLD to SIG_IGN, or install its handler with SA_NOCLDWAIT. Terminated children then never become zombies — the kernel discards them at once — and wait has nothing to fetch: it blocks while any child runs and fails with ECHILD once the last has ended. The book's servers catch SIGCHLD and call waitpid instead (§5.9–5.10).",
      zh:
        "不需要子进程终止状态的父进程可以明说：把 SIGCHLD 设为 SIG_IGN，或以 SA_NOCLDWAIT 安装其处理函数。这样终止的子进程永远不会成为僵尸进程——内核立即将其丢弃——wait 也就无状态可取：只要还有子进程在运行它就阻塞，最后一个终止后它以 ECHILD 失败。书中的服务器则捕获 SIGCHLD 并调用 waitpid（§5.9–5.10）。",
    },
    os: {
      en:
        'Beyond the book: POSIX (_exit, "Consequences of Process Termination"), wait(2) NOTES, sigaction(2) SA_NOCLDWAIT; in Linux, do_notify_parent (kernel/signal.c). SIGCHLD\'s default action is also to ignore it, but plain SIG_DFL (without SA_NOCLDWAIT) still leaves zombies: only an explicit SIG_IGN, or SA_NOCLDWAIT, reaps. With SIG_IGN no SIGCHLD is sent; with SA_NOCLDWAIT Linux still sends it.',
      zh:
        "超出本书：POSIX（_exit 的“Consequences of Process Termination”）、wait(2) 的 NOTES、sigaction(2) 的 SA_NOCLDWAIT；在 Linux 中是 do_notify_parent（kernel/signal.c）。SIGCHLD 的默认动作也是忽略，但单纯的 SIG_DFL（不带 SA_NOCLDWAIT）仍会留下僵尸进程：只有显式的 SIG_IGN 或 SA_NOCLDWAIT 才会回收。SIG_IGN 时不发送 SIGCHLD；SA_NOCLDWAIT 时 Linux 仍会发送。",
    },
  },
  {
    // UNP §5.2, §4.8
    id: "fork",
    aliases: ["concurrent-server", "并发服务器"],
    section: "5.2",
    sources: {
      unp: ["4.7", "4.8"],
      man: ["fork(2)", "clone(2)", "posix_spawn(3)"],
      other: ["Deno.Command"],
    },
    title: {
      en: "fork: one child per client, the concurrent server",
      zh: "fork：每个客户一个子进程，即并发服务器",
    },
    text: {
      en:
        "After accept returns, the server forks. The child inherits the descriptors: it closes the listening socket and serves the client on the connected one; the parent closes the connected socket and calls accept again. Each descriptor has a reference count, so the connection closes only when the last holder closes it.",
      zh:
        "accept 返回后服务器调用 fork。子进程继承所有描述符：它关闭监听套接字，在已连接套接字上为客户服务；父进程关闭已连接套接字，再次调用 accept。每个描述符有引用计数，只有最后一个持有者关闭它时连接才真正关闭。",
    },
    os: {
      en:
        "Deno cannot fork. The book engine's default worker (clone, on Linux x86_64) calls clone(2) itself: a child with its own pid and its own copy of the descriptors, fork without exec. --worker cat and --worker echolab start a program with posix_spawn, as fork + exec would. The deno engine starts echolab __str-echo with Deno.Command and pipes the socket to it.",
      zh:
        "Deno 不能 fork。book 引擎默认的工作进程（clone，Linux x86_64 上）自己调用 clone(2)：得到一个有自己 pid 和自己一份描述符副本的子进程，即不 exec 的 fork。--worker cat 和 --worker echolab 用 posix_spawn 启动一个程序，如同 fork + exec。deno 引擎用 Deno.Command 启动 echolab __str-echo，并把套接字通过管道接给它。",
    },
  },
  {
    // UNP §4.8
    id: "iterative-server",
    aliases: ["iterative", "迭代服务器"],
    section: "4.8",
    sources: { man: ["accept(2)"] },
    title: { en: "iterative server: one client at a time", zh: "迭代服务器：一次只服务一个客户" },
    text: {
      en:
        "A server that serves each client to completion before calling accept again. Simple, but a second client's connection waits in the completed-connection queue — its connect succeeds, its data gets no answer — until the first client leaves.",
      zh:
        "在再次调用 accept 之前把当前客户服务完毕的服务器。简单，但第二个客户的连接会在已完成连接队列中等待——它的 connect 成功了，发送的数据却没有回应——直到第一个客户离开。",
    },
    fix: {
      en: "fork a child per client (§5.2), or use threads (ch. 26) or I/O multiplexing (ch. 6).",
      zh: "为每个客户 fork 一个子进程（§5.2），或使用线程（第 26 章）或 I/O 复用（第 6 章）。",
    },
  },
  {
    // UNP §2.6
    id: "three-way-handshake",
    aliases: ["handshake", "SYN", "三次握手"],
    section: "2.6",
    sources: { man: ["connect(2)", "listen(2)"], rfc: ["RFC 9293 §3.5"] },
    title: { en: "three-way handshake: SYN, SYN+ACK, ACK", zh: "三次握手：SYN、SYN+ACK、ACK" },
    text: {
      en:
        "connect sends a SYN; the server's TCP answers SYN+ACK; the client's ACK completes it. The kernel does this by itself: the server process need not run, and the connection waits in the completed-connection queue until accept takes it. connect returns after the second segment, accept after the third.",
      zh:
        "connect 发送 SYN；服务器 TCP 回应 SYN+ACK；客户的 ACK 完成握手。这一切由内核完成：服务器进程无需运行，连接在已完成连接队列中等待 accept 取走。connect 在第二个分节后返回，accept 在第三个分节后返回。",
    },
  },
  {
    // UNP §4.5
    id: "backlog",
    aliases: ["completed-connection-queue", "accept-queue", "listen-queue", "已完成连接队列"],
    section: "4.5",
    sources: {
      man: ["listen(2)", "proc(5)", "ss(8)"],
      kernel: ["inet_csk_reqsk_queue_add", "get_tcp4_sock"],
    },
    title: {
      en: "the completed-connection queue (listen's backlog)",
      zh: "已完成连接队列（listen 的 backlog）",
    },
    text: {
      en:
        "Connections that finished the three-way handshake wait here until accept returns them; listen's backlog bounds its length. While a server is busy, paused or stopped, clients still connect — their data simply waits.",
      zh:
        "完成三次握手的连接在此等待 accept 取走；listen 的 backlog 限制其长度。服务器忙碌、暂停或停止时，客户仍能连接成功——只是数据在排队等待。",
    },
    os: {
      en:
        "For a LISTEN socket, the rx_queue column of /proc/net/tcp (Recv-Q in ss -l) is the number of connections waiting in this queue.",
      zh:
        "对于 LISTEN 套接字，/proc/net/tcp 的 rx_queue 列（ss -l 中的 Recv-Q）就是该队列中等待的连接数。",
    },
  },
  {
    // UNP §2.7
    id: "TIME_WAIT",
    aliases: ["time-wait", "2MSL"],
    section: "2.7",
    sources: { man: ["tcp(7)"], kernel: ["TCP_TIMEWAIT_LEN"], rfc: ["RFC 9293 §3.6"] },
    title: {
      en: "TIME_WAIT: the end that closes first waits 2MSL",
      zh: "TIME_WAIT：主动关闭的一端等待 2MSL",
    },
    text: {
      en:
        "The side that performs the active close stays in TIME_WAIT for twice the maximum segment lifetime, so it can resend the final ACK if the peer's FIN is retransmitted, and so old duplicate segments die out before the same socket pair is used again. In the echo example the client closes first, so the client's end goes through TIME_WAIT.",
      zh:
        "执行主动关闭的一端在 TIME_WAIT 状态停留两倍的最长分节生命期（2MSL），以便在对端重传 FIN 时能重发最后的 ACK，并让旧的重复分节在同一套接字对再次使用前消逝。在回射例子中客户先关闭，因此客户经历 TIME_WAIT。",
    },
    os: {
      en:
        "Linux keeps TIME_WAIT for a fixed 60 s (TCP_TIMEWAIT_LEN); ss -tan state time-wait shows them.",
      zh:
        "Linux 的 TIME_WAIT 固定为 60 秒（TCP_TIMEWAIT_LEN）；用 ss -tan state time-wait 可以看到。",
    },
  },
  {
    // UNP §5.12
    id: "CLOSE_WAIT",
    aliases: ["close-wait", "fin-wait-2", "half-open"],
    section: "5.12",
    sources: { man: ["tcp(7)"], kernel: ["tcp_fin"], rfc: ["RFC 9293 §3.6"] },
    title: {
      en: "CLOSE_WAIT and FIN_WAIT2: one side has closed, the other not yet",
      zh: "CLOSE_WAIT 与 FIN_WAIT2：一端已关闭，另一端尚未关闭",
    },
    text: {
      en:
        "When the server child is killed its TCP sends a FIN; the client's TCP ACKs it. The server's end is now in FIN_WAIT2, the client's in CLOSE_WAIT — and it stays there until the client process calls close. The client blocked in fgets knows nothing yet; its read will see the EOF later.",
      zh:
        "服务器子进程被杀死时，其 TCP 发送 FIN，客户 TCP 确认它。此时服务器处于 FIN_WAIT2，客户处于 CLOSE_WAIT——并一直停留，直到客户进程调用 close。阻塞于 fgets 的客户此时还一无所知；它稍后的 read 才会读到 EOF。",
    },
    os: {
      en: "Linux ends an orphaned FIN_WAIT2 after net.ipv4.tcp_fin_timeout (60 s by default).",
      zh: "Linux 在 net.ipv4.tcp_fin_timeout（默认 60 秒）后结束孤立的 FIN_WAIT2 连接。",
    },
  },
  {
    // UNP §6.6
    id: "half-close",
    aliases: ["half-closed", "SHUT_WR", "半关闭"],
    section: "6.6",
    sources: { unp: ["6.6"], man: ["shutdown(2)"] },
    title: {
      en: "half-close: shutdown(fd, SHUT_WR) sends a FIN but keeps reading",
      zh: "半关闭：shutdown(fd, SHUT_WR) 发送 FIN 但继续读",
    },
    text: {
      en:
        "close ends both directions (when it drops the last reference). shutdown with SHUT_WR sends a FIN now, whatever the reference count, and leaves the socket open for reading. That is how a client tells the server 'no more input' yet still reads the echoes in flight — what str_cli needs in batch mode (§6.6), and why piping a file into a close-on-EOF client can lose the tail of the echo.",
      zh:
        "close 关闭两个方向（在释放最后一个引用时）。shutdown 使用 SHUT_WR 时，不论引用计数如何都立即发送 FIN，并保留套接字用于读。客户就是这样告诉服务器“不再有输入”，同时仍读取途中的回射数据——这正是批量方式下 str_cli 所需要的（§6.6），也解释了为什么把文件通过管道交给遇 EOF 就 close 的客户时，可能丢失回射的末尾。",
    },
  },
  {
    // UNP §5.12, §5.15
    id: "RST",
    aliases: ["reset", "connection-reset", "reset-segment", "复位分节"],
    section: "5.12",
    sources: {
      unp: ["5.13", "5.15"],
      man: ["tcp(7)", "signal(7)"],
      kernel: ["tcp_reset", "sk_stream_error", "tcp_v4_send_reset", "tcp_timewait_state_process"],
      rfc: ["RFC 9293 §3.5.2", "RFC 1122 §4.2.2.13"],
    },
    title: {
      en: "RST: a reset segment — 'no such connection here'",
      zh: "RST：复位分节——“这里没有这个连接”",
    },
    text: {
      en:
        "TCP answers with an RST a segment for a connection it does not have — anything to a host that rebooted (§5.15), or a SYN to a port nobody listens on (ECONNREFUSED) — and new data for a connection whose process has closed its socket (§5.12): that connection still exists, but data arriving after the close is answered with an RST (RFC 1122 §4.2.2.13). A close with SO_LINGER{1,0}, or closing a socket with unread data, also sends an RST. What the RST does to the receiving socket depends on the state it meets. In CLOSE_WAIT — the peer's FIN already in, as in §5.12 — Linux records EPIPE as the pending error: read returns 0 first, and the next write gets EPIPE and SIGPIPE. In ESTABLISHED it records ECONNRESET: the next call fails with it — a read, or a write, which then raises no SIGPIPE — and after that reads return 0 and a write gets EPIPE and SIGPIPE.",
      zh:
        "TCP 对一个它并不拥有的连接上的分节回应 RST——发给已重启主机的任何分节（§5.15）、发往无人监听端口的 SYN（ECONNREFUSED）——对进程已关闭其套接字的连接上的新数据也是如此（§5.12）：该连接仍然存在，但在关闭之后到达的数据会得到 RST（RFC 1122 §4.2.2.13）。使用 SO_LINGER{1,0} 的 close，或关闭一个仍有未读数据的套接字，也会发送 RST。RST 对接收方套接字的作用取决于它遇到的状态。在 CLOSE_WAIT 状态（对端的 FIN 已经到达，如 §5.12）Linux 把 EPIPE 记为待处理错误：read 先返回 0，下一次 write 得到 EPIPE 和 SIGPIPE。在 ESTABLISHED 状态它记下 ECONNRESET：下一个调用以它失败——无论是 read 还是 write，后者此时不会引发 SIGPIPE——此后 read 返回 0，write 得到 EPIPE 和 SIGPIPE。",
    },
  },
  {
    // UNP §7.5, §5.11
    id: "SO_LINGER",
    aliases: ["linger"],
    section: "7.5",
    sources: { unp: ["7.5"], man: ["socket(7)"], kernel: ["tcp_close"] },
    title: {
      en: "SO_LINGER{1,0}: close with an RST instead of a FIN",
      zh: "SO_LINGER{1,0}：用 RST 而不是 FIN 关闭连接",
    },
    text: {
      en:
        "With l_onoff = 1 and l_linger = 0, close discards unsent data and sends an RST; the connection skips TIME_WAIT. The book uses it to make a client abort its connection before the server calls accept (§5.11).",
      zh:
        "设置 l_onoff = 1、l_linger = 0 后，close 丢弃未发送的数据并发送 RST；连接不经过 TIME_WAIT。书中用它让客户在服务器调用 accept 之前中止连接（§5.11）。",
    },
    os: {
      en: "Deno has no API for SO_LINGER; echolab sets it through FFI (setsockopt in libc).",
      zh: "Deno 没有设置 SO_LINGER 的 API；echolab 通过 FFI（libc 的 setsockopt）设置它。",
    },
  },
  {
    // UNP §5.18
    id: "data-format",
    aliases: ["byte-order", "endianness", "htonl", "ntohl", "数据格式", "字节序"],
    section: "5.18",
    sources: { man: ["byteorder(3)"] },
    title: {
      en: "data format: text is portable, raw binary structures are not",
      zh: "数据格式：文本可移植，原始二进制结构不可移植",
    },
    text: {
      en:
        "Passing text is safe. Passing binary numbers or structures between hosts breaks on three differences: byte order (big- vs little-endian), the size of types (long is 32 or 64 bits), and structure padding. Either send text, or define the binary format explicitly: fixed-size integers (int32_t) in network byte order (htonl/ntohl), field by field.",
      zh:
        "传递文本是安全的。在主机之间传递二进制数值或结构会因三点差异出错：字节序（大端或小端）、类型大小（long 为 32 位或 64 位）、结构填充。要么发送文本，要么明确定义二进制格式：使用固定大小的整数（int32_t）、网络字节序（htonl/ntohl），逐字段传送。",
    },
  },
  {
    // UNP §5.6
    id: "wchan",
    aliases: ["wait-channel"],
    section: "5.6",
    sources: { man: ["ps(1)", "proc(5)"], kernel: ["inet_csk_accept", "wait_woken", "n_tty_read"] },
    title: {
      en: "wait channel: where in the kernel a process sleeps",
      zh: "等待通道：进程在内核中睡眠的位置",
    },
    text: {
      en:
        "ps -o pid,ppid,stat,wchan,args shows the kernel function a sleeping process waits in. The book's server sleeps in accept, its child and client in reads.",
      zh:
        "ps -o pid,ppid,stat,wchan,args 显示睡眠进程所等待的内核函数。书中服务器睡眠于 accept，子进程和客户睡眠于读操作。",
    },
    os: {
      en:
        "The names changed since the book: accept shows as inet_csk_accept (book: wait_for_connect), a socket read as wait_woken (book: tcp_data_wait), a terminal read as n_tty_read or wait_woken. Also in /proc/PID/wchan.",
      zh:
        "这些名字与书中不同：accept 显示为 inet_csk_accept（书中为 wait_for_connect），读套接字显示为 wait_woken（书中为 tcp_data_wait），读终端显示为 n_tty_read 或 wait_woken。也可以查看 /proc/PID/wchan。",
    },
  },
  {
    // not in the book: the tool echolab check uses to make §5.10 and §5.11 certain
    id: "SIGSTOP",
    aliases: ["SIGCONT"],
    section: "5.10",
    sources: { man: ["signal(7)"] },
    title: {
      en: "SIGSTOP and SIGCONT: pause and resume a process",
      zh: "SIGSTOP 与 SIGCONT：暂停与恢复进程",
    },
    text: {
      en:
        "SIGSTOP cannot be caught: the process stops (state T) until SIGCONT. Signals sent meanwhile stay pending — one bit per signal — and are delivered when it resumes; its TCP connections keep working, since the kernel does the handshakes. echolab check uses this to make the book's races certain: five exits while the server is stopped leave exactly one pending SIGCHLD (§5.10), and an RST that arrives while it is stopped arrives before accept (§5.11).",
      zh:
        "SIGSTOP 不能被捕获：进程停止（状态 T），直到收到 SIGCONT。其间发送的信号保持未决——每种信号一个位——在进程恢复时递交；它的 TCP 连接照常工作，因为握手由内核完成。echolab check 用它把书中的竞争条件变成确定的结果：服务器停止期间五个子进程终止只留下一个未决的 SIGCHLD（§5.10）；服务器停止期间到达的 RST 必然在 accept 之前到达（§5.11）。",
    },
  },
];
