/**
 * Entries for what echolab observes directly: socket states and process
 * wait channels read from /proc, and packets captured with AF_PACKET.
 *
 * @module
 */

import type { Entry } from "../entry.ts";

/** Catalogue entries for /proc tables and captured packets. */
export const EVIDENCE_ENTRIES: readonly Entry[] = [
  // --- wait channels (ps -o wchan), verified on Linux 6.18 ---
  {
    id: "wchan-inet_csk_accept",
    aliases: ["inet_csk_accept", "wait_for_connect"],
    section: "5.6",
    sources: { man: ["proc(5)", "ps(1)"], kernel: ["inet_csk_accept"] },
    title: {
      en: "blocked in accept: wait channel inet_csk_accept",
      zh: "阻塞于 accept：等待通道 inet_csk_accept",
    },
    text: {
      en:
        "The process sleeps inside accept until a connection completes the three-way handshake and reaches the completed-connection queue.",
      zh: "进程在 accept 中睡眠，直到某个连接完成三次握手、进入已完成连接队列。",
    },
    os: {
      en:
        "The book's ps shows wait_for_connect; today's Linux names the same sleep inet_csk_accept.",
      zh: "书中 ps 显示 wait_for_connect；现今的 Linux 把同一处睡眠叫做 inet_csk_accept。",
    },
  },
  {
    id: "wchan-wait_woken",
    aliases: ["wait_woken", "tcp_data_wait", "read_chan"],
    section: "5.6",
    sources: {
      man: ["proc(5)", "ps(1)"],
      kernel: ["wait_woken", "sk_wait_data", "n_tty_read", "anon_pipe_read"],
    },
    title: {
      en: "blocked in read: wait channel wait_woken",
      zh: "阻塞于 read：等待通道 wait_woken",
    },
    text: {
      en:
        "The process sleeps in read until data (or a FIN, or an error) arrives: the server child waiting for the client's line, or the client waiting for input on its terminal.",
      zh:
        "进程在 read 中睡眠，直到数据（或 FIN、或错误）到达：服务器子进程在等客户的文本行，或客户在等终端输入。",
    },
    os: {
      en:
        "The book's ps shows tcp_data_wait for a socket read and read_chan for a terminal read; today both sleep in wait_woken (a pipe read shows anon_pipe_read).",
      zh:
        "书中 ps 对套接字读显示 tcp_data_wait，对终端读显示 read_chan；现今两者都在 wait_woken 中睡眠（读管道显示 anon_pipe_read）。",
    },
  },
  {
    id: "states-none",
    section: "5.1",
    title: {
      en: "no socket or process table in this scenario",
      zh: "本场景没有套接字表或进程表",
    },
    text: {
      en:
        "--states shows the tables at the moments a scenario marks (where the book shows netstat or ps, or where the tables prove the point). This one marks none: its evidence is the syscall results above — or the packets, with --diagram.",
      zh:
        "--states 在场景标记的时刻显示这些表（书中给出 netstat 或 ps 输出之处，或表格能说明问题之处）。本场景没有标记：它的证据是上面的系统调用结果——或者用 --diagram 查看分组。",
    },
  },
  {
    id: "ps-self",
    section: "5.6",
    sources: { man: ["proc(5)", "ps(1)"] },
    title: {
      en: "the row with state R and no wait channel is echolab itself",
      zh: "状态为 R、没有等待通道的那一行是 echolab 自己",
    },
    text: {
      en:
        "The process that reads /proc is running at that moment, so ps shows it as R with no wait channel (-). Between events it sleeps like any server: look from another terminal (ps -o pid,stat,wchan,args -p PID, or /proc/PID/task/*/wchan for each thread).",
      zh:
        "读取 /proc 的进程在那一刻正在运行，所以 ps 显示它为 R、没有等待通道（-）。在事件之间它像任何服务器一样睡眠：从另一个终端查看（ps -o pid,stat,wchan,args -p PID，或逐个线程查看 /proc/PID/task/*/wchan）。",
    },
  },
  {
    id: "wchan-do_epoll_wait",
    aliases: ["do_epoll_wait"],
    section: "5.6",
    sources: { unp: ["6.1"], man: ["epoll(7)", "proc(5)"], kernel: ["do_epoll_wait"] },
    title: {
      en: "sleeping in epoll: the runtime's event loop",
      zh: "在 epoll 中睡眠：运行时的事件循环",
    },
    text: {
      en:
        "A Deno (or Node) program does not block in accept or read: its main thread sleeps in epoll_wait until any of its sockets is ready, then runs the code that was waiting.",
      zh:
        "Deno（或 Node）程序不会阻塞于 accept 或 read：它的主线程在 epoll_wait 中睡眠，直到任何一个套接字就绪，再运行等待中的代码。",
    },
    os: {
      en:
        "So ps shows do_epoll_wait where the book's one-process-per-call model shows wait_for_connect or tcp_data_wait (I/O multiplexing is chapter 6).",
      zh:
        "因此 ps 显示 do_epoll_wait，而书中每个进程一次只做一个调用的模型显示 wait_for_connect 或 tcp_data_wait（I/O 复用见第 6 章）。",
    },
  },
  {
    id: "wchan-do_wait",
    aliases: ["do_wait"],
    section: "5.9",
    sources: { man: ["wait(2)", "proc(5)"], kernel: ["do_wait"] },
    title: {
      en: "blocked in wait/waitpid: wait channel do_wait",
      zh: "阻塞于 wait/waitpid：等待通道 do_wait",
    },
    text: {
      en:
        "The parent sleeps in wait or waitpid until a child terminates and its termination status can be fetched.",
      zh: "父进程在 wait 或 waitpid 中睡眠，直到某个子进程终止、可以取得其终止状态。",
    },
  },
  {
    id: "defunct",
    aliases: ["Z", "<defunct>"],
    section: "5.9",
    sources: { man: ["ps(1)", "proc(5)", "wait(2)"] },
    title: { en: "zombie process: state Z, <defunct>", zh: "僵尸进程：状态 Z，<defunct>" },
    text: {
      en:
        "The child has terminated but its parent has not called wait or waitpid, so the kernel keeps its pid and termination status. ps shows state Z and the command as <defunct>. Zombies go away when the parent waits for them or itself exits (init inherits and reaps them).",
      zh:
        "子进程已终止，但其父进程还没有调用 wait 或 waitpid，所以内核保留着它的 pid 和终止状态。ps 显示状态 Z，命令显示为 <defunct>。父进程等待它们或自身终止（由 init 继承并回收）时，僵尸进程才消失。",
    },
    os: {
      en:
        "The book's ps shows a zombie's wait channel as do_exit; today it is empty (-): a zombie sleeps nowhere.",
      zh: "书中 ps 显示僵尸进程的等待通道为 do_exit；现今为空（-）：僵尸进程不在任何地方睡眠。",
    },
  },
  // --- TCP states (ss -tan / /proc/net/tcp) ---
  {
    id: "tcp-listen-queue",
    aliases: ["LISTEN"],
    section: "4.5",
    sources: { man: ["ss(8)", "proc(5)"], kernel: ["inet_csk_reqsk_queue_add", "get_tcp4_sock"] },
    title: {
      en: "LISTEN: Recv-Q counts connections waiting for accept",
      zh: "LISTEN：Recv-Q 是等待 accept 的连接数",
    },
    text: {
      en:
        "For a listening socket the queue columns mean something else: Recv-Q is the number of connections that completed the handshake and wait in the completed-connection queue for accept.",
      zh:
        "对监听套接字，队列列的含义不同：Recv-Q 是已完成握手、在已完成连接队列中等待 accept 的连接数。",
    },
    os: {
      en:
        "ss shows the backlog limit as Send-Q; /proc/net/tcp does not carry it, so echolab prints -.",
      zh: "ss 把 backlog 上限显示为 Send-Q；/proc/net/tcp 不含此值，所以 echolab 显示 -。",
    },
  },
  {
    id: "tcp-FIN_WAIT2",
    aliases: ["FIN_WAIT2"],
    section: "5.12",
    sources: { man: ["tcp(7)"], kernel: ["tcp_fin_time"], rfc: ["RFC 9293 §3.6"] },
    title: {
      en: "FIN_WAIT2: our FIN was acknowledged, waiting for the peer's",
      zh: "FIN_WAIT2：我方 FIN 已被确认，等待对方的 FIN",
    },
    text: {
      en:
        "This end closed (the server child was killed, so the kernel closed its socket and sent a FIN). The peer's TCP acknowledged it, but the peer application has not closed yet.",
      zh:
        "这一端已关闭（服务器子进程被杀死，内核关闭其套接字并发送了 FIN）。对方 TCP 已确认，但对方应用程序还没有关闭。",
    },
    os: {
      en:
        "Linux does not wait forever: an orphaned FIN_WAIT2 socket is dropped after net.ipv4.tcp_fin_timeout (60 s).",
      zh:
        "Linux 不会永远等待：无主的 FIN_WAIT2 套接字在 net.ipv4.tcp_fin_timeout（60 秒）后被丢弃。",
    },
  },
  {
    id: "tcp-CLOSE_WAIT",
    section: "5.12",
    sources: { kernel: ["tcp_fin"], rfc: ["RFC 9293 §3.6"] },
    title: {
      en: "CLOSE_WAIT: the peer closed; this application has not noticed",
      zh: "CLOSE_WAIT：对方已关闭；本端应用程序尚未察觉",
    },
    text: {
      en:
        "A FIN arrived and TCP acknowledged it. The application will see EOF on its next read — but the client is blocked reading standard input, so it writes to the socket first (§5.12).",
      zh:
        "FIN 已到达且 TCP 已确认。应用程序下一次 read 会看到 EOF——但客户正阻塞于读标准输入，所以它会先向套接字写（§5.12）。",
    },
  },
  {
    id: "tcp-close-wait-fin-unread",
    section: "5.12",
    sources: { man: ["ss(8)", "proc(5)"], kernel: ["get_tcp4_sock"] },
    title: {
      en: "CLOSE_WAIT with Recv-Q 1: the unread FIN",
      zh: "CLOSE_WAIT 且 Recv-Q 为 1：尚未读取的 FIN",
    },
    text: {
      en:
        "Recv-Q counts sequence numbers received but not yet read, and the FIN takes one sequence number. Recv-Q 1 with no data means: the application has not read the EOF yet. It drops to 0 once read returns 0.",
      zh:
        "Recv-Q 统计已收到但尚未读取的序列号，而 FIN 占一个序列号。没有数据却显示 Recv-Q 1，意味着应用程序还没有读到 EOF。read 返回 0 之后它变为 0。",
    },
  },
  {
    id: "tcp-TIME_WAIT",
    section: "5.7",
    sources: {
      unp: ["2.7"],
      man: ["tcp(7)"],
      kernel: ["TCP_TIMEWAIT_LEN"],
      rfc: ["RFC 9293 §3.6"],
    },
    title: {
      en: "TIME_WAIT: the end that closed first waits 2MSL",
      zh: "TIME_WAIT：先关闭的一端等待 2MSL",
    },
    text: {
      en:
        "The side that performed the active close stays in TIME_WAIT so that a lost final ACK can be resent and old duplicates die out (§2.7).",
      zh:
        "执行主动关闭的一端停留在 TIME_WAIT 状态，以便重发丢失的最后一个 ACK，并让旧的重复分节消逝（§2.7）。",
    },
    os: {
      en: "Linux holds TIME_WAIT for a fixed 60 s (TCP_TIMEWAIT_LEN), not 2 × MSL of 1–4 minutes.",
      zh: "Linux 的 TIME_WAIT 固定为 60 秒（TCP_TIMEWAIT_LEN），而不是 2 × MSL（1 到 4 分钟）。",
    },
  },
  {
    id: "tcp-retransmitting",
    section: "5.14",
    sources: { man: ["tcp(7)", "ss(8)"], kernel: ["retransmits_timed_out", "tcp_model_timeout"] },
    title: {
      en: "retransmit timer running: data not acknowledged",
      zh: "重传定时器在运行：数据未被确认",
    },
    text: {
      en:
        "Send-Q holds bytes the peer has not acknowledged and the Timer column shows TCP's retransmission timer (on, time left, retransmissions so far). If the peer host is gone, TCP keeps retransmitting until it gives up.",
      zh:
        "Send-Q 中是对方尚未确认的字节，Timer 列显示 TCP 的重传定时器（on、剩余时间、已重传次数）。若对端主机已不存在，TCP 会持续重传直到放弃。",
    },
    os: {
      en:
        "Linux turns net.ipv4.tcp_retries2 into a time budget, not a count of retransmissions: by default (tcp_retries2 = 15) it gives up after at least 924.6 s of retransmitting, not the book's 9 minutes.",
      zh:
        "Linux 把 net.ipv4.tcp_retries2 换算成时间预算，而不是重传次数：默认（tcp_retries2 = 15）重传至少 924.6 秒后才放弃，而不是书中的 9 分钟。",
    },
  },
  // --- captured packets ---
  {
    id: "packet",
    section: "2.6",
    sources: { man: ["packet(7)", "user_namespaces(7)", "tcpdump(1)"] },
    title: { en: "a TCP segment captured on the wire", zh: "在线路上捕获到一个 TCP 分节" },
    text: {
      en:
        "echolab read this segment from an AF_PACKET socket in the same network namespace: flags (SYN, ACK, PSH, FIN, RST), sequence and acknowledgment numbers relative to each side's first, and payload length.",
      zh:
        "echolab 从同一网络命名空间中的 AF_PACKET 套接字读到这个分节：标志（SYN、ACK、PSH、FIN、RST）、相对于各方初始值的序列号与确认号，以及载荷长度。",
    },
    os: {
      en:
        "tcpdump cannot run inside an unprivileged namespace (unshare -rn: it fails to drop privileges), so echolab opens the AF_PACKET socket itself; tcpdump -r still reads the --pcap file.",
      zh:
        "tcpdump 无法在非特权命名空间（unshare -rn）中运行（它放弃权限时失败），所以 echolab 自己打开 AF_PACKET 套接字；tcpdump -r 仍可读取 --pcap 文件。",
    },
  },
  {
    id: "retransmit",
    section: "5.14",
    sources: { rfc: ["RFC 6298"] },
    title: { en: "retransmission: the same segment sent again", zh: "重传：同一个分节再次发送" },
    text: {
      en:
        "No acknowledgment came back in time, so TCP sent the same bytes (same sequence number) again. The gap is the time since the previous copy.",
      zh: "确认没有按时返回，于是 TCP 再次发送同样的字节（相同序列号）。间隔是距上一份拷贝的时间。",
    },
  },
  {
    id: "tail-loss-probe",
    aliases: ["TLP", "RFC 8985", "loss probe"],
    section: "5.14",
    sources: { kernel: ["tcp_schedule_loss_probe", "tcp_send_loss_probe"], rfc: ["RFC 8985"] },
    title: {
      en: "first retransmission ≈ 0.2 s: a tail loss probe, not an RTO",
      zh: "首次重传约 0.2 秒：尾部丢失探测，而非 RTO",
    },
    text: {
      en:
        "When the last segment in flight is not acknowledged, Linux resends it after about two round-trip times — plus 200 ms when it is the only segment in flight, like an echo client's one line — to provoke an ACK: the tail loss probe of RFC 8985.",
      zh:
        "当最后一个在途分节未被确认时，Linux 在大约两个往返时间后重发它以引出 ACK——若它是唯一的在途分节（如回射客户的一行文本），再加 200 毫秒：这是 RFC 8985 的尾部丢失探测（TLP）。",
    },
    os: {
      en:
        "The book's BSD timeline knows only the retransmission timeout; the probe is a modern addition that comes before it.",
      zh: "书中的 BSD 时间线只有重传超时；这个探测是现代 TCP 新增的，发生在 RTO 之前。",
    },
  },
  {
    id: "rto-backoff",
    aliases: ["RTO", "exponential backoff"],
    section: "5.14",
    sources: {
      man: ["tcp(7)"],
      kernel: ["tcp_retransmit_timer", "tcp_ld_RTO_revert"],
      rfc: ["RFC 6298", "RFC 6069"],
    },
    title: { en: "retransmission timeout, doubling each time", zh: "重传超时，每次加倍" },
    text: {
      en:
        "When no ACK comes, the retransmission timer fires (on Linux after at least 200 ms, re-armed after a tail loss probe) and each further retransmission waits twice as long as the one before (exponential backoff; an ICMP unreachable — a router's, or the one Linux sends itself when the neighbour lookup fails — can undo one doubling, RFC 6069, as in host-unreachable), until the time budget that tcp_retries2 stands for is spent and the pending operation fails with ETIMEDOUT or EHOSTUNREACH.",
      zh:
        "收不到 ACK 时重传定时器到期（Linux 上至少 200 毫秒，尾部丢失探测之后重新启动），之后每次重传的等待时间是前一次的两倍（指数退避；ICMP 不可达——来自路由器，或邻居解析失败时 Linux 发给自己的那个——可以撤销一次加倍，RFC 6069，如 host-unreachable 所示），直到 tcp_retries2 所代表的时间预算用完，阻塞中的操作以 ETIMEDOUT 或 EHOSTUNREACH 失败。",
    },
  },
  {
    id: "icmp",
    section: "5.14",
    sources: { kernel: ["tcp_v4_err", "icmp_err_convert"], rfc: ["RFC 1122 §4.2.3.9", "RFC 792"] },
    title: { en: "ICMP error about a watched connection", zh: "关于所观察连接的 ICMP 差错" },
    text: {
      en:
        "A router (or the destination host, or this host itself after a failed ARP lookup) answered a segment with an ICMP error such as destination unreachable. On an established connection TCP treats it as a soft error: it keeps retransmitting and reports the error (EHOSTUNREACH, ENETUNREACH) only when it gives up.",
      zh:
        "路由器（或目的主机，或 ARP 解析失败后的本机自己）用 ICMP 差错（如目的地不可达）回应了一个分节。对已建立的连接，TCP 把它当作软错误：继续重传，直到放弃时才报告该错误（EHOSTUNREACH、ENETUNREACH）。",
    },
  },
  {
    id: "capture-skipped",
    section: "2.6",
    sources: { man: ["packet(7)", "capabilities(7)", "user_namespaces(7)"] },
    title: { en: "packet capture skipped", zh: "已跳过抓包" },
    text: {
      en:
        "Opening an AF_PACKET socket needs CAP_NET_RAW in the network namespace. Inside `unshare -rn` any user has it; outside, only root. The scenario runs on without packet events.",
      zh:
        "打开 AF_PACKET 套接字需要所在网络命名空间中的 CAP_NET_RAW 权限。在 `unshare -rn` 中任何用户都有此权限；在其外只有 root 才有。场景继续运行，但没有分组事件。",
    },
  },
  {
    id: "capture-stats",
    section: "2.6",
    sources: { man: ["packet(7)", "pcap-savefile(5)"] },
    title: { en: "packet capture ended", zh: "抓包结束" },
    text: {
      en:
        "What the AF_PACKET socket saw: packets read, outgoing loopback copies dropped as duplicates (libpcap does the same), segments kept for this run, retransmissions among them, records written to the pcap file, and packets the kernel dropped because echolab read too slowly.",
      zh:
        "AF_PACKET 套接字看到的内容：读到的分组数、作为重复而丢弃的环回外发拷贝（libpcap 也这样做）、本次运行保留的分节数、其中的重传数、写入 pcap 文件的记录数，以及因 echolab 读取太慢而被内核丢弃的分组数。",
    },
  },
  // --- tables at a scenario's key steps (--states) ---
  {
    id: "states-point",
    section: "5.12",
    title: {
      en: "a step where the book shows netstat and ps output",
      zh: "书中在此步骤给出 netstat 和 ps 的输出",
    },
    text: {
      en:
        "The run reached a moment the book illustrates with `netstat -a` or `ps`. With --states echolab reads the socket table (/proc/net/tcp, /proc/net/tcp6) and the process table (/proc/PID/stat, /proc/PID/wchan) right now and shows them.",
      zh:
        "运行到达了书中用 `netstat -a` 或 `ps` 输出说明的时刻。使用 --states 时，echolab 此刻读取套接字表（/proc/net/tcp、/proc/net/tcp6）和进程表（/proc/PID/stat、/proc/PID/wchan）并显示出来。",
    },
  },
  {
    id: "states",
    section: "5.12",
    title: {
      en: "socket and process tables read from /proc",
      zh: "从 /proc 读取的套接字表和进程表",
    },
    text: {
      en:
        "The sockets of the run's ports as `ss -tan` shows them (state, Recv-Q, Send-Q, local and foreign address) and its processes as `ps -o pid,ppid,stat,wchan,args` shows them, read at this moment.",
      zh:
        "本次运行端口上的套接字（如 `ss -tan` 所示：状态、Recv-Q、Send-Q、本地与对端地址）及其进程（如 `ps -o pid,ppid,stat,wchan,args` 所示），均为此刻读取。",
    },
  },
];
