/**
 * Entries for the events of `echolab serve` and `echolab connect`.
 *
 * @module
 */

import type { Entry } from "../entry.ts";

/** Catalogue entries keyed by serve/connect event kind. */
export const ECHO_ENTRIES: readonly Entry[] = [
  {
    id: "listening",
    section: "5.2",
    sources: {
      unp: ["4.5", "5.6"],
      man: ["listen(2)", "proc(5)", "epoll(7)"],
      kernel: ["inet_csk_accept", "do_epoll_wait", "poll_schedule_timeout"],
    },
    title: { en: "the server is listening", zh: "服务器正在监听" },
    text: {
      en:
        "socket, bind, listen: the server's socket is in the LISTEN state and the server blocks in accept, waiting for a client.",
      zh: "socket、bind、listen：服务器套接字处于 LISTEN 状态，服务器阻塞于 accept，等待客户连接。",
    },
    os: {
      en:
        "echolab's own server does not sleep in accept: its main thread waits in epoll for all its sockets, so ps shows do_epoll_wait (the book engine's accept runs in a thread that polls: poll_schedule_timeout in ps -L). A C server blocked in accept, such as examples/servers/bin/tcpserv04, shows wait channel inet_csk_accept (the book: wait_for_connect).",
      zh:
        "echolab 自己的服务器并不睡眠于 accept：它的主线程在 epoll 中等待所有套接字，所以 ps 显示 do_epoll_wait（book 引擎的 accept 在一个轮询的线程中运行：ps -L 显示 poll_schedule_timeout）。阻塞于 accept 的 C 服务器，例如 examples/servers/bin/tcpserv04，显示等待通道 inet_csk_accept（书中为 wait_for_connect）。",
    },
  },
  {
    id: "refused-address",
    aliases: ["per-address", "--per-address"],
    section: "5.2",
    title: {
      en: "client refused: its address already holds --per-address children (beyond the book)",
      zh: "拒绝客户：它的地址已占用 --per-address 个子进程（本书之外）",
    },
    text: {
      en:
        "The book's tcpserv01 forks a child for every client and has no limit. A classroom server needs one: without it, one machine that opens connections and sends nothing takes every slot and locks the class out. echolab serve counts the live children per client address; past --per-address it accepts and closes at once (the client reads EOF), and clients from other addresses are still served. The limit applies by default when the server listens beyond loopback.",
      zh:
        "书中的 tcpserv01 为每个客户 fork 一个子进程，没有任何上限。课堂上的服务器需要上限：否则一台机器只需打开连接、什么也不发送，就能占满所有名额，把全班挡在门外。echolab serve 按客户地址统计活动子进程；超过 --per-address 时，它接受连接后立即关闭（客户读到 EOF），来自其他地址的客户照常得到服务。服务器监听在回环地址以外时，默认启用这一上限。",
    },
  },
  {
    id: "accepted",
    section: "5.2",
    sources: { unp: ["4.8"], man: ["accept(2)", "fork(2)", "clone(2)"], other: ["Deno.Command"] },
    title: {
      en: "accept returned a connected socket; one child per client",
      zh: "accept 返回已连接套接字；每个客户一个子进程",
    },
    text: {
      en:
        "The three-way handshake completed and accept returned. The concurrent server gives the connection to a new child process (the book's fork) and goes back to accept.",
      zh:
        "三次握手完成，accept 返回。并发服务器把这个连接交给一个新的子进程（书中的 fork），然后回到 accept。",
    },
    os: {
      en:
        "Deno cannot fork. The book engine comes closest: its default clone worker is fork without exec (clone shares the memory, the child gets its own copy of the descriptors and runs str_echo on the connected socket); --worker cat hands the descriptor itself to /bin/cat, as fork + exec would. The deno engine spawns a child with Deno.Command and pipes the socket to its stdin/stdout.",
      zh:
        "Deno 不能 fork。book 引擎最接近书中的做法：它默认的 clone 工作进程就是不 exec 的 fork（clone 共享内存，子进程得到自己的一份描述符副本，并在已连接套接字上运行 str_echo）；--worker cat 把描述符本身交给 /bin/cat，如同 fork + exec。deno 引擎用 Deno.Command 创建子进程，并把套接字通过管道接到它的标准输入/输出。",
    },
  },
  {
    id: "refused",
    section: "5.2",
    sources: { man: ["close(2)"] },
    title: {
      en: "client refused: --max-clients children are already live",
      zh: "拒绝客户：已有 --max-clients 个活动子进程",
    },
    text: {
      en:
        "The server accepted the connection and closed it at once, so the client sees EOF on its first read. The server keeps running and accepts again when a child ends.",
      zh:
        "服务器接受了连接后立即关闭它，因此客户第一次读就看到 EOF。服务器继续运行，等有子进程结束后再接受新连接。",
    },
  },
  {
    id: "child-exited",
    section: "5.7",
    sources: { man: ["exit(2)", "signal(7)"], kernel: ["do_exit", "tcp_close"] },
    title: { en: "a server child terminated", zh: "一个服务器子进程终止了" },
    text: {
      en:
        "When the child ends, the kernel closes its descriptors — the connected socket among them — so TCP sends a FIN to the client. The parent gets SIGCHLD.",
      zh:
        "子进程终止时，内核关闭它的所有描述符（包括已连接套接字），于是 TCP 向客户发送 FIN。父进程收到 SIGCHLD。",
    },
  },
  {
    id: "child-killed",
    aliases: ["server-killed", "5.12"],
    section: "5.12",
    sources: { unp: ["5.13"], man: ["kill(2)", "tcp(7)"], kernel: ["tcp_close", "TCP_DELACK_MAX"] },
    title: { en: "server process terminated by a signal", zh: "服务器进程被信号终止" },
    text: {
      en:
        "The child was killed, and the connected socket it served is closed: with the book engine the child held the socket itself, and the kernel closes a dead process's descriptors; with the deno engine the server holds the socket and closes it as soon as the child's pipes end. Either way TCP sends a FIN to the client, whose TCP ACKs it (Linux may delay that ACK, by at most TCP_DELACK_MAX, 200 ms); the client does not notice yet because it is blocked reading stdin. Then the server's socket is in FIN_WAIT2, the client's in CLOSE_WAIT.",
      zh:
        "子进程被杀死，它所服务的已连接套接字随之关闭：book 引擎中套接字由子进程自己持有，内核会关闭已死进程的描述符；deno 引擎中套接字由服务器持有，子进程的管道一结束服务器就关闭它。两种情况下 TCP 都向客户发送 FIN，客户 TCP 确认它（Linux 可能推迟这个 ACK，至多 TCP_DELACK_MAX，即 200 毫秒）；但客户此时阻塞于读标准输入，尚未察觉。此后服务器套接字处于 FIN_WAIT2，客户处于 CLOSE_WAIT。",
    },
  },
  {
    id: "reaped",
    aliases: ["5.9"],
    section: "5.9",
    sources: { man: ["wait(2)"], other: ["Deno.ChildProcess.status"] },
    title: {
      en: "termination status fetched: no zombie left",
      zh: "已取得终止状态：没有留下僵尸进程",
    },
    text: {
      en:
        "wait/waitpid returned the child's pid and termination status, so the kernel could free the zombie. A server that never waits fills the process table with zombies.",
      zh:
        "wait/waitpid 返回了子进程的 pid 和终止状态，内核得以释放该僵尸进程。从不调用 wait 的服务器会让进程表充满僵尸进程。",
    },
    osEngine: "deno",
    os: {
      en:
        "With the deno engine the runtime reaped the child itself (it calls waitpid for every Deno.Command child). The book engine lets you choose: --reap none|wait|waitpid.",
      zh:
        "使用 deno 引擎时，运行时自己回收了子进程（它为每个 Deno.Command 子进程调用 waitpid）。book 引擎让你选择：--reap none|wait|waitpid。",
    },
  },
  {
    id: "sigchld",
    section: "5.8",
    sources: { unp: ["5.10"], man: ["signal(7)", "sigaction(2)"] },
    title: { en: "SIGCHLD delivered to the server", zh: "服务器收到 SIGCHLD" },
    text: {
      en:
        "SIGCHLD reached the server. echolab catches it to show each delivery; on the book engine what the handler then does is --reap's choice (none: nothing, like tcpserv01 — which does not even catch it: with the default disposition the signal is discarded); on the deno engine the runtime reaps the child whatever the count. Count deliveries against exits: standard signals are not queued.",
      zh:
        "SIGCHLD 递交给了服务器。echolab 捕获它，以便显示每一次递交；在 book 引擎中，处理函数随后做什么由 --reap 决定（none：什么也不做，如同 tcpserv01——后者甚至不捕获它：在默认处置下该信号被直接丢弃）；在 deno 引擎中，无论递交几次，运行时都会回收子进程。请比较递交的次数与子进程终止的次数：标准信号不排队。",
    },
  },
  {
    id: "shutdown",
    section: "5.16",
    sources: { man: ["signal(7)", "wait(2)"] },
    title: {
      en: "server shutting down: children ended and reaped",
      zh: "服务器关闭：子进程已终止并被回收",
    },
    text: {
      en:
        "On SIGINT or SIGTERM the server stops accepting, sends SIGTERM to every child, waits for each one, and exits with 128 + the signal number.",
      zh:
        "收到 SIGINT 或 SIGTERM 时，服务器停止接受连接，向每个子进程发送 SIGTERM，逐个等待它们终止，然后以 128 + 信号编号退出。",
    },
  },
  {
    id: "connected",
    section: "5.17",
    sources: { unp: ["2.9"], man: ["connect(2)", "ip(7)"] },
    title: {
      en: "connected: the socket pair identifies this connection",
      zh: "已连接：套接字对标识了这个连接",
    },
    text: {
      en:
        "connect returned after the three-way handshake. The kernel chose the client's ephemeral port; the four-tuple (local IP, local port, foreign IP, foreign port) is the socket pair.",
      zh:
        "三次握手后 connect 返回。内核为客户选择了临时端口；四元组（本地 IP、本地端口、外地 IP、外地端口）就是套接字对。",
    },
  },
  {
    id: "echo",
    section: "5.3",
    title: {
      en: "the line came back: str_echo wrote what it read",
      zh: "回射成功：str_echo 写回了它读到的内容",
    },
    text: {
      en:
        "The client wrote the line, the server child read it and wrote it back, the client read it and printed it.",
      zh: "客户写出一行，服务器子进程读到后写回，客户读回后打印出来。",
    },
  },
  {
    id: "stdin-eof",
    section: "5.7",
    sources: { unp: ["2.6", "2.7"], man: ["close(2)", "tcp(7)"] },
    title: {
      en: "EOF on standard input: the client closes its socket",
      zh: "标准输入遇到 EOF：客户关闭套接字",
    },
    text: {
      en:
        "Typing the EOF character ends str_cli; the client's close sends a FIN, the server child's read returns 0, str_echo returns and the child exits. The client's end passes through TIME_WAIT.",
      zh:
        "键入 EOF 字符后 str_cli 返回；客户的 close 发送 FIN，服务器子进程的 read 返回 0，str_echo 返回，子进程终止。客户经历 TIME_WAIT 状态。",
    },
  },
  {
    id: "read-timeout",
    section: "14.2",
    title: { en: "read timed out: the client gave up waiting", zh: "读超时：客户不再等待" },
    text: {
      en:
        "The echo did not come back within --timeout seconds. An application timeout like this fires long before TCP's own retransmission gives up (§5.14).",
      zh:
        "回射数据在 --timeout 秒内没有返回。这样的应用层超时远早于 TCP 自身的重传放弃时间（§5.14）。",
    },
  },
  {
    id: "echo-mismatch",
    section: "5.5",
    title: {
      en: "the reply is not the line sent (beyond the book)",
      zh: "回复不是发出的那一行（本书之外）",
    },
    text: {
      en:
        "The book's str_cli prints whatever readline returns (Fputs) and never compares it with the line it wrote. echolab compares them: an echo server must send back exactly the bytes it read. Both are shown escaped (\\x1b for ESC, \\r, \\n), so a reply's control bytes are displayed, never executed by the terminal. connect exits 1.",
      zh:
        "书中的 str_cli 把 readline 返回的内容原样打印（Fputs），从不与写出的那一行比较。echolab 比较二者：回射服务器必须原样送回它读到的字节。两者都以转义形式显示（ESC 显示为 \\x1b，还有 \\r、\\n），回复中的控制字节只被显示，不会被终端执行。connect 以退出码 1 结束。",
    },
  },
  {
    id: "readline-waiting",
    section: "5.5",
    title: {
      en: "readline waits for the rest of the line",
      zh: "readline 在等待这一行的其余部分",
    },
    text: {
      en:
        "readline (§3.9) returns only at a newline, EOF or an error. A server that sends back less than a line (or nothing) leaves the book's str_cli blocked in read for as long as the connection lives; it has no timeout. echolab waits the same way and says so once; --timeout SECONDS gives up (a read timeout, §14.2), Ctrl-C ends it.",
      zh:
        "readline（§3.9）只在读到换行符、EOF 或出错时返回。服务器送回的内容不足一行（或什么也没送回）时，书中的 str_cli 会一直阻塞在 read 中，直到连接结束；它没有超时。echolab 以同样的方式等待，并提示一次；--timeout SECONDS 可放弃等待（读超时，§14.2），Ctrl-C 可结束它。",
    },
  },
  {
    id: "keepalive-on",
    aliases: ["SO_KEEPALIVE", "keepalive"],
    section: "7.5",
    sources: {
      man: ["socket(7)", "tcp(7)"],
      kernel: ["tcp_xmit_probe_skb", "tcp_v4_err"],
      rfc: ["RFC 1122 §4.2.3.6"],
    },
    title: {
      en: "SO_KEEPALIVE set on the socket",
      zh: "已在套接字上设置 SO_KEEPALIVE（保持存活）",
    },
    text: {
      en:
        "After the connection is idle for a while (Linux: net.ipv4.tcp_keepalive_time, default 7200 s) TCP sends probes; if the peer host is gone the pending read fails. On Linux it is always ETIMEDOUT: a keepalive probe carries seq = snd_una−1 (tcp_xmit_probe_skb), and tcp_v4_err ignores ICMP errors quoting a sequence number outside snd_una..snd_nxt; the book's EHOSTUNREACH (§7.5) is 4.4BSD behaviour.",
      zh:
        "连接空闲一段时间后（Linux：net.ipv4.tcp_keepalive_time，默认 7200 秒），TCP 发送探测分节；若对端主机已不存在，阻塞中的读会失败。在 Linux 上它总是 ETIMEDOUT：保持存活探测的序列号是 snd_una−1（tcp_xmit_probe_skb），而 tcp_v4_err 忽略所引用序列号不在 snd_una..snd_nxt 之内的 ICMP 差错；书中的 EHOSTUNREACH（§7.5）是 4.4BSD 的行为。",
    },
  },
  {
    id: "warning-wildcard",
    section: "4.4",
    title: { en: "listening on every interface", zh: "在所有接口上监听" },
    text: {
      en:
        "The wildcard address accepts connections from other machines too. In a workshop that is what you want; elsewhere, prefer 127.0.0.1.",
      zh: "通配地址也接受来自其他机器的连接。工作坊中这正是所需；其他场合请优先使用 127.0.0.1。",
    },
  },
  {
    id: "write-after-fin",
    section: "5.12",
    sources: {
      unp: ["5.13"],
      kernel: ["tcp_time_wait", "tcp_timewait_state_process", "tcp_v4_send_reset"],
      rfc: ["RFC 1122 §4.2.2.13", "RFC 9293 §3.10.7"],
    },
    title: { en: "the write after the FIN succeeds", zh: "FIN 之后的写操作成功了" },
    text: {
      en:
        "Receiving a FIN only means the peer will send no more data; it does not forbid writing. The data goes out, and the server's TCP — whose process is gone — answers it with an RST: the killed child's socket was orphaned, Linux keeps the connection as a timewait socket in FIN_WAIT2, and tcp_timewait_state_process resets a connection that receives new data after its close (RFC 1122 §4.2.2.13).",
      zh:
        "收到 FIN 只表示对端不再发送数据，并不禁止写。数据被发送出去，而服务器 TCP（其进程已不存在）以 RST 回应：被杀死的子进程的套接字成了孤儿，Linux 把该连接保留为处于 FIN_WAIT2 的 timewait 套接字，连接在关闭之后又收到新数据时，tcp_timewait_state_process 就复位它（RFC 1122 §4.2.2.13）。",
    },
  },
  {
    id: "scenario-start",
    section: "5.1",
    title: {
      en: "scenario starts: real processes, sockets and signals",
      zh: "场景开始：真实的进程、套接字和信号",
    },
    text: {
      en:
        "Everything below is observed on this machine as it happens; nothing is a recorded transcript.",
      zh: "以下一切都是在本机上实时观察到的，没有任何预先录制的内容。",
    },
  },
  {
    id: "part",
    section: "5.1",
    sources: { unp: ["5.1"] },
    title: {
      en: "the scenario's next experiment begins",
      zh: "场景的下一个实验开始",
    },
    text: {
      en:
        "A scenario that runs several experiments in a row (the book's program, then variants beyond the book) marks where each begins: the lines that follow, up to the next part, belong to it. The verdict reports each part in the same order.",
      zh:
        "连续运行多个实验的场景（先是书中的程序，再是超出本书的变体）会标出每个实验的开始：其后直到下一部分之前的各行都属于它。结论按同样的顺序报告各部分。",
    },
  },
  {
    id: "scenario-cleanup",
    section: "5.1",
    title: {
      en: "the experiment is over: teardown follows",
      zh: "实验结束：接下来是清理",
    },
    text: {
      en:
        "What the scenario set out to show has happened. What follows is its own teardown — its fixture server's SIGTERM, the last children reaped, the last segments — so that nothing is left behind; it is not part of the experiment.",
      zh:
        "场景要展示的内容已经发生。接下来是它自己的清理工作——向它启动的服务器发送 SIGTERM、回收最后的子进程、最后的分节——以免留下任何东西；这不属于实验。",
    },
  },
  {
    id: "write",
    section: "5.5",
    sources: { man: ["write(2)", "tcp(7)"] },
    title: {
      en: "write returned: the data is in the socket's send buffer",
      zh: "write 返回：数据已进入套接字的发送缓冲区",
    },
    text: {
      en:
        "A successful write only means the kernel copied the data into the send buffer; it says nothing about whether the peer received it. Errors from the peer show up on a later read or write.",
      zh:
        "write 成功只表示内核已把数据复制到发送缓冲区，并不说明对端已收到。来自对端的错误会在之后的读或写中出现。",
    },
  },
  {
    id: "read",
    section: "5.5",
    sources: { man: ["read(2)"] },
    title: { en: "read returned data", zh: "read 返回了数据" },
    text: {
      en:
        "read returned as soon as some bytes were in the receive buffer — perhaps fewer than were sent (TCP is a byte stream).",
      zh: "接收缓冲区中一有数据 read 就返回，字节数可能少于对端发送的（TCP 是字节流）。",
    },
  },
];
