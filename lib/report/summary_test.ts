import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import type { Actor, EchoEvent } from "../events.ts";
import { HumanRenderer } from "./human.ts";
import { memoryOut } from "../term/output.ts";
import { renderSequenceDiagram } from "./sequence_diagram.ts";
import { summarize, SUMMARY_KINDS } from "./summary.ts";

const ev = (kind: string, actor: Actor, fields: Record<string, unknown> = {}): EchoEvent => ({
  t: 1,
  actor,
  kind,
  ...fields,
});

interface _Sample {
  e: EchoEvent;
  /** The English line, exactly as before the summaries became bilingual. */
  en: string;
  /** Why the Chinese line is the English one: the line has no words to translate. */
  same?: string;
}

/** At least one event per summary format, one per branch of it. */
const SAMPLES: _Sample[] = [
  {
    e: ev("listening", "server", { host: "127.0.0.1", port: 9877, pid: 42 }),
    en: "listening on 127.0.0.1:9877 (pid 42, engine deno)",
  },
  {
    e: ev("listening", "server", {
      host: "127.0.0.1",
      port: 9877,
      pid: 42,
      engine: "book",
      reap: "wait",
    }),
    en: "listening on 127.0.0.1:9877 (pid 42, engine book, --reap wait)",
  },
  {
    e: ev("accepted", "server", { peer: "127.0.0.1:40000", child: 43, live: 1 }),
    en: "accepted 127.0.0.1:40000 → child 43 (1 live)",
  },
  {
    e: ev("accepted", "server", { peer: "127.0.0.1:40000", child: 43, worker: "cat", live: 2 }),
    en: "accepted 127.0.0.1:40000 → child 43 (cat) (2 live)",
  },
  {
    e: ev("accept-aborted", "server", { peer: "127.0.0.1:40000", errno: "ENOTCONN" }),
    en: "accept returned 127.0.0.1:40000, already reset (getpeername: ENOTCONN): closed, no child",
  },
  {
    e: ev("refused", "server", { peer: "127.0.0.1:40000", live: 2, max: 2 }),
    en: "refused 127.0.0.1:40000: 2 children live, --max-clients 2",
  },
  {
    e: ev("refused", "server", { peer: "127.0.0.1:40000", live: 2, max: 2, refused: 3 }),
    en: "refused 127.0.0.1:40000: 2 children live, --max-clients 2 (#3 refused)",
  },
  {
    e: ev("child-exited", "server", { pid: 43, code: 0, live: 0 }),
    en: "child 43 exited with code 0 (0 live)",
  },
  {
    e: ev("child-exited", "server", { pid: 43, signal: "SIGTERM", live: 1 }),
    en: "child 43 killed by SIGTERM (1 live)",
  },
  { e: ev("reaped", "server", { pid: 43 }), en: "reaped child 43" },
  { e: ev("reaped", "server", { pid: 43, by: "runtime" }), en: "reaped child 43 by runtime" },
  { e: ev("reaped", "server", { pid: 43, by: "waitpid" }), en: "reaped child 43 by waitpid" },
  {
    e: ev("reaped", "server", { pid: 43, by: "waitpid", shutdown: "SIGTERM" }),
    en: "reaped child 43 by waitpid while shutting down (SIGTERM)",
  },
  {
    e: ev("tcp-state", "kernel", { from: "ESTABLISHED", to: "CLOSED", at_ms: 1860 }),
    en: "client TCP ESTABLISHED → CLOSED (seen at +1.86 s)",
  },
  { e: ev("sigchld", "server", { count: 1 }), en: "SIGCHLD delivered (#1)" },
  {
    e: ev("sigchld", "server", { count: 3, waitpid: 0 }),
    en: "SIGCHLD delivered (#3): waitpid returned 0, no child had ended",
  },
  {
    e: ev("sigchld", "server", { count: 3, waitpid: "ECHILD" }),
    en: "SIGCHLD delivered (#3): waitpid ECHILD, no child left",
  },
  {
    e: ev("child-zombie", "server", { pid: 43, state: "Z", zombies: 4 }),
    en: "child 43 is a zombie (state Z, <defunct>): 4 now",
  },
  {
    e: ev("shutdown", "server", { signal: "SIGTERM", children: 2, exit: 143 }),
    en: "SIGTERM: ended 2 children, all reaped — exit 143",
  },
  {
    e: ev("shutdown", "server", { signal: "SIGINT", children: 1, zombies: 3, exit: 130 }),
    en: "SIGINT: ended 1 child and 3 zombies, all reaped — exit 130",
  },
  {
    e: ev("connected", "client", { local: "127.0.0.1:40000", peer: "127.0.0.1:9877" }),
    en: "connected 127.0.0.1:40000 → 127.0.0.1:9877",
  },
  {
    e: ev("connected", "client", { local: "127.0.0.1:40000", peer: "127.0.0.1:9877", index: 0 }),
    en: "connected 127.0.0.1:40000 → 127.0.0.1:9877 [#0]",
  },
  { e: ev("write", "client", { bytes: 13 }), en: "write of 13 bytes succeeded" },
  {
    e: ev("kill", "scenario", { signal: "SIGTERM", pid: 43 }),
    en: "kill -TERM 43",
    same: "shell syntax: kill -SIG pid",
  },
  {
    e: ev("scenario-start", "scenario", { scenario: "server-killed", section: "5.12" }),
    en: "── chaos server-killed (UNP §5.12) ──",
    same: "a heading: command name and book section",
  },
  {
    e: ev("part", "scenario", { n: 2, of: 4, label: "SIGCHLD set to SIG_IGN" }),
    en: "── part 2/4: SIGCHLD set to SIG_IGN ──",
  },
  {
    e: ev("scenario-cleanup", "scenario", { scenario: "server-killed" }),
    en: "── cleanup: what follows is teardown, not the experiment ──",
  },
  { e: ev("echo", "client", { bytes: 6 }), en: "echoed 6 bytes" },
  { e: ev("stdin-eof", "client"), en: "EOF on stdin: closing" },
  { e: ev("eof", "client"), en: "read returned 0 (EOF)" },
  {
    e: ev("eof", "client", { expected: 13 }),
    en: "read returned 0 (EOF) while expecting 13 bytes: server terminated prematurely",
  },
  { e: ev("error", "client", { op: "write", errno: "EPIPE" }), en: "write: EPIPE" },
  {
    e: ev("error", "server", { op: "waitpid", args: "-1, WNOHANG", errno: "ECHILD" }),
    en: "waitpid(-1, WNOHANG): ECHILD",
  },
  {
    e: ev("error", "client", {
      op: "read",
      errno: "ECONNRESET",
      message: "Connection reset by peer",
    }),
    en: "read: ECONNRESET (Connection reset by peer)",
  },
  {
    e: ev("error", "client", { op: "read", errno: "ETIMEDOUT", at_ms: 3352 }),
    en: "read: ETIMEDOUT at +3.35 s",
  },
  { e: ev("read-timeout", "client", { seconds: 5 }), en: "read: no data after 5 s" },
  { e: ev("keepalive-on", "client"), en: "SO_KEEPALIVE on" },
  {
    e: ev("packet", "kernel", {
      from: "127.0.0.1:40000",
      to: "127.0.0.1:9877",
      flags: "SYN",
      seq: 0,
    }),
    en: "127.0.0.1:40000 → 127.0.0.1:9877 SYN seq 0",
    same: "flags, numbers, addresses only",
  },
  {
    e: ev("packet", "kernel", {
      from: "127.0.0.1:40000",
      to: "127.0.0.1:9877",
      flags: "PSH,ACK",
      seq: 1,
      ack: 1,
      len: 5,
      retransmit: true,
      gap: 206.3,
    }),
    en: "127.0.0.1:40000 → 127.0.0.1:9877 PSH,ACK seq 1:6 ack 1 len 5 ↻ retransmission +206.3 ms",
  },
  {
    e: ev("icmp", "kernel", {
      name: "host-unreachable",
      from: "198.18.1.1",
      to: "198.18.0.1",
      quotedFrom: "198.18.0.1:40000",
      quotedTo: "198.18.2.2:9877",
    }),
    en:
      "ICMP host-unreachable from 198.18.1.1 to 198.18.0.1, quoting 198.18.0.1:40000 → 198.18.2.2:9877",
  },
  { e: ev("states-point", "scenario", { ports: [9877] }), en: "tables: port 9877" },
  {
    e: ev("states-point", "scenario", { ports: [9877, 9878], label: "after kill", inLab: true }),
    en: "after kill (read inside the lab): ports 9877, 9878",
  },
  {
    e: ev("states-none", "scenario", { scenario: "data-format" }),
    en: "--states: data-format marks no moment for the tables",
  },
  {
    e: ev("capture-skipped", "kernel", { reason: "no CAP_NET_RAW" }),
    en: "packet capture skipped: no CAP_NET_RAW",
  },
  {
    e: ev("capture-stats", "kernel", { kept: 10, retransmits: 0, seen: 12, kernelDrops: 0 }),
    en: "capture: 10 segments kept (0 retransmissions) of 12 packets",
  },
  {
    e: ev("capture-stats", "kernel", {
      kept: 10,
      retransmits: 2,
      seen: 12,
      pcap: "/tmp/x.pcap",
      pcapRecords: 10,
      kernelDrops: 1,
    }),
    en:
      "capture: 10 segments kept (2 retransmissions) of 12 packets, 10 written to /tmp/x.pcap, 1 dropped by the kernel",
  },
  { e: ev("read", "client", { bytes: 6 }), en: "read 6 bytes" },
  {
    e: ev("lab-sysctl", "lab", { name: "net.ipv4.tcp_retries2", lab: 6 }),
    en: "net.ipv4.tcp_retries2 = 6 in the lab",
  },
  {
    e: ev("lab-sysctl", "lab", { name: "net.ipv4.tcp_retries2", lab: 6, host: 15 }),
    en: "net.ipv4.tcp_retries2 = 6 in the lab (this host: 15)",
  },
  {
    e: ev("lab-ready", "lab", { client: "198.18.0.1", server: "198.18.0.2" }),
    en: "lab up: client host 198.18.0.1, server host 198.18.0.2",
  },
  {
    e: ev("lab-demo", "lab", { connect: "echolab connect --lab", host: "echolab host crash" }),
    en: "ready — terminal 2: echolab connect --lab; terminal 3: echolab host crash",
  },
  {
    e: ev("host-crash", "lab", { address: "198.18.0.2", killed: [] }),
    en: "server host crashed: 198.18.0.2 gone, SIGKILL → no process",
  },
  {
    e: ev("host-crash", "lab", { address: "198.18.0.2", killed: ["1 init", "7 echolab"] }),
    en: "server host crashed: 198.18.0.2 gone, SIGKILL → 1 init, 7 echolab",
  },
  {
    e: ev("host-reboot", "lab", { generation: 2, netns: "net:[4026532290]" }),
    en: "server host rebooted (boot #2, net:[4026532290])",
  },
  { e: ev("init-sigterm", "lab", { pids: [] }), en: "init: SIGTERM → no process" },
  { e: ev("init-sigterm", "lab", { pids: [7, 8] }), en: "init: SIGTERM → 7, 8" },
  { e: ev("init-sigkill", "lab", { pids: [8] }), en: "init: SIGKILL → 8" },
  {
    e: ev("host-off", "lab", { terminated: 2, killed: 1 }),
    en: "server host powered off (2 got SIGTERM, 1 needed SIGKILL)",
  },
  {
    e: ev("host-cut", "lab", { address: "198.18.0.2" }),
    en: "server host cut off the network (198.18.0.2 gone; processes live on)",
  },
  {
    e: ev("host-restore", "lab", { address: "198.18.0.2" }),
    en: "server host back on the network (198.18.0.2)",
  },
  {
    e: ev("host-status", "lab", { state: "down", generation: 1, processes: [], clients: [] }),
    en: "server host down (boot #1); processes: none; client connections: none",
  },
  {
    e: ev("host-status", "lab", {
      state: "up",
      generation: 1,
      processes: ["1 init", "7 echolab"],
      clients: [{
        local: "198.18.0.1:40000",
        state: "ESTABLISHED",
        unacked: 1,
        backoffs: 2,
        rto_ms: 800,
      }],
    }),
    en:
      "server host up (boot #1); processes: 1 init, 7 echolab; client connections: 198.18.0.1:40000 ESTABLISHED unacked=1 rto-retransmissions=2 rto=800ms",
  },
  {
    e: ev("host-status", "lab", {
      state: "up",
      generation: 1,
      processes: [],
      clients: [],
      router: "198.18.0.254",
      route: "unreachable",
      icmp_unreachable_sent: 3,
      icmp_rate_limited: 2,
    }),
    en:
      "server host up (boot #1); processes: none; client connections: none; router 198.18.0.254 unreachable, ICMP unreachable sent: 3, held back by its rate limit: 2",
  },
  {
    e: ev("router-route", "lab", {
      router: "198.18.0.254",
      route: "unreachable",
      command: "ip route replace unreachable 198.18.1.2/32",
    }),
    en:
      "router 198.18.0.254: ip route replace unreachable 198.18.1.2/32 — packets for the server get ICMP host unreachable (code 1)",
  },
  {
    e: ev("router-route", "lab", {
      router: "198.18.0.254",
      route: "forwarding",
      command: "ip route del 198.18.1.2/32",
    }),
    en: "router 198.18.0.254 forwards to the server again (ip route del 198.18.1.2/32)",
  },
  {
    e: ev("router-icmp", "lab", { router: "198.18.0.254", dest_unreachable: 3, rate_limited: 2 }),
    en:
      "router 198.18.0.254: 3 ICMP destination unreachable sent, 2 held back by icmp_ratelimit (its counters OutDestUnreachs, OutRateLimitHost)",
  },
  {
    e: ev("host-done", "lab", { command: "crash", ok: true, state: "crashed" }),
    en: "crash: done (server host crashed)",
  },
  {
    e: ev("host-done", "lab", { command: "restore", ok: false, message: "not cut", state: "up" }),
    en: "restore: not done — not cut (server host up)",
  },
  {
    e: ev("retransmit", "kernel", { trigger: "tlp", at_ms: 210 }),
    en: "tail loss probe: segment resent (seen at +0.21 s)",
  },
  {
    e: ev("retransmit", "kernel", { trigger: "rto", n: 2, at_ms: 1234, rto_ms: 800 }),
    en: "retransmission #2 (seen at +1.23 s), next RTO 800 ms",
  },
  {
    e: ev("retransmit", "kernel", { n: 1, at_ms: 410 }),
    en: "retransmission #1 (seen at +0.41 s)",
  },
  {
    e: ev("keepalive-probe", "kernel", { n: 1, at_ms: 3000 }),
    en: "keepalive probe #1 (seen after +3.00 s of idleness)",
  },
  {
    e: ev("tcp-state", "kernel", { from: "ESTABLISHED", to: "CLOSE_WAIT" }),
    en: "client TCP ESTABLISHED → CLOSE_WAIT",
  },
  {
    e: ev("tcp-state", "kernel", { from: "CLOSED", to: "ESTABLISHED" }),
    en: "new client connection, in ESTABLISHED",
  },
  {
    e: ev("tcp-gave-up", "kernel", { at_ms: 27000, retransmissions: 6, probes: 0 }),
    en: "TCP gave up (seen at +27.00 s; 6 retransmissions, 0 probes)",
  },
  {
    e: ev("rst-received", "kernel", { at_ms: 900 }),
    en: "RST received (seen at +0.90 s by polling the socket)",
  },
  {
    e: ev("neighbour", "kernel", { ip: "198.18.0.2", state: "unresolved" }),
    en: "ARP entry for 198.18.0.2: unresolved",
  },
  {
    e: ev("rto-revert", "kernel", { from_ms: 1600, to_ms: 800 }),
    en: "RTO 1600 → 800 ms (an unreachable error undid a backoff)",
  },
  {
    e: ev("tcp-still-trying", "kernel", {
      state: "ESTABLISHED",
      unacked: 12,
      retransmissions: 3,
      rto_ms: 1600,
      timer_ms: 1210,
    }),
    en:
      "kernel still trying: ESTABLISHED, 12 bytes unacknowledged, 3 retransmissions, RTO 1600 ms, next retransmission in 1210 ms",
  },
  {
    e: ev("worker", "server", { worker: "cat", program: "/bin/cat" }),
    en: "worker cat: each child execs /bin/cat on its connected socket",
  },
  {
    e: ev("worker", "server", { worker: "clone", program: "str_echo (machine code, no exec)" }),
    en: "worker clone: each child is cloned without exec and runs str_echo on its connected socket",
  },
  {
    e: ev("worker", "server", { worker: "cat", program: "/bin/cat", note: "fd 0 and 1" }),
    en: "worker cat: each child execs /bin/cat on its connected socket (fd 0 and 1)",
  },
  { e: ev("proc-state", "check", { pid: 43, state: "gone" }), en: "/proc/43: gone (reaped)" },
  {
    e: ev("proc-state", "check", { pid: 43, state: "Z", ppid: 42, comm: "echolab" }),
    en: "/proc/43/stat: state Z, parent 42, echolab",
  },
  { e: ev("clients-closed", "client", { count: 5 }), en: "closed 5 sockets at once: 5 FINs" },
  {
    e: ev("runtime-reaped", "server", { pid: 43, ms: 12 }),
    en: "child 43 reaped by the runtime, gone 12 ms after spawn",
  },
  {
    e: ev("sigaction", "server", { signal: "SIGCHLD", handler: "umask", flags: "SA_RESTART" }),
    en: "sigaction(SIGCHLD): handler umask, sa_flags SA_RESTART",
  },
  {
    e: ev("thread-blocked", "server", {
      tid: 44,
      op: "accept",
      state: "S",
      wchan: "inet_csk_accept",
    }),
    en: "thread 44 blocked in accept (state S, wchan inet_csk_accept)",
  },
  {
    e: ev("signal-sent", "server", {
      signal: "SIGCHLD",
      tid: 44,
      ms: 200,
      via: "timer_create(SIGEV_THREAD_ID)",
    }),
    en: "SIGCHLD aimed at thread 44 in 200 ms (timer_create(SIGEV_THREAD_ID))",
  },
  {
    e: ev("handler-ran", "server", { signal: "SIGCHLD", ran: true }),
    en: "SIGCHLD caught: the handler ran",
  },
  {
    e: ev("handler-ran", "server", { signal: "SIGCHLD", ran: false }),
    en: "SIGCHLD: no handler run",
  },
  { e: ev("returned", "server", { op: "accept", value: 5 }), en: "accept returned 5" },
  {
    e: ev("returned", "server", { op: "waitpid", args: "-1, WNOHANG", value: 0, running: [43] }),
    en: "waitpid(-1, WNOHANG) returned 0: child 43 still running",
  },
  {
    e: ev("sigaction", "client", {
      signal: "SIGALRM",
      handler: "umask",
      witness: true,
      flags: "0",
    }),
    en: "sigaction(SIGALRM): no-op handler (libc umask), sa_flags 0",
  },
  {
    e: ev("glibc-signal", "server", { signal: "SIGALRM", handler: "umask", flags: "SA_RESTART" }),
    en: "signal(SIGALRM, umask) [glibc]: sigaction reads back sa_flags SA_RESTART",
  },
  {
    e: ev("kernel-reaped", "kernel", {
      pid: 43,
      how: "SIG_IGN",
      gone: true,
      zombie: false,
      looks: 3,
      waitid: "ECHILD",
    }),
    en: "kernel reaped child 43 (SIG_IGN): no state Z in 3 looks; waitid: ECHILD",
  },
  {
    e: ev("kernel-reaped", "kernel", { pid: 43, how: "SA_NOCLDWAIT", gone: false, looks: 3000 }),
    en: "child 43 (SA_NOCLDWAIT): still in /proc after 3000 looks",
  },
  {
    e: ev("returned", "server", {
      op: "accept",
      value: 5,
      peer: "127.0.0.1:40000",
      ms: 3,
      engine: "book",
    }),
    en: "accept returned 5 (peer 127.0.0.1:40000) after 3 ms [book engine]",
  },
  {
    e: ev("restarted", "server", {
      op: "accept",
      blocked: true,
      tid: 44,
      wchan: "inet_csk_accept",
    }),
    en: "accept restarted: thread 44 back in inet_csk_accept",
  },
  {
    e: ev("restarted", "server", { op: "accept", blocked: false, wchan: "0" }),
    en: "accept not blocked any more (wchan 0)",
  },
  {
    e: ev("backlog-full", "server", { backlog: 1, port: 9877, queued: 2 }),
    en: "listen(fd, 1) on port 9877: 2 connection queued, the queue is full",
  },
  {
    e: ev("runtime-retried", "server", {
      signal: "SIGUSR1",
      saFlags: "SA_RESTART",
      delivered: 1,
      op: "accept",
      pending: true,
      engine: "deno",
    }),
    en: "SIGUSR1 (SA_RESTART) delivered 1×: Deno's accept still pending",
  },
  {
    e: ev("runtime-retried", "server", {
      signal: "SIGUSR1",
      saFlags: "0",
      delivered: 2,
      op: "accept",
      pending: false,
    }),
    en: "SIGUSR1 (sa_flags 0) delivered 2×: Deno's accept returned",
  },
  {
    e: ev("spawned", "client", { program: "sh", pid: 50, stdout: "socket", sigpipe: "default" }),
    en: "posix_spawn sh (pid 50): stdout = socket, SIGPIPE default",
  },
  {
    e: ev("spawned", "client", {
      program: "sh",
      pid: 50,
      stdout: "socket",
      sigpipe: "ignored (inherited)",
    }),
    en: "posix_spawn sh (pid 50): stdout = socket, SIGPIPE ignored (inherited)",
  },
  {
    e: ev("process-ended", "client", { pid: 50, signal: "SIGPIPE", shellStatus: 141 }),
    en: "pid 50 killed by SIGPIPE (shell status 141)",
  },
  { e: ev("process-ended", "client", { pid: 50, code: 0 }), en: "pid 50 exited with code 0" },
  {
    e: ev("disposition", "client", { signal: "SIGPIPE", action: "ignore", engine: "deno" }),
    en: "SIGPIPE: disposition ignore [deno engine]",
  },
  {
    e: ev("disposition", "client", { signal: "SIGPIPE", action: "default" }),
    en: "SIGPIPE: disposition default",
  },
  {
    e: ev("rst-sent", "client", { linger: "{1, 0}", local: "127.0.0.1:40000" }),
    en: "close with SO_LINGER {1, 0}: RST from 127.0.0.1:40000",
  },
  { e: ev("peer-closed", "client"), en: "the server closed its end: FIN" },
  {
    e: ev("peer-closed", "client", { engine: "book" }),
    en: "the server closed its end: FIN [book engine]",
  },
  {
    e: ev("signal-count", "server", {
      policy: "wait",
      exits: 5,
      sigchld: 1,
      reaped: 1,
      zombies: 4,
    }),
    en: "--reap wait: 5 exits, 1 SIGCHLD, 1 reaped, 4 zombies left",
  },
  {
    e: ev("sum-request", "server", { encoding: "text", read: "1 2\n", reply: "3\n" }),
    en: 'server read "1 2\\n", replies "3\\n"',
  },
  {
    e: ev("sum-request", "server", {
      encoding: "binary",
      layout: "big-endian",
      bytes: "0 0 0 1",
      args: ["1", "2"],
      sum: 3,
    }),
    en: "server (big-endian) read [0 0 0 1] as 1 + 2 = 3",
  },
  {
    e: ev("sum", "client", { encoding: "text", sent: "1 2\n", result: 3, expected: 3 }),
    en: 'client sent "1 2\\n", got 3 (expected 3)',
  },
  {
    e: ev("sum", "client", {
      encoding: "binary",
      client: "little-endian",
      result: 33554432,
      expected: 3,
    }),
    en: "client (little-endian) got 33554432 (expected 3)",
  },
  {
    e: ev("echo-mismatch", "client", {
      sent: "hello\\n",
      got: "\\x1b[31mXXXX\\n",
      sentBytes: 6,
      gotBytes: 10,
    }),
    en:
      'the reply differs from the line sent: sent "hello\\n" (6 bytes), got "\\x1b[31mXXXX\\n" (10 bytes)',
  },
  {
    e: ev("readline-waiting", "client", { seconds: 3, got: 4, expected: 6 }),
    en:
      "no whole line back after 3 s (4 bytes of 6 so far): readline waits for the newline; --timeout gives up",
  },
  {
    e: ev("refused-address", "server", {
      peer: "127.0.0.1:40000",
      address: "127.0.0.1",
      live: 16,
      max: 16,
      refused: 2,
    }),
    en:
      "refused 127.0.0.1:40000: 16 children already serve 127.0.0.1, --per-address 16 (#2 refused)",
  },
  {
    e: ev("warning-wildcard", "server", { host: "0.0.0.0" }),
    en: "warning: listening on every interface (0.0.0.0): other machines can connect",
  },
];

const _CJK = /[\u4e00-\u9fff]/;
/** Names and numbers that must reach the Chinese line unchanged. */
const _LATIN_TOKENS =
  /\b(?:E[A-Z]{3,}|SIG[A-Z0-9]+|SA_[A-Z]+|SO_[A-Z]+|[A-Z]+_[A-Z0-9_]+)\b|\d+(?:\.\d+)?/g;

Deno.test("summarize: every summary format has a sample, every sample a format", () => {
  const sampled = new Set(SAMPLES.map((s) => s.e.kind));
  assertEqual(SUMMARY_KINDS.filter((k) => !sampled.has(k)), []);
  assertEqual([...sampled].filter((k) => !SUMMARY_KINDS.includes(k)), []);
});

Deno.test("summarize: English lines are unchanged (default language and lang en)", () => {
  for (const s of SAMPLES) {
    assertEqual(summarize(s.e), s.en);
    assertEqual(summarize(s.e, "en"), s.en);
  }
});

Deno.test("summarize: every kind has Chinese; lines without words are listed as the same", () => {
  for (const s of SAMPLES) {
    const zh = summarize(s.e, "zh");
    if (s.same) {
      assertEqual(zh, s.en, `${s.e.kind}: ${s.same}`);
      assert(!_CJK.test(zh), `${s.e.kind}: marked as the same in both languages`);
    } else {
      assert(_CJK.test(zh), `${s.e.kind} has no Chinese: ${zh}`);
    }
  }
});

Deno.test("summarize: errno/signal/flag names and numbers stay in Latin letters in Chinese", () => {
  for (const s of SAMPLES) {
    const zh = summarize(s.e, "zh");
    for (const token of s.en.match(_LATIN_TOKENS) ?? []) {
      assert(zh.includes(token), `${s.e.kind}: "${token}" missing from ${zh}`);
    }
  }
});

Deno.test("summarize: unknown kinds get the same kind key=value line in both languages", () => {
  const e = ev("no-such-kind", "client", { a: 1, b: { c: 2 }, topic: "x" });
  assertEqual(summarize(e), 'no-such-kind a=1 b={"c":2}');
  assertEqual(summarize(e, "zh"), summarize(e, "en"));
});

Deno.test("HumanRenderer and the sequence diagram print summaries in their language", () => {
  const exited = ev("child-exited", "server", { pid: 43, signal: "SIGTERM", live: 0 });
  const sigchld = ev("sigchld", "server", { count: 1 });
  for (const lang of ["en", "zh"] as const) {
    const out = memoryOut(100);
    new HumanRenderer(out, { lang, explain: "never" }).render(exited);
    assert(out.lines[0].endsWith(summarize(exited, lang)), out.lines[0]);
    const diagram = renderSequenceDiagram([sigchld], { columns: 80, color: false, lang });
    assert(diagram.some((l) => l.includes(summarize(sigchld, lang))), diagram.join("\n"));
  }
  assert(summarize(exited, "zh") !== summarize(exited, "en"));
});
