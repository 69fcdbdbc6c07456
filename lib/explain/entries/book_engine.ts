/**
 * Entries for the book engine (`serve --engine book`) and the process and
 * signal scenarios of `echolab chaos` (UNP §5.7–5.13, §5.18).
 *
 * @module
 */

import type { Entry } from "../entry.ts";

/**
 * Catalogue entries keyed by book-engine and chaos event kind.
 *
 * @example
 * ```ts
 * BOOK_ENGINE_ENTRIES.find((e) => e.id === "child-zombie")?.section; // "5.7"
 * ```
 */
export const BOOK_ENGINE_ENTRIES: readonly Entry[] = [
  {
    id: "child-zombie",
    section: "5.7",
    sources: { unp: ["5.9"], man: ["waitid(2)", "proc(5)"], other: ["Deno runtime"] },
    title: {
      en: "the child is a zombie: terminated, but nobody fetched its status",
      zh: "子进程成了僵尸进程：已终止，但没有人取走它的终止状态",
    },
    text: {
      en:
        "The child has terminated (the kernel sent the parent SIGCHLD), but the parent has not called wait or waitpid. The kernel keeps the child's pid and termination status until it does: ps shows state Z and <defunct>. Each zombie holds a slot in the process table.",
      zh:
        "子进程已终止（内核向父进程发送了 SIGCHLD），但父进程没有调用 wait 或 waitpid。内核会保留子进程的 pid 和终止状态直到父进程取走：ps 显示状态 Z 和 <defunct>。每个僵尸进程都占用进程表中的一项。",
    },
    os: {
      en:
        "Seen here with waitid(WNOWAIT), which reads the status without reaping, and /proc/PID/stat state Z. The deno engine never shows this: Deno's runtime reaps every child it starts.",
      zh:
        "这里通过 waitid(WNOWAIT)（读取终止状态而不回收）和 /proc/PID/stat 中的状态 Z 观察到。deno 引擎永远看不到这一幕：Deno 运行时会回收它启动的每个子进程。",
    },
  },
  {
    id: "proc-state",
    section: "5.7",
    sources: { man: ["proc(5)", "ps(1)"] },
    title: {
      en: "/proc/PID/stat: the process state the kernel reports (what ps shows)",
      zh: "/proc/PID/stat：内核报告的进程状态（即 ps 显示的内容）",
    },
    text: {
      en:
        "Read straight from the kernel: S is sleeping, R running, Z a zombie (terminated, status not yet fetched). Once the parent waits, /proc/PID disappears.",
      zh:
        "直接从内核读取：S 表示睡眠，R 表示运行，Z 表示僵尸进程（已终止，终止状态尚未被取走）。父进程等待之后，/proc/PID 就消失了。",
    },
  },
  {
    id: "clients-closed",
    section: "5.10",
    sources: { man: ["exit(2)", "close(2)"] },
    title: {
      en: "the client closed all its sockets at once: one FIN on each connection",
      zh: "客户一次关闭了所有套接字：每个连接上发出一个 FIN",
    },
    text: {
      en:
        "Like tcpcli04 exiting: the kernel closes every descriptor, a FIN goes out on each connection, and every server child reads EOF and exits at about the same time.",
      zh:
        "就像 tcpcli04 退出时那样：内核关闭所有描述符，每个连接上都发出 FIN，每个服务器子进程几乎同时读到 EOF 并终止。",
    },
  },
  {
    id: "runtime-reaped",
    section: "5.9",
    sources: { man: ["wait(2)"], other: ["Deno runtime (Deno.Command)"] },
    title: {
      en: "deno engine: the runtime reaped its child without being asked",
      zh: "deno 引擎：运行时自行回收了子进程",
    },
    text: {
      en:
        "A child started with Deno.Command vanished from /proc although echolab's code never called wait: Deno's runtime calls waitpid for each child it spawns. Convenient — and it hides zombies from view.",
      zh:
        "用 Deno.Command 启动的子进程从 /proc 中消失了，尽管 echolab 的代码从未调用 wait：Deno 运行时会为它创建的每个子进程调用 waitpid。这很方便——但也把僵尸进程藏了起来。",
    },
  },
  {
    id: "sigaction",
    section: "5.8",
    sources: { unp: ["5.9"], man: ["sigaction(2)", "signal-safety(7)", "umask(2)"] },
    title: {
      en: "sigaction: a signal handler is installed (with or without SA_RESTART)",
      zh: "sigaction：安装信号处理函数（带或不带 SA_RESTART）",
    },
    text: {
      en:
        "With SA_RESTART the kernel restarts a slow system call interrupted by this signal; without it the call fails with EINTR. UNP's Signal() sets SA_RESTART for every signal but SIGALRM.",
      zh:
        "设置 SA_RESTART 时，被该信号中断的慢系统调用由内核自动重启；不设置时该调用以 EINTR 失败。UNP 的 Signal() 函数为除 SIGALRM 以外的所有信号设置 SA_RESTART。",
    },
    os: {
      en:
        "A handler must be a C function, and Deno's callbacks can only run on the JavaScript thread. echolab installs libc's umask as the handler: it is async-signal-safe, takes the signal number, and leaves a visible mark — the process umask becomes the signal number — so reading the umask back proves the handler ran.",
      zh:
        "信号处理函数必须是 C 函数，而 Deno 的回调只能在 JavaScript 线程上运行。echolab 把 libc 的 umask 安装为处理函数：它是异步信号安全的，参数就是信号编号，并会留下可见的痕迹——进程的 umask 变成信号编号——因此读回 umask 就能证明处理函数确实执行过。",
    },
  },
  {
    id: "thread-blocked",
    section: "5.9",
    sources: {
      unp: ["5.6"],
      man: ["proc(5)", "signal(7)", "wait(2)"],
      kernel: ["inet_csk_accept", "wait_woken", "do_wait"],
    },
    title: {
      en: "blocked in a slow system call",
      zh: "阻塞于慢系统调用",
    },
    text: {
      en:
        "The thread sleeps in the kernel (state S) until what it waits for happens or a signal arrives; /proc shows where: inet_csk_accept for accept, wait_woken for a connect waiting for the handshake, do_wait for a wait whose children still run. Slow system calls are the ones that can block forever.",
      zh:
        "该线程在内核中睡眠（状态 S），直到它等待的事情发生或信号到达；/proc 显示它睡在哪里：accept 为 inet_csk_accept，等待握手的 connect 为 wait_woken，子进程仍在运行时的 wait 为 do_wait。慢系统调用就是可能永远阻塞的那些系统调用。",
    },
    os: {
      en:
        "echolab makes the call on a dedicated worker thread, so the event loop keeps running; a signal meant to interrupt it is aimed at that thread.",
      zh:
        "echolab 在一个专用的工作线程上发起该调用，使事件循环继续运行；要中断它的信号就对准这个线程。",
    },
  },
  {
    id: "signal-sent",
    section: "5.9",
    sources: { man: ["timer_create(2)", "alarm(2)"] },
    title: {
      en: "a timer sends the signal to the blocked thread",
      zh: "定时器把信号发给阻塞的线程",
    },
    text: {
      en:
        "The book uses alarm; here timer_create with SIGEV_THREAD_ID aims the signal at the one thread that sleeps in the system call, as in a single-threaded process.",
      zh:
        "书中用 alarm；这里用带 SIGEV_THREAD_ID 的 timer_create 把信号对准睡眠于该系统调用的那一个线程，效果与单线程进程相同。",
    },
  },
  {
    id: "handler-ran",
    section: "5.8",
    sources: { man: ["signal(7)", "sigaction(2)"] },
    title: {
      en: "the signal was caught: the handler ran",
      zh: "信号已被捕获：处理函数执行了",
    },
    text: {
      en:
        "The kernel delivered the signal to the thread and ran the handler; what happens to the interrupted system call now depends on SA_RESTART.",
      zh:
        "内核把信号递交给该线程并执行了处理函数；被中断的系统调用接下来如何，取决于是否设置了 SA_RESTART。",
    },
  },
  {
    id: "restarted",
    section: "5.9",
    sources: { man: ["signal(7)"], kernel: ["ERESTARTSYS"] },
    title: {
      en: "restarted automatically: the call is blocked again, no EINTR",
      zh: "自动重启：调用重新阻塞，没有 EINTR",
    },
    text: {
      en:
        "The handler ran, and because it was installed with SA_RESTART the kernel restarted the call: the thread is back where it slept (inet_csk_accept for accept, wait_woken for connect) and the program never learns it was interrupted.",
      zh:
        "处理函数执行了，由于安装时设置了 SA_RESTART，内核自动重启了该调用：线程又回到原来睡眠的地方（accept 为 inet_csk_accept，connect 为 wait_woken），程序根本不知道它曾被中断。",
    },
  },
  {
    id: "glibc-signal",
    aliases: ["bsd_signal", "signal()"],
    section: "5.8",
    sources: {
      unp: ["5.8", "5.9"],
      man: ["signal(2)", "sigaction(2)", "feature_test_macros(7)"],
      other: ["glibc signal() and sysv_signal (signal.h)"],
    },
    title: {
      en: "glibc's signal(): the handler is installed with SA_RESTART (BSD semantics)",
      zh: "glibc 的 signal()：以 SA_RESTART 安装处理函数（BSD 语义）",
    },
    text: {
      en:
        "signal is the historical way to install a handler, and its semantics differ between implementations (§5.8): System V's reset the handler to the default on delivery and did not restart slow system calls; BSD's kept the handler and restarted them. That is why UNP defines its own signal on top of sigaction. echolab called the C library's signal() and read the result back with sigaction(sig, NULL, &old): the sa_flags shown are what the library chose, not what echolab assumed.",
      zh:
        "signal 是安装处理函数的历史方式，其语义在不同实现中各不相同（§5.8）：System V 的 signal 在递交时把处理函数重置为默认，并且不重启慢系统调用；BSD 的则保留处理函数并自动重启这些调用。所以 UNP 在 sigaction 之上定义了自己的 signal。echolab 调用了 C 库的 signal()，再用 sigaction(sig, NULL, &old) 读回结果：显示的 sa_flags 是 C 库自己的选择，而不是 echolab 的假设。",
    },
    os: {
      en:
        'glibc gives signal() BSD semantics — SA_RESTART, the handler stays installed — whenever _DEFAULT_SOURCE is defined, which it is by default (signal(2), "Portability"). So a tcpserv02 built with signal() never sees EINTR on Linux; only sigaction without SA_RESTART shows it. Compiled with a strict standard (gcc -std=c99) the same call becomes sysv_signal: no SA_RESTART, and the handler is reset after one delivery.',
      zh:
        "只要定义了 _DEFAULT_SOURCE（默认即已定义），glibc 的 signal() 就采用 BSD 语义——设置 SA_RESTART，处理函数一直有效（signal(2) 的“Portability”一节）。因此用 signal() 构建的 tcpserv02 在 Linux 上永远看不到 EINTR；只有不带 SA_RESTART 的 sigaction 才会出现。若以严格标准编译（gcc -std=c99），同一调用就变成 sysv_signal：不设置 SA_RESTART，并且处理函数递交一次后即被重置。",
    },
  },
  {
    id: "connect-restarted",
    section: "5.9",
    sources: {
      unp: ["5.9"],
      man: ["signal(7)", "connect(2)"],
      kernel: ["__inet_stream_connect", "inet_wait_for_connect", "ERESTARTSYS"],
      other: ["OpenBSD sys_connect (uipc_syscalls.c)", "DragonFly kern_connect"],
    },
    title: {
      en: "connect restarted automatically under SA_RESTART: it completed, no EINTR",
      zh: "在 SA_RESTART 下 connect 被自动重启：它完成了，没有 EINTR",
    },
    text: {
      en:
        "The handler was installed with SA_RESTART, so when it returned the kernel restarted connect: the thread went back to waiting for the handshake already under way (wchan wait_woken), and connect returned 0 once the retransmitted SYN got through. The program never saw EINTR.",
      zh:
        "处理函数以 SA_RESTART 安装，因此它返回时内核自动重启了 connect：线程回去继续等待已在进行的握手（wchan 为 wait_woken），重传的 SYN 通过后 connect 返回 0。程序从未看到 EINTR。",
    },
    os: {
      en:
        "Linux restarts connect like accept (signal(7) lists connect among the socket calls restarted under SA_RESTART): the restarted call finds the socket still connecting and waits. BSD kernels do not: their connect turns ERESTART into EINTR (OpenBSD sys_connect, DragonFly kern_connect) — the book's world, where connect is never restarted.",
      zh:
        "Linux 像对待 accept 一样自动重启 connect（signal(7) 把 connect 列为在 SA_RESTART 下会被重启的套接字调用之一）：重启后的调用发现套接字仍在连接中，于是继续等待。BSD 内核则不会：它们的 connect 把 ERESTART 变成 EINTR（OpenBSD 的 sys_connect、DragonFly 的 kern_connect）——这正是书中的情形，connect 永远不会被重启。",
    },
  },
  {
    id: "kernel-reaped",
    section: "5.9",
    sources: {
      unp: ["5.9"],
      man: ["wait(2)", "sigaction(2)", "proc(5)"],
      kernel: ["do_notify_parent", "exit_notify"],
      other: ["POSIX _exit(): Consequences of Process Termination"],
    },
    title: {
      en: "the child ended and the kernel reaped it itself: no zombie",
      zh: "子进程终止，内核自行回收了它：没有僵尸进程",
    },
    text: {
      en:
        "SIGCHLD was set to SIG_IGN, or its handler has SA_NOCLDWAIT: when the child terminated, the kernel discarded it at once instead of keeping a zombie for the parent. echolab looked at /proc/PID every millisecond until it was gone — never state Z — and waitid(WNOWAIT) then says ECHILD: no status is left to fetch.",
      zh:
        "SIGCHLD 被设为 SIG_IGN，或其处理函数设置了 SA_NOCLDWAIT：子进程终止时，内核立即将其丢弃，而不是为父进程保留一个僵尸进程。echolab 每毫秒查看一次 /proc/PID，直到它消失——从未出现状态 Z——随后 waitid(WNOWAIT) 返回 ECHILD：已没有可取的终止状态。",
    },
    os: {
      en:
        'Beyond the book. POSIX specifies it (_exit, "Consequences of Process Termination"); Linux does it in do_notify_parent (kernel/signal.c), which marks the child for release at once and, with SIG_IGN, sends no SIGCHLD at all. With SA_NOCLDWAIT and a handler Linux still sends SIGCHLD, which POSIX leaves open (sigaction(2)).',
      zh:
        "超出本书。POSIX 规定了这一点（_exit 的“Consequences of Process Termination”）；Linux 在 do_notify_parent（kernel/signal.c）中实现：它把子进程标记为立即释放，并且在 SIG_IGN 时根本不发送 SIGCHLD。设置 SA_NOCLDWAIT 且有处理函数时，Linux 仍发送 SIGCHLD，POSIX 对此未作规定（sigaction(2)）。",
    },
  },
  {
    id: "returned",
    section: "5.9",
    title: { en: "the system call returned", zh: "系统调用返回了" },
    text: {
      en: "The call completed with a result (a descriptor, a byte count, 0) instead of an error.",
      zh: "调用以一个结果（描述符、字节数、0）而不是错误完成。",
    },
  },
  {
    id: "backlog-full",
    section: "4.5",
    sources: {
      man: ["listen(2)"],
      kernel: ["sk_acceptq_is_full", "TCP_TIMEOUT_INIT"],
      rfc: ["RFC 6298"],
    },
    title: {
      en: "the listen queue is full: new SYNs are dropped",
      zh: "监听队列已满：新的 SYN 被丢弃",
    },
    text: {
      en:
        "listen(fd, 0) and one connection nobody accepted: the completed-connection queue is full, so the server's TCP ignores the next client's SYN and that client's connect keeps waiting, retransmitting its SYN (after 1 s, then 3 s …). Accepting one connection makes room.",
      zh:
        "listen(fd, 0) 再加上一个无人 accept 的连接：已完成连接队列满了，服务器 TCP 忽略下一个客户的 SYN，该客户的 connect 一直等待并重传 SYN（1 秒后，然后 3 秒……）。accept 一个连接就腾出了位置。",
    },
  },
  {
    id: "connect-retried",
    section: "5.9",
    sources: {
      unp: ["16.3"],
      man: ["connect(2)", "signal(7)"],
      kernel: ["__inet_stream_connect", "inet_wait_for_connect"],
    },
    title: {
      en: "connect called again after EINTR: Linux waits and succeeds",
      zh: "EINTR 之后再次调用 connect：Linux 会等待并成功",
    },
    text: {
      en:
        "The book warns that connect cannot be restarted. On Linux a second blocking connect on the same socket simply waits for the handshake already in progress; a non-blocking one returns EALREADY.",
      zh:
        "书中警告 connect 不能重启。在 Linux 上，对同一套接字再次进行阻塞的 connect 只是等待已在进行的握手；非阻塞的则返回 EALREADY。",
    },
  },
  {
    id: "runtime-retried",
    section: "5.9",
    sources: { man: ["epoll(7)", "signal(7)"], other: ["Deno runtime (tokio, signal-hook)"] },
    title: {
      en: "deno engine: the signal came, Deno's accept was not interrupted",
      zh: "deno 引擎：信号来了，Deno 的 accept 没有被中断",
    },
    text: {
      en:
        "Deno waits for connections in epoll on its event loop and retries interrupted calls; its signal handlers use SA_RESTART. A Deno program never sees EINTR.",
      zh:
        "Deno 在事件循环的 epoll 中等待连接，并自动重试被中断的调用；它的信号处理函数使用 SA_RESTART。Deno 程序永远看不到 EINTR。",
    },
  },
  {
    id: "EALREADY",
    section: "5.9",
    sources: { unp: ["16.3"], man: ["connect(2)"], kernel: ["__inet_stream_connect"] },
    title: {
      en: "operation already in progress: a connect is still under way",
      zh: "操作已在进行：connect 仍在进行中",
    },
    text: {
      en:
        "connect was called on a non-blocking socket whose earlier connect has not finished. Wait for writability with select/poll and read SO_ERROR instead (§16.3).",
      zh:
        "在一个非阻塞套接字上调用了 connect，而它先前的 connect 尚未完成。应改用 select/poll 等待可写，再读取 SO_ERROR（§16.3）。",
    },
  },
  {
    id: "SIGALRM",
    section: "5.9",
    sources: { unp: ["14.2"], man: ["alarm(2)", "signal(7)"] },
    title: { en: "SIGALRM: a timer expired", zh: "SIGALRM：定时器到期" },
    text: {
      en:
        "Sent by alarm or a timer. UNP's Signal() deliberately does not set SA_RESTART for it, so that it can interrupt a blocked call to implement a timeout (§14.2).",
      zh:
        "由 alarm 或定时器发出。UNP 的 Signal() 故意不为它设置 SA_RESTART，以便它能中断阻塞的调用，从而实现超时（§14.2）。",
    },
  },
  {
    id: "rst-sent",
    section: "5.11",
    sources: { unp: ["7.5"], man: ["socket(7)"], kernel: ["tcp_close", "tcp_send_active_reset"] },
    title: {
      en: "close with SO_LINGER{1, 0}: an RST instead of a FIN",
      zh: "以 SO_LINGER{1, 0} 关闭：发出 RST 而不是 FIN",
    },
    text: {
      en:
        "With l_onoff 1 and l_linger 0, close aborts the connection: TCP discards what is unsent and sends an RST. Here it happens after the handshake but before the server's accept, while the connection waits in the completed-connection queue.",
      zh:
        "l_onoff 为 1、l_linger 为 0 时，close 会中止连接：TCP 丢弃尚未发送的数据并发送 RST。这里它发生在三次握手之后、服务器调用 accept 之前，此时连接正在已完成连接队列中等待。",
    },
  },
  {
    id: "accept-after-rst",
    section: "5.11",
    sources: {
      man: ["getpeername(2)"],
      kernel: ["inet_csk_accept", "do_accept", "inet_getname", "tcp_reset"],
    },
    title: {
      en: "Linux's accept returned the connection that was already reset",
      zh: "Linux 的 accept 返回了已被重置的连接",
    },
    text: {
      en:
        "No error from accept: Linux hands back a descriptor (and the client's address) for the aborted connection — do_accept (net/socket.c) asks inet_getname for the address with peer = 2, which skips its check for a CLOSED socket; the note in accept(2) about pending errors coming back from accept is historical. The error shows up on the descriptor: getpeername gives ENOTCONN, the first read ECONNRESET.",
      zh:
        "accept 没有报错：Linux 为已中止的连接交回一个描述符（以及客户地址）——do_accept（net/socket.c）以 peer = 2 调用 inet_getname 取地址，这会跳过它对 CLOSED 套接字的检查；accept(2) 中关于 accept 返回待处理错误的说明已是历史。错误体现在这个描述符上：getpeername 返回 ENOTCONN，第一次 read 返回 ECONNRESET。",
    },
  },
  {
    id: "eof-after-rst",
    section: "5.11",
    sources: { man: ["recv(2)"], kernel: ["sock_error", "tcp_recvmsg"] },
    title: {
      en: "after the reset was reported, read returns 0",
      zh: "重置被报告之后，read 返回 0",
    },
    text: {
      en:
        "The pending error is reported once (ECONNRESET); the connection is closed, so the next read sees end of file.",
      zh: "待处理错误只报告一次（ECONNRESET）；连接已关闭，因此下一次 read 看到文件结束。",
    },
  },
  {
    id: "peer-closed",
    section: "5.12",
    sources: {
      unp: ["5.13"],
      kernel: ["tcp_rcv_state_process", "tcp_v4_send_reset"],
      rfc: ["RFC 9293 §3.10.7"],
    },
    title: {
      en: "the server closed its end: a FIN to the client",
      zh: "服务器关闭了它这一端：向客户发出 FIN",
    },
    text: {
      en:
        "From now on the server's TCP answers any data that arrives with an RST, since no process will ever read it.",
      zh: "此后服务器 TCP 会用 RST 回应到达的任何数据，因为再也没有进程会读取它们。",
    },
  },
  {
    id: "disposition",
    section: "5.8",
    sources: { man: ["sigaction(2)", "signal(7)"], other: ["Deno runtime"] },
    title: {
      en: "how this process handles the signal right now (sigaction query)",
      zh: "本进程此刻如何处理该信号（sigaction 查询）",
    },
    text: {
      en:
        "Every signal has a disposition: default, ignore, or a handler. Deno's runtime sets SIGPIPE to ignore when it starts, so its writes to a reset socket return EPIPE instead of killing it.",
      zh:
        "每个信号都有一个处置方式：默认、忽略或处理函数。Deno 运行时启动时把 SIGPIPE 设为忽略，因此它向已重置的套接字写数据时得到 EPIPE，而不会被杀死。",
    },
  },
  {
    id: "spawned",
    section: "5.13",
    sources: { man: ["execve(2)", "posix_spawn(3)", "signal(7)"] },
    title: {
      en: "a real process writes to the socket (posix_spawn, socket as stdout)",
      zh: "一个真实的进程向套接字写数据（posix_spawn，套接字作为标准输出）",
    },
    text: {
      en:
        'sh runs with the connected socket as its standard output, like a forked child. Whether SIGPIPE is at its default or ignored is set at spawn: an ignored signal stays ignored across exec, so a child of a Deno program inherits the runtime\'s "ignore" unless it is reset.',
      zh:
        "sh 以已连接套接字为标准输出运行，就像 fork 出的子进程一样。SIGPIPE 是默认处置还是被忽略，在创建进程时决定：被忽略的信号在 exec 之后仍被忽略，因此 Deno 程序的子进程会继承运行时的“忽略”，除非将其重置。",
    },
  },
  {
    id: "process-ended",
    section: "5.13",
    sources: { man: ["wait(2)", "bash(1)"] },
    title: {
      en: "the writer process ended: its termination status",
      zh: "写数据的进程终止了：它的终止状态",
    },
    text: {
      en:
        "waitpid gave either an exit code (the process survived its failed write) or the signal that killed it; a shell shows death by a signal as 128 + its number.",
      zh:
        "waitpid 给出的要么是退出码（进程在写失败后仍然存活），要么是杀死它的信号；shell 把被信号杀死显示为 128 + 信号编号。",
    },
  },
  {
    id: "signal-count",
    section: "5.10",
    sources: { unp: ["5.10"], man: ["signal(7)"], kernel: ["legacy_queue"] },
    title: {
      en: "SIGCHLD deliveries counted against exits",
      zh: "SIGCHLD 的递交次数与子进程终止数的对比",
    },
    text: {
      en:
        "Fewer deliveries than exits means signals were merged: a standard signal that is already pending is not queued a second time. A handler that waits once per call leaves one zombie per merged signal; the waitpid loop reaps them all.",
      zh:
        "递交次数少于终止数说明信号被合并了：已处于未决状态的标准信号不会再排队一次。每次调用只 wait 一次的处理函数，每合并一个信号就留下一个僵尸进程；waitpid 循环则把它们全部回收。",
    },
  },
  {
    id: "sum-request",
    section: "5.18",
    sources: { man: ["byteorder(3)"] },
    title: {
      en: "the sum server read a request, in its own data format",
      zh: "求和服务器按自己的数据格式读取了一个请求",
    },
    text: {
      en:
        "Text is parsed the same way everywhere. Binary bytes are interpreted with the server's own byte order and sizeof(long) — whatever the client meant.",
      zh:
        "文本在任何地方都以同样方式解析。二进制字节则按服务器自己的字节序和 sizeof(long) 解释——不管客户原本是什么意思。",
    },
  },
  {
    id: "sum",
    section: "5.18",
    sources: { man: ["byteorder(3)"] },
    title: {
      en: "the client got the sum back",
      zh: "客户收到了求和结果",
    },
    text: {
      en:
        "Compare the result with the expected sum: when client and server disagree on byte order or on the size of long, the same bytes mean different numbers at each end.",
      zh:
        "请把结果与期望的和对比：当客户与服务器在字节序或 long 的大小上不一致时，同样的字节在两端代表不同的数值。",
    },
  },
  {
    // UNP §5.3: str_echo is a read/write loop; cat on the socket is exactly that.
    id: "worker",
    section: "5.3",
    sources: { unp: ["5.2"], man: ["clone(2)", "posix_spawn(3)", "prctl(2)"] },
    title: {
      en: "the child's program: str_echo on the connected socket",
      zh: "子进程运行的程序：在已连接套接字上执行 str_echo",
    },
    text: {
      en:
        "str_echo is a loop: read from the socket, write the same bytes back, return at EOF. The clone worker (the default on Linux x86_64) runs exactly that loop in a child made the way fork makes one, minus the copy: clone(2) gives it its own pid and its own copy of the descriptors, then it closes all but the socket. With --worker cat the socket is dup2'ed onto stdin and stdout of /bin/cat, which does the same, as socat EXEC:cat and ncat --exec /bin/cat do. The child closes the socket when it exits; the server only accepts, starts children and reaps.",
      zh:
        "str_echo 是一个循环：从套接字 read，把同样的字节 write 回去，读到 EOF 就返回。clone 工作进程（Linux x86_64 上的默认）就在一个子进程里运行这个循环，这个子进程的产生方式与 fork 相同，只是不复制内存：clone(2) 给它自己的 pid 和一份描述符副本，然后它关闭除套接字以外的所有描述符。使用 --worker cat 时，套接字被 dup2 到 /bin/cat 的标准输入和标准输出，/bin/cat 做的是同一件事，socat EXEC:cat 和 ncat --exec /bin/cat 也是这样。子进程退出时关闭套接字；服务器只负责 accept、创建子进程和回收。",
    },
    os: {
      en:
        "Deno cannot fork: a forked copy of the runtime crashes as soon as it runs JavaScript. So the clone worker's child shares the server's memory (CLONE_VM, like vfork) and runs a few hundred bytes of machine code that never touch it — no exec, no new program to load, like the book's fork. ps shows it as str_echo (comm) with the server's command line (shared memory holds the arguments): tell it from the server by its parent pid and its comm (ps -o pid,ppid,comm,args). The alternatives start a new program (posix_spawn): cat (--worker cat), a small C program; a deno child (--worker echolab, echolab __str-echo), a whole Deno runtime per client — compare their RSS in ps -o pid,rss,args.",
      zh:
        "Deno 不能 fork：fork 出的运行时副本一运行 JavaScript 就会崩溃。因此 clone 工作进程与服务器共享内存（CLONE_VM，类似 vfork），运行几百字节、从不触碰这些内存的机器码——不 exec，也不必装入新程序，与书中的 fork 一样。ps 显示它为 str_echo（comm），命令行则是服务器的（参数保存在共享内存中）：凭父进程 pid 和 comm 把它与服务器区分开（ps -o pid,ppid,comm,args）。其他工作进程都启动一个新程序（posix_spawn）：cat（--worker cat）是一个小 C 程序；deno 子进程（--worker echolab，即 echolab __str-echo）则是每个客户一整个 Deno 运行时——可用 ps -o pid,rss,args 比较它们的 RSS。",
    },
  },
];
