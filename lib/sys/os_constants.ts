/**
 * The shape of one operating system's constants for the book engine: the
 * numbers and struct layouts libc expects. One file per OS fills it in
 * (constants_linux.ts); platform.ts picks the one for `Deno.build.os`.
 *
 * @module
 */

/** Byte offsets and sizes of the C structs the book engine builds by hand. */
export interface StructLayouts {
  /** `struct sockaddr_in`: size and where family, port and address sit. */
  sockaddrIn: { size: number; family: number; port: number; addr: number };
  /** `struct sockaddr_in6`: size and where family, port, address and scope id sit. */
  sockaddrIn6: { size: number; family: number; port: number; addr: number; scopeId: number };
  /** True when the family field is one byte after a length byte (BSD), false for a u16 (Linux). */
  sockaddrHasLen: boolean;
  /** Room for any socket address (`struct sockaddr_storage`). */
  sockaddrStorage: number;
  /** `struct sigaction`: size and where handler, mask and flags sit. */
  sigaction: { size: number; handler: number; mask: number; flags: number };
  /** `struct sigevent`: size and where signo, notify and the target thread id sit. */
  sigevent: { size: number; signo: number; notify: number; threadId: number };
  /** `siginfo_t` as waitid fills it for a child: size and field offsets. */
  siginfo: { size: number; signo: number; code: number; pid: number; status: number };
  /** Bytes to reserve for `posix_spawn_file_actions_t` (libc initialises it). */
  spawnFileActions: number;
  /** Bytes to reserve for `posix_spawnattr_t` (libc initialises it). */
  spawnAttr: number;
  /** Bytes to reserve for `sigset_t`. */
  sigset: number;
}

/** Everything OS-specific the book engine needs. */
export interface OsConstants {
  /** What to pass to Deno.dlopen for libc. */
  libcPath: string;
  /** libc function returning a pointer to the calling thread's errno. */
  errnoFunction: string;
  /** Value of RTLD_DEFAULT for dlsym (a pseudo-handle, as a number). */
  rtldDefault: number;
  /** Address families. */
  af: { INET: number; INET6: number };
  /** Socket types and flags for socket(2)/accept4(2). */
  sock: { STREAM: number; NONBLOCK: number; CLOEXEC: number };
  /** Socket option levels and names. */
  sol: {
    SOCKET: number;
    SO_REUSEADDR: number;
    SO_KEEPALIVE: number;
    SO_LINGER: number;
    SO_ERROR: number;
    IPPROTO_TCP: number;
    TCP_KEEPIDLE: number;
    TCP_KEEPINTVL: number;
    TCP_KEEPCNT: number;
  };
  /** shutdown(2) `how`. */
  shut: { RD: number; WR: number; RDWR: number };
  /** fcntl(2) commands and flags. */
  fcntl: {
    F_GETFL: number;
    F_SETFL: number;
    O_NONBLOCK: number;
    O_RDWR: number;
    O_RDONLY: number;
    O_WRONLY: number;
    O_CLOEXEC: number;
  };
  /** poll(2) events. */
  poll: { IN: number; OUT: number; ERR: number; HUP: number };
  /** eventfd(2) flags (Linux only; undefined where there is no eventfd). */
  eventfd?: { CLOEXEC: number; NONBLOCK: number };
  /** sigaction flags. */
  sa: {
    RESTART: number;
    SIGINFO: number;
    NOCLDSTOP: number;
    NOCLDWAIT: number;
    ONSTACK: number;
    NODEFER: number;
    RESETHAND: number;
  };
  /** waitpid/waitid flags and idtypes, and the siginfo codes for a child's end. */
  wait: {
    WNOHANG: number;
    WEXITED: number;
    WNOWAIT: number;
    P_PID: number;
    P_ALL: number;
    CLD_EXITED: number;
    CLD_KILLED: number;
    CLD_DUMPED: number;
  };
  /** posix_spawnattr_setflags flags. */
  spawn: { SETPGROUP: number; SETSIGDEF: number; SETSIGMASK: number };
  /** Timers: clock ids and sigevent notify kinds (SIGEV_THREAD_ID is Linux-only). */
  timer: { CLOCK_MONOTONIC: number; SIGEV_SIGNAL: number; SIGEV_THREAD_ID?: number };
  /** Signal numbers by name. */
  signals: Readonly<Record<string, number>>;
  /** Errno numbers → names. */
  errnos: Readonly<Record<number, string>>;
  /** Struct layouts for this OS and architecture. */
  layout: StructLayouts;
}
