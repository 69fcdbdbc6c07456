/**
 * Entries for the lab network (lib/lab) and its scenarios: the hosts, their
 * faults, and what the client host's kernel does about them (UNP §5.14–5.16,
 * §7.5, §14.2).
 *
 * @module
 */

import type { Entry } from "../entry.ts";

/** Catalogue entries for lab events and topics. */
export const LAB_ENTRIES: readonly Entry[] = [
  {
    id: "lab-ready",
    aliases: ["lab"],
    section: "5.14",
    sources: {
      man: ["user_namespaces(7)", "network_namespaces(7)", "pid_namespaces(7)", "veth(4)"],
    },
    title: {
      en: "the lab network is up: client host — router — server host",
      zh: "实验室网络已就绪：客户主机——路由器——服务器主机",
    },
    text: {
      en:
        "A private user namespace (root inside, an ordinary user outside) holds three network namespaces — a client host, an intermediate router and a server host, each with its own interfaces, routes, ARP cache and TCP stack — on two veth links addressed from 198.18.0.0/15: client 198.18.0.1 — router 198.18.0.254 | 198.18.1.254 — server 198.18.1.2. Only the router forwards (net.ipv4.ip_forward = 1 in its namespace); each end host routes through it. The server host runs echolab serve; this process is the client host. Nothing here can reach or be reached from the real network.",
      zh:
        "一个私有的用户命名空间（内部是 root，外部是普通用户）中有三个网络命名空间——客户主机、中间路由器和服务器主机，各有自己的接口、路由、ARP 缓存和 TCP 协议栈——由两条 veth 链路连接，地址取自 198.18.0.0/15：客户 198.18.0.1 —— 路由器 198.18.0.254 | 198.18.1.254 —— 服务器 198.18.1.2。只有路由器转发分组（它的命名空间中 net.ipv4.ip_forward = 1）；两端的主机都经由它选路。服务器主机运行 echolab serve；本进程就是客户主机。这里的一切都无法访问真实网络，也不能被真实网络访问。",
    },
    os: {
      en:
        "Linux only (user and network namespaces, no root needed). When echolab ends — even by SIGKILL — the kernel removes every lab process, interface and namespace.",
      zh:
        "仅限 Linux（用户命名空间和网络命名空间，无需 root）。echolab 结束时——即使是被 SIGKILL 杀死——内核会清除实验室的所有进程、接口和命名空间。",
    },
  },
  {
    id: "lab-demo",
    section: "5.14",
    sources: { unp: ["5.15", "5.16"], man: ["tcp(7)"] },
    title: {
      en: "the lab stays up for the two-terminal demo (Ctrl-C ends it)",
      zh: "实验室为双终端演示保持运行（Ctrl-C 结束）",
    },
    text: {
      en:
        "Terminal 2: echolab connect --lab, type a line. Terminal 3: echolab host crash, then type another line in terminal 2 — it is retransmitted until the time budget of tcp_retries2 = 6 (set here) runs out, and the client gets ETIMEDOUT (§5.14). Run echolab host reboot before that and the client gets ECONNRESET (§5.15); echolab host shutdown sends SIGTERM to every process of the server host (§5.16); cut and restore show TCP riding out a short outage; echolab host unreachable (or no-route) makes the router between them answer with ICMP (§5.14), and blackhole makes it drop the packets silently, until restore; status shows the client's retransmission counters and the router's ICMP counters.",
      zh:
        "终端 2：echolab connect --lab，输入一行。终端 3：echolab host crash，然后在终端 2 再输入一行——它被不断重传，直到 tcp_retries2 = 6（这里的设置）所代表的时间预算用完，客户得到 ETIMEDOUT（§5.14）。若在此之前运行 echolab host reboot，客户得到 ECONNRESET（§5.15）；echolab host shutdown 向服务器主机的所有进程发送 SIGTERM（§5.16）；cut 和 restore 展示 TCP 如何挺过短暂的中断；echolab host unreachable（或 no-route）让两者之间的路由器以 ICMP 作答（§5.14），blackhole 则让它默默丢弃分组，直到 restore；status 显示客户的重传计数和路由器的 ICMP 计数。",
    },
  },
  {
    id: "sysctl:tcp_retries2",
    aliases: ["tcp_retries2"],
    section: "5.14",
    sources: {
      man: ["tcp(7)"],
      kernel: ["tcp_model_timeout", "retransmits_timed_out", "tcp_write_timeout"],
      rfc: ["RFC 1122 §4.2.3.5"],
    },
    title: {
      en: "net.ipv4.tcp_retries2: how long TCP retransmits before giving up",
      zh: "net.ipv4.tcp_retries2：TCP 放弃之前重传多久",
    },
    text: {
      en:
        "Each network namespace has its own tcp_retries2. The lab shortens it so a dead peer is given up on in seconds; the host's own value is shown beside it.",
      zh:
        "每个网络命名空间都有自己的 tcp_retries2。实验室把它调小，使对端死亡能在几秒内被放弃；主机自己的值显示在旁边。",
    },
    os: {
      en:
        "Linux turns tcp_retries2 = N into a time budget: 0.2·(2^(N+1)−1) s while the RTO doubles from 200 ms, plus 120 s per retransmission once it is capped — 924.6 s for the default 15. The clock starts at the first RTO retransmission (not at a tail loss probe), and TCP gives up at the first RTO expiry after the budget has passed. The book's Berkeley-derived kernels retransmitted 12 times, about 9 minutes.",
      zh:
        "Linux 把 tcp_retries2 = N 换算成时间预算：RTO 从 200 毫秒加倍期间为 0.2·(2^(N+1)−1) 秒，封顶后每次重传再加 120 秒——默认值 15 对应 924.6 秒。计时从第一次 RTO 重传（而不是尾部丢失探测）开始，预算用完后的第一次 RTO 到期时 TCP 放弃。书中源自Berkeley的内核重传 12 次，约 9 分钟。",
    },
  },
  {
    id: "sysctl:keepalive",
    aliases: ["tcp_keepalive_time", "tcp_keepalive_intvl", "tcp_keepalive_probes"],
    section: "7.5",
    sources: {
      unp: ["7.5"],
      man: ["tcp(7)", "socket(7)"],
      kernel: ["tcp_keepalive_timer"],
      rfc: ["RFC 1122 §4.2.3.6"],
    },
    title: {
      en: "net.ipv4.tcp_keepalive_*: when keepalive probes start, how often, how many",
      zh: "net.ipv4.tcp_keepalive_*：保持存活探测何时开始、间隔多久、发几次",
    },
    text: {
      en:
        "With SO_KEEPALIVE set, after tcp_keepalive_time seconds of silence TCP sends a probe, then one every tcp_keepalive_intvl seconds; after tcp_keepalive_probes unanswered probes the connection is dropped with ETIMEDOUT. These are per network namespace (a program can also set TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT per socket).",
      zh:
        "设置 SO_KEEPALIVE 后，连接静默 tcp_keepalive_time 秒时 TCP 发送一个探测分节，之后每 tcp_keepalive_intvl 秒一个；连续 tcp_keepalive_probes 个探测无应答，连接以 ETIMEDOUT 被丢弃。这些参数按网络命名空间设置（程序也可以用 TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT 按套接字设置）。",
    },
    os: {
      en:
        "Linux's defaults 7200/75/9 match the book's: 2 hours of silence, then 9 probes 75 s apart — 2 h 11 min 15 s in all.",
      zh:
        "Linux 的默认值 7200/75/9 与书中一致：静默 2 小时，然后 9 个间隔 75 秒的探测——总共 2 小时 11 分 15 秒。",
    },
  },
  {
    id: "sysctl:neigh",
    aliases: ["arp"],
    section: "5.14",
    sources: {
      man: ["arp(7)"],
      kernel: [
        "neigh_timer_handler",
        "__neigh_event_send",
        "neigh_invalidate",
        "arp_error_report",
        "ipv4_link_failure",
        "__icmp_send",
      ],
    },
    title: {
      en: "net.ipv4.neigh.*: how long an ARP entry is trusted and how hard it is re-checked",
      zh: "net.ipv4.neigh.*：ARP 表项可信多久、如何重新确认",
    },
    text: {
      en:
        "An ARP (neighbour) entry stays REACHABLE for about base_reachable_time_ms after the peer last proved alive, then STALE; the next packet still goes to the old address and starts a delay of delay_first_probe_time seconds (DELAY), then ucast_solicit unicast probes retrans_time_ms apart (PROBE); meanwhile packets keep going to the stale address, nothing waits (__neigh_event_send). If no probe is answered the entry FAILS. A packet that comes after that starts a new resolution (INCOMPLETE, mcast_solicit broadcast requests) and waits in the entry's queue; when that resolution fails too (neigh_invalidate → arp_error_report → ipv4_link_failure → icmp_send), each queued packet is dropped and an ICMP host unreachable goes to its sender (this host itself only for packets it originated), whose socket receives it as EHOSTUNREACH.",
      zh:
        "ARP（邻居）表项在对端最后一次证明存活后，大约 base_reachable_time_ms 内保持 REACHABLE，然后变为 STALE；下一个分组仍发往旧地址，并触发 delay_first_probe_time 秒的延迟（DELAY），接着发出 ucast_solicit 个相隔 retrans_time_ms 的单播探测（PROBE）；在此期间分组照常发往过时的地址，没有分组在等待（__neigh_event_send）。若探测都没有应答，表项变为 FAILED。此后到来的分组会发起新一轮解析（INCOMPLETE，mcast_solicit 个广播请求），并在表项的队列中等待；这轮解析也失败时（neigh_invalidate → arp_error_report → ipv4_link_failure → icmp_send），队列中的每个分组被丢弃，并向它的发送方发出一个 ICMP 主机不可达（只有本机自己发出的分组，才发给本机自己），发送方套接字收到的就是 EHOSTUNREACH。",
    },
    os: {
      en:
        "The lab shortens these on one interface only — in host-unreachable, the router's link to the server; the host's defaults (30 s, 5 s, 3 probes 1 s apart) are shown beside them.",
      zh:
        "实验室只在一个接口上调小这些值——在 host-unreachable 中是路由器通往服务器的链路；主机的默认值（30 秒、5 秒、3 个相隔 1 秒的探测）显示在旁边。",
    },
  },
  {
    id: "host-crash",
    aliases: ["5.14", "server-host-crash"],
    section: "5.14",
    sources: { man: ["kill(2)", "pid_namespaces(7)", "ip(7)"] },
    title: { en: "the server host crashed", zh: "服务器主机崩溃了" },
    text: {
      en:
        "The server host stopped without a word: first its address was removed, then every process on it was killed by SIGKILL. The dying sockets' FIN or RST had no source address to be routed from, so nothing left the host. Frames from the client still reach its interface, but IP discards the packets — no longer addressed to this host, forwarding off, no ICMP sent back — and ARP requests for the address get no answer. The router in front of it holds a static ARP entry for it, so it keeps forwarding and sends no ICMP either. The client's TCP knows nothing yet.",
      zh:
        "服务器主机悄无声息地停止了：先是它的地址被删除，然后它上面的所有进程被 SIGKILL 杀死。正在关闭的套接字的 FIN 或 RST 没有可用的源地址来选路，因此没有任何分节离开这台主机。客户发来的帧仍会到达它的接口，但 IP 层丢弃这些分组——它们已不是发给本机的，转发已关闭，也不回送 ICMP——对该地址的 ARP 请求也没有应答。它前面的路由器为它保存了静态 ARP 表项，因此继续转发，也不发送 ICMP。客户 TCP 对此还一无所知。",
    },
    os: {
      en:
        "In the lab a crash is made with an address removal and kill(-1, SIGKILL) inside the server host's PID namespace — no packet filter, no netem.",
      zh:
        "实验室中的崩溃是通过删除地址并在服务器主机的 PID 命名空间内执行 kill(-1, SIGKILL) 实现的——没有包过滤，也没有 netem。",
    },
  },
  {
    id: "router-unreachable",
    aliases: ["router", "router-route"],
    section: "5.14",
    sources: {
      man: ["ip-route(8)"],
      kernel: ["ip_route_input", "ip_error", "__icmp_send"],
      rfc: ["RFC 792", "RFC 1812 §4.3.2.3", "RFC 1812 §5.2.7.1"],
    },
    title: {
      en: "the router now answers packets for the server with ICMP host unreachable",
      zh: "路由器现在对发往服务器的分组回以 ICMP 主机不可达",
    },
    text: {
      en:
        "An unreachable route (ip route replace unreachable SERVER/32) on the router: ip_route_input finds an RTN_UNREACHABLE route, and ip_error answers each packet with ICMP destination unreachable, type 3 code 1 (host unreachable), sent from the router's own address and quoting the packet — its IP header and as much of the rest as fits in a 576-byte ICMP message (__icmp_send, RFC 1812 §4.3.2.3; RFC 792's 8 bytes are the minimum), which includes the TCP ports and sequence number — so the client's kernel can find the connection. This is the book's intermediate router that 'determines the server host is unreachable'.",
      zh:
        "路由器上的一条 unreachable 路由（ip route replace unreachable SERVER/32）：ip_route_input 找到 RTN_UNREACHABLE 路由，ip_error 对每个分组回以 ICMP 目的地不可达，类型 3 代码 1（主机不可达），从路由器自己的地址发出，并引用该分组——它的 IP 首部，以及 576 字节的 ICMP 报文中放得下的其余部分（__icmp_send，RFC 1812 §4.3.2.3；RFC 792 规定的 8 个字节只是下限），其中包括 TCP 端口和序列号——使客户内核能找到对应的连接。这就是书中“判定服务器主机不可达”的中间路由器。",
    },
  },
  {
    id: "router-no-route",
    section: "5.14",
    sources: {
      man: ["ip-route(8)"],
      kernel: ["fib_lookup", "ip_error", "icmp_err_convert", "tcp_v4_err"],
      rfc: ["RFC 792"],
    },
    title: {
      en: "the router has no route to the server's network: ICMP net unreachable",
      zh: "路由器没有到服务器所在网络的路由：ICMP 网络不可达",
    },
    text: {
      en:
        "With the route to the server's network deleted, the router's lookup fails (fib_lookup: no route) and ip_error answers with ICMP destination unreachable, type 3 code 0 (net unreachable). The client turns it into ENETUNREACH (icmp_err_convert): at once for a connect still in SYN_SENT, only when TCP gives up on an established connection.",
      zh:
        "到服务器所在网络的路由被删除后，路由器的查找失败（fib_lookup：没有路由），ip_error 回以 ICMP 目的地不可达，类型 3 代码 0（网络不可达）。客户把它变成 ENETUNREACH（icmp_err_convert）：对仍处于 SYN_SENT 的 connect 立即报告，对已建立的连接则要等 TCP 放弃时才报告。",
    },
  },
  {
    id: "router-blackhole",
    aliases: ["blackhole"],
    section: "5.14",
    sources: { man: ["ip-route(8)", "tcp(7)"] },
    title: {
      en: "the router drops packets for the server and says nothing (blackhole)",
      zh: "路由器丢弃发往服务器的分组，一声不响（blackhole）",
    },
    text: {
      en:
        "A blackhole route (ip route replace blackhole SERVER/32) discards the packets silently: no ICMP. To the client this looks exactly like a crashed host — it retransmits and finally gets ETIMEDOUT: after tcp_syn_retries for a connect, after tcp_retries2 for an established connection.",
      zh:
        "blackhole 路由（ip route replace blackhole SERVER/32）默默丢弃分组：没有 ICMP。在客户看来这与主机崩溃完全一样——它不断重传，最后得到 ETIMEDOUT：connect 在 tcp_syn_retries 之后，已建立的连接在 tcp_retries2 之后。",
    },
  },
  {
    id: "router-forwarding",
    section: "5.14",
    sources: { kernel: ["tcp_ack"], man: ["ip-route(8)"] },
    title: {
      en: "the router forwards to the server again",
      zh: "路由器恢复向服务器转发",
    },
    text: {
      en:
        "The router's fault is undone: the next retransmission reaches the server, whose ACK clears the client's pending error — a soft error that TCP never reported is forgotten once the connection makes progress.",
      zh:
        "路由器的故障被撤销：下一次重传到达服务器，服务器的 ACK 清除了客户待处理的错误——TCP 从未报告的软错误在连接恢复进展后就被遗忘。",
    },
  },
  {
    id: "sysctl:tcp_syn_retries",
    aliases: ["tcp_syn_retries"],
    section: "5.14",
    sources: { unp: ["4.3"], man: ["tcp(7)"], kernel: ["tcp_write_timeout"] },
    title: {
      en: "net.ipv4.tcp_syn_retries: how many times connect resends its SYN",
      zh: "net.ipv4.tcp_syn_retries：connect 重发 SYN 的次数",
    },
    text: {
      en:
        "When nothing answers a SYN, the kernel resends it tcp_syn_retries times, the wait doubling from 1 s, then connect fails with ETIMEDOUT. Each network namespace has its own value; the lab shortens it so a silent path (a blackhole) ends in seconds, and shows the host's own value beside it.",
      zh:
        "SYN 没有任何回应时，内核把它重发 tcp_syn_retries 次，等待时间从 1 秒开始加倍，然后 connect 以 ETIMEDOUT 失败。每个网络命名空间都有自己的值；实验室把它调小，使沉默的路径（blackhole）在几秒内结束，并把主机自己的值显示在旁边。",
    },
    os: {
      en:
        "Linux's default is 6: about 127 s before connect gives up. The book's 4.4BSD gave up after 75 s (§4.3).",
      zh: "Linux 的默认值是 6：connect 大约 127 秒后放弃。书中的 4.4BSD 在 75 秒后放弃（§4.3）。",
    },
  },
  {
    id: "sysctl:icmp_ratelimit",
    aliases: ["icmp-rate-limit", "icmp_ratelimit", "icmp_ratemask", "router-icmp"],
    section: "5.14",
    sources: {
      man: ["icmp(7)"],
      kernel: ["ip_error", "icmp_global_allow", "icmpv4_xrlim_allow", "inet_peer_xrlim_allow"],
      rfc: ["RFC 1812 §4.3.2.8"],
    },
    title: {
      en: "a router limits how many ICMP errors it sends to one host",
      zh: "路由器限制它向同一主机发送的 ICMP 差错数量",
    },
    text: {
      en:
        "Routers do not answer every bad packet: RFC 1812 §4.3.2.8 asks them to limit ICMP errors. Linux has three limits on this path. ip_error, which answers for a missing or unreachable route, spends per-sender tokens (net.ipv4.route.error_cost and error_burst, in jiffies, global to the kernel). Then icmp_send, for the ICMP types whose bit is set in icmp_ratemask (default 6168 = 0x1818: destination unreachable, source quench, time exceeded, parameter problem), checks a global budget — net.ipv4.icmp_msgs_per_sec and icmp_msgs_burst (icmp_global_allow) — and net.ipv4.icmp_ratelimit (ms between messages to one destination, per network namespace; 0 turns it off) — icmpv4_xrlim_allow; the router's /proc/net/snmp counts what these last two held back as Icmp OutRateLimitGlobal and OutRateLimitHost (Linux ≥ 6.0). So a client retransmitting several times a second gets fewer ICMPs than it sent segments; one is enough for TCP to remember the error. Both per-peer limits draw on one token bucket, the client's inet_peer (rate_tokens, spent by ip_error and by inet_peer_xrlim_allow), so together they hold back more than either alone: echolab's lab routers set icmp_ratelimit to 0, and the first segment after a route change is answered at once.",
      zh:
        "路由器并不回应每个出错的分组：RFC 1812 §4.3.2.8 要求它们限制 ICMP 差错的速率。Linux 在这条路径上有三道限制。ip_error（为缺失或 unreachable 的路由作答）按发送方花费令牌（net.ipv4.route.error_cost 和 error_burst，单位为 jiffy，对整个内核有效）。然后 icmp_send 对 icmp_ratemask 中置位的 ICMP 类型（默认 6168 = 0x1818：目的地不可达、源抑制、超时、参数问题）检查一份全局预算——net.ipv4.icmp_msgs_per_sec 和 icmp_msgs_burst（icmp_global_allow）——再施加 net.ipv4.icmp_ratelimit（发往同一目的地的消息之间的毫秒数，每个网络命名空间一份；0 表示关闭）——icmpv4_xrlim_allow；路由器的 /proc/net/snmp 把后两道限制压下的数量记为 Icmp OutRateLimitGlobal 和 OutRateLimitHost（Linux ≥ 6.0）。所以每秒重传数次的客户收到的 ICMP 比它发出的分节少；对 TCP 来说，一个就足以记住这个错误。这两道按对端计的限制共用一个令牌桶，即该客户的 inet_peer（rate_tokens，ip_error 和 inet_peer_xrlim_allow 都从中扣除），所以合在一起压下的比任何一道单独都多：echolab 实验室的路由器把 icmp_ratelimit 设为 0，路由改变后的第一个分节就能立即得到回答。",
    },
  },
  {
    id: "icmp-errno",
    aliases: ["icmp_err_convert", "IP_RECVERR", "ip-recverr", "icmp-to-errno"],
    section: "5.14",
    sources: {
      unp: ["4.3", "5.14"],
      man: ["ip(7)", "icmp(7)"],
      kernel: ["icmp_err_convert", "tcp_v4_err", "icmp_unreach", "sk_getsockopt"],
      rfc: ["RFC 1122 §4.2.3.9", "RFC 792"],
    },
    title: {
      en: "which errno an ICMP error becomes (Linux's icmp_err_convert table)",
      zh: "ICMP 差错变成哪个 errno（Linux 的 icmp_err_convert 表）",
    },
    text: {
      en:
        "Linux maps ICMP destination unreachable codes to errno values with the table icmp_err_convert (net/ipv4/icmp.c): code 0 net unreachable → ENETUNREACH, 1 host unreachable → EHOSTUNREACH, 2 protocol unreachable → ENOPROTOOPT, 3 port unreachable → ECONNREFUSED, 4 fragmentation needed → EMSGSIZE (path MTU), 5 source route failed → EOPNOTSUPP, 6 net unknown → ENETUNREACH, 7 host unknown → EHOSTDOWN, 9/10 net/host prohibited → ENETUNREACH/EHOSTUNREACH, 13 communication administratively prohibited → EHOSTUNREACH. The receiving kernel's icmp_unreach finds the quoted TCP header and hands the error to tcp_v4_err, which uses the errno two ways: in SYN_SENT it is a hard error, connect fails at once; on an established connection it is a soft error (sk_err_soft), reported only if TCP gives up — or to getsockopt(SO_ERROR), which, with no hard error pending, returns the soft error and clears it (sk_getsockopt). IP_RECVERR (ip(7)) asks for ICMP errors at once: on a TCP socket that sets it, tcp_v4_err reports an established connection's ICMP error immediately (sk_err) instead of keeping it soft, so the pending read or write fails at the first ICMP; ip(7) describes the extended error queue (recvmsg with MSG_ERRQUEUE: a sock_extended_err with origin SO_EE_ORIGIN_ICMP, type, code and the offender's address — the router) that datagram sockets read.",
      zh:
        "Linux 用 icmp_err_convert 表（net/ipv4/icmp.c）把 ICMP 目的地不可达的代码映射为 errno：代码 0 网络不可达 → ENETUNREACH，1 主机不可达 → EHOSTUNREACH，2 协议不可达 → ENOPROTOOPT，3 端口不可达 → ECONNREFUSED，4 需要分片 → EMSGSIZE（路径 MTU），5 源路由失败 → EOPNOTSUPP，6 网络未知 → ENETUNREACH，7 主机未知 → EHOSTDOWN，9/10 网络/主机被禁止 → ENETUNREACH/EHOSTUNREACH，13 通信被管理性禁止 → EHOSTUNREACH。接收方内核的 icmp_unreach 找到被引用的 TCP 首部，把差错交给 tcp_v4_err，后者以两种方式使用这个 errno：在 SYN_SENT 状态它是硬错误，connect 立即失败；对已建立的连接它是软错误（sk_err_soft），只有 TCP 放弃时才报告——或者报告给 getsockopt(SO_ERROR)：没有待处理的硬错误时，它返回这个软错误并将其清除（sk_getsockopt）。IP_RECVERR（ip(7)）要求立即报告 ICMP 差错：对设置了它的 TCP 套接字，tcp_v4_err 会立即报告已建立连接上的 ICMP 差错（sk_err），而不是把它当作软错误保留，于是阻塞中的读或写在第一个 ICMP 到达时就失败；ip(7) 描述了数据报套接字读取的扩展错误队列（用 MSG_ERRQUEUE 调用 recvmsg：一个 sock_extended_err，来源为 SO_EE_ORIGIN_ICMP，带有类型、代码和肇事者的地址——即路由器）。",
    },
    os: {
      en:
        "The book (§5.14, §4.3) describes 4.4BSD, where even the SYN's ICMP unreachable is a soft error: connect keeps sending SYNs and returns EHOSTUNREACH or ENETUNREACH only after 75 s. Linux fails the connect at once.",
      zh:
        "书中（§5.14、§4.3）描述的是 4.4BSD：在那里连 SYN 引发的 ICMP 不可达也是软错误，connect 继续发送 SYN，75 秒后才返回 EHOSTUNREACH 或 ENETUNREACH。Linux 则让 connect 立即失败。",
    },
  },
  {
    id: "host-reboot",
    aliases: ["5.15", "crash-reboot"],
    section: "5.15",
    sources: { kernel: ["tcp_v4_send_reset"], rfc: ["RFC 9293 §3.5.2"] },
    title: {
      en: "the server host rebooted: same address, no memory of any connection",
      zh: "服务器主机重启了：地址相同，但不记得任何连接",
    },
    text: {
      en:
        "A fresh network namespace — a new TCP stack with no connections — took over the server's interface and address, and echolab serve started again. When the client's retransmission arrives, the server's TCP finds no connection for it and answers with an RST.",
      zh:
        "一个全新的网络命名空间——没有任何连接的新 TCP 协议栈——接管了服务器的接口和地址，echolab serve 重新启动。客户的重传分节到达时，服务器 TCP 找不到对应的连接，于是以 RST 回应。",
    },
  },
  {
    id: "host-shutdown",
    aliases: ["5.16", "init-sigterm", "init-sigkill"],
    section: "5.16",
    sources: { man: ["kill(2)", "pid_namespaces(7)", "systemd-system.conf(5)"] },
    title: {
      en: "the server host is shutting down: init sends SIGTERM to every process, later SIGKILL",
      zh: "服务器主机正在关机：init 向所有进程发送 SIGTERM，稍后发送 SIGKILL",
    },
    text: {
      en:
        "When Unix shuts down, init sends SIGTERM to every process, waits a grace period (5 to 20 s in the book), then SIGKILLs the survivors. A server that dies this way closes its sockets, so FINs go to its clients — exactly as when the server process is killed (§5.12). A client blocked elsewhere notices only when it next reads or writes the socket.",
      zh:
        "Unix 系统关机时，init 向所有进程发送 SIGTERM，等待一段宽限时间（书中为 5 到 20 秒），然后用 SIGKILL 杀死仍在运行的进程。以这种方式终止的服务器会关闭它的套接字，因而向客户发送 FIN——与服务器进程被杀死时完全一样（§5.12）。阻塞在别处的客户要到下次读写套接字时才会察觉。",
    },
    os: {
      en:
        "The lab's init is the server host's PID 1; kill(-1, sig) from inside that PID namespace reaches every process of the host and nothing outside it. systemd today waits up to DefaultTimeoutStopSec (90 s) per service.",
      zh:
        "实验室的 init 是服务器主机的 1 号进程；在该 PID 命名空间内调用 kill(-1, sig) 会发给该主机的所有进程，而不影响其外的任何进程。如今 systemd 对每个服务最多等待 DefaultTimeoutStopSec（90 秒）。",
    },
  },
  {
    id: "host-off",
    section: "5.16",
    sources: { man: ["network_namespaces(7)"] },
    title: { en: "the server host is powered off", zh: "服务器主机已关闭电源" },
    text: {
      en:
        "Every process is gone and the host no longer answers on the network: later segments from the client get neither an ACK nor an RST.",
      zh: "所有进程都已终止，主机不再在网络上应答：客户之后发来的分节既得不到 ACK，也得不到 RST。",
    },
  },
  {
    id: "host-cut",
    section: "5.14",
    sources: { man: ["ip(7)"], rfc: ["RFC 1122 §4.2.3.5"] },
    title: {
      en: "the server host is cut off the network (processes and connections live on)",
      zh: "服务器主机与网络断开（进程和连接仍然存在）",
    },
    text: {
      en:
        "The server's address is gone: frames from the client still reach its interface, but IP discards the packets (no longer addressed to this host, forwarding off, no ICMP) and nothing can be sent without a source address — yet its processes and its TCP state are intact. The client retransmits; if the path comes back before the client gives up, the connection simply resumes.",
      zh:
        "服务器的地址没有了：客户发来的帧仍会到达它的接口，但 IP 层丢弃这些分组（已不是发给本机的，转发已关闭，不回送 ICMP），没有源地址也发不出任何东西——但它的进程和 TCP 状态完好无损。客户不断重传；如果在客户放弃之前路径恢复，连接就会照常继续。",
    },
  },
  {
    id: "host-restore",
    section: "5.14",
    sources: { rfc: ["RFC 6298"] },
    title: { en: "the server host is back on the network", zh: "服务器主机重新连上了网络" },
    text: {
      en:
        "The address is back. The client's next retransmission reaches a server that still remembers the connection: it is acknowledged and the echo comes back — TCP hides an outage shorter than its give-up time.",
      zh:
        "地址恢复了。客户的下一次重传到达一个仍然记得该连接的服务器：它被确认，回射数据也返回了——TCP 掩盖了短于其放弃时间的中断。",
    },
  },
  {
    id: "rto-retransmit",
    section: "5.14",
    sources: { man: ["proc(5)", "tcp(7)"], kernel: ["tcp_retransmit_timer"], rfc: ["RFC 6298"] },
    title: {
      en: "TCP retransmitted the unacknowledged segment (the RTO expired)",
      zh: "TCP 重传了未被确认的分节（RTO 到期）",
    },
    text: {
      en:
        "No ACK came back before the retransmission timeout, so TCP sent the segment again and doubled the timeout (exponential backoff). rto_ms is the kernel's next timeout, read from /proc/net/tcp.",
      zh:
        "在重传超时之前没有收到 ACK，于是 TCP 再次发送该分节，并把超时时间加倍（指数退避）。rto_ms 是从 /proc/net/tcp 读到的内核下一次超时时间。",
    },
  },
  {
    id: "rto-retransmit-unreachable",
    section: "5.14",
    sources: {
      man: ["arp(7)"],
      kernel: [
        "arp_error_report",
        "ipv4_link_failure",
        "icmp_send",
        "tcp_v4_err",
        "tcp_ld_RTO_revert",
      ],
      rfc: ["RFC 6069"],
    },
    title: {
      en: "the RTO expired and TCP retransmitted — towards a failing ARP lookup",
      zh: "RTO 到期，TCP 重传——但途中的 ARP 查找正在失败",
    },
    text: {
      en:
        "The kernel counted a retransmission, but on its way an ARP lookup for the server is failing — in the lab, the router's: while the router re-resolves the server the segment waits in the router's neighbour queue and is dropped when resolution fails, and the router answers it with an ICMP host unreachable (arp_error_report → ipv4_link_failure → icmp_send; rate-limited). TCP takes it as a soft error, and each such ICMP that reaches the socket undoes one RTO doubling (RFC 6069), so the RTO need not double: rto_ms is the kernel's RTO after the retransmission, read from /proc/net/tcp. (On a shared link the client's own kernel does the same and sends itself the ICMP.)",
      zh:
        "内核计了一次重传，但途中对服务器的 ARP 查找正在失败——在实验室中是路由器的查找：路由器重新解析服务器期间，该分节在路由器的邻居队列中等待，解析失败时被丢弃，路由器回以 ICMP 主机不可达（arp_error_report → ipv4_link_failure → icmp_send；受速率限制）。TCP 把它当作软错误，每个到达套接字的此类 ICMP 都撤销一次 RTO 加倍（RFC 6069），所以 RTO 不一定加倍：rto_ms 是重传之后内核的 RTO，读自 /proc/net/tcp。（在共享链路上，客户自己的内核也会这样做，并向自己发送这个 ICMP。）",
    },
  },
  {
    id: "rto-revert",
    section: "5.14",
    sources: { kernel: ["tcp_v4_err", "tcp_ld_RTO_revert"], rfc: ["RFC 6069"] },
    title: {
      en: "the RTO went down: an ICMP unreachable undid one backoff (RFC 6069)",
      zh: "RTO 变小了：一个 ICMP 不可达撤销了一次退避（RFC 6069）",
    },
    text: {
      en:
        "When a retransmission draws an ICMP host unreachable — from a router, or the one Linux sends itself when the ARP lookup fails — the path is known to be broken rather than congested, so Linux undoes one doubling of the RTO and keeps retrying at the shorter interval. The error is remembered as a soft error and reported when TCP gives up.",
      zh:
        "某次重传引出 ICMP 主机不可达（来自路由器，或 ARP 解析失败时 Linux 发给自己的那个）时，说明路径是断了而不是拥塞，于是 Linux 撤销一次 RTO 加倍，以较短的间隔继续重试。该错误被记为软错误，在 TCP 放弃时报告。",
    },
  },
  {
    id: "tcp-gave-up",
    section: "5.14",
    sources: {
      man: ["tcp(7)"],
      kernel: ["tcp_write_timeout", "tcp_write_err"],
      rfc: ["RFC 1122 §4.2.3.5"],
    },
    title: {
      en: "TCP gave up on the connection and reported the error to the process",
      zh: "TCP 放弃了该连接，并把错误报告给进程",
    },
    text: {
      en:
        "The retransmission budget ran out: the kernel dropped the connection and the blocked read or write failed — with ETIMEDOUT, or with the last soft error it saw (EHOSTUNREACH after an ICMP host unreachable, a router's or the one a failed ARP lookup makes the kernel send itself).",
      zh:
        "重传预算用完了：内核丢弃了该连接，阻塞中的读或写失败——错误为 ETIMEDOUT，或者是它最后看到的软错误（收到 ICMP 主机不可达之后为 EHOSTUNREACH，无论它来自路由器，还是 ARP 解析失败时内核发给自己的）。",
    },
  },
  {
    id: "keepalive-timeout",
    aliases: ["keepalive-gave-up"],
    section: "7.5",
    sources: {
      man: ["tcp(7)"],
      kernel: ["tcp_keepalive_timer", "tcp_write_err", "tcp_xmit_probe_skb", "tcp_v4_err"],
    },
    title: {
      en: "keepalive gave up: the probes went unanswered",
      zh: "保持存活放弃了：探测都没有应答",
    },
    text: {
      en:
        "Nothing was outstanding on the idle connection, so nothing was retransmitted; only keepalive probes went out. When tcp_keepalive_probes of them had gone unanswered and the next was due, the kernel dropped the connection and set the socket's pending error to ETIMEDOUT, and the blocked read returned it. On Linux it is always ETIMEDOUT: ICMP errors quoting a keepalive probe (seq = snd_una−1, tcp_xmit_probe_skb) fall outside the window tcp_v4_err accepts and are ignored; the book's EHOSTUNREACH (§7.5) is 4.4BSD behaviour.",
      zh:
        "空闲连接上没有未确认的数据，因此没有任何重传，发出的只有保持存活探测。tcp_keepalive_probes 个探测都无应答、下一个探测到期时，内核丢弃该连接，并把套接字的待处理错误置为 ETIMEDOUT，阻塞的读返回这个错误。在 Linux 上它总是 ETIMEDOUT：引用保持存活探测（序列号 snd_una−1，tcp_xmit_probe_skb）的 ICMP 差错落在 tcp_v4_err 接受的窗口之外，被忽略；书中的 EHOSTUNREACH（§7.5）是 4.4BSD 的行为。",
    },
  },
  {
    id: "tcp-still-trying",
    section: "14.2",
    sources: { unp: ["14.2"], man: ["proc(5)"] },
    title: {
      en: "the application gave up, the kernel has not: the connection is still retransmitting",
      zh: "应用程序放弃了，内核还没有：该连接仍在重传",
    },
    text: {
      en:
        "A snapshot of the client's connection from /proc/net/tcp taken when the read timed out: still ESTABLISHED, the unacknowledged bytes still queued, the retransmission timer still running. The application's timeout and TCP's are independent.",
      zh:
        "读超时那一刻从 /proc/net/tcp 得到的客户连接快照：仍处于 ESTABLISHED，未确认的字节仍在队列中，重传定时器仍在运行。应用程序的超时与 TCP 的超时彼此独立。",
    },
  },
  {
    id: "rst-received",
    section: "5.15",
    sources: { kernel: ["tcp_reset"], rfc: ["RFC 9293 §3.10.7"] },
    title: { en: "an RST ended the connection", zh: "一个 RST 终止了该连接" },
    text: {
      en:
        "The peer's TCP answered with a reset: it has no connection matching this segment. The RST meets the client's socket ESTABLISHED, so Linux records ECONNRESET as its pending error and the client's blocked read fails with it.",
      zh:
        "对端 TCP 以复位分节回应：它没有与该分节匹配的连接。RST 遇到的客户套接字处于 ESTABLISHED，于是 Linux 把 ECONNRESET 记为它的待处理错误，客户阻塞中的读操作以它失败。",
    },
  },
  {
    id: "keepalive-probe",
    section: "7.5",
    sources: {
      man: ["tcp(7)"],
      kernel: ["tcp_keepalive_timer", "tcp_write_wakeup"],
      rfc: ["RFC 1122 §4.2.3.6"],
    },
    title: { en: "TCP sent a keepalive probe", zh: "TCP 发送了一个保持存活探测分节" },
    text: {
      en:
        "The connection had been idle for tcp_keepalive_time, so TCP sent a probe (a segment the peer must acknowledge). A live peer answers with an ACK, a rebooted one with an RST; a crashed one says nothing, and after tcp_keepalive_probes unanswered probes the connection is dropped.",
      zh:
        "连接已空闲 tcp_keepalive_time，于是 TCP 发送一个探测分节（对端必须确认的分节）。存活的对端以 ACK 应答，重启过的对端以 RST 应答；崩溃的对端毫无反应，连续 tcp_keepalive_probes 个探测无应答后连接被丢弃。",
    },
  },
  {
    id: "tcp-state",
    section: "5.14",
    sources: { man: ["proc(5)"], rfc: ["RFC 9293 §3.3.2"] },
    title: {
      en: "the client socket's TCP state changed (from /proc/net/tcp)",
      zh: "客户套接字的 TCP 状态改变了（来自 /proc/net/tcp）",
    },
    text: {
      en:
        "The kernel moved the connection to a new state: CLOSE_WAIT means a FIN arrived (the peer closed; the application has not noticed yet), CLOSED means the kernel dropped the connection. A connection that appears in the table (a new client) is reported as new, in the state it was first seen in; its retransmissions are counted from 1.",
      zh:
        "内核把连接转到了新的状态：CLOSE_WAIT 表示收到了 FIN（对端已关闭，应用程序尚未察觉），CLOSED 表示内核丢弃了该连接。表中新出现的连接（一个新的客户）被报告为新连接，并给出首次看到时的状态；它的重传从 1 开始计数。",
    },
  },
  {
    id: "neighbour",
    section: "5.14",
    sources: {
      man: ["arp(7)", "ip-neighbour(8)"],
      kernel: ["neigh_invalidate", "arp_error_report"],
    },
    title: {
      en: "an ARP entry for the server changed (the router's, in host-unreachable)",
      zh: "关于服务器的 ARP 表项改变了（在 host-unreachable 中是路由器的）",
    },
    text: {
      en:
        "resolved: the kernel holds the server's link-layer address and sends frames to it. unresolved: the entry is being re-resolved or has failed — ARP requests went unanswered. Packets that then wait for a new resolution are dropped when it fails, and for each an ICMP host unreachable goes to its sender (arp_error_report; the kernel itself only for packets this host originated).",
      zh:
        "resolved：内核持有服务器的链路层地址，并向它发送帧。unresolved：该表项正在重新解析或已失败——ARP 请求没有应答。此后等待新一轮解析的分组在解析失败时被丢弃，并为每个分组向它的发送方发出一个 ICMP 主机不可达（arp_error_report；只有本机自己发出的分组，才发给本机自己）。",
    },
  },
];
