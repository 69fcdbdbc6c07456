import { assertEqual } from "../../tests/helpers/assert.ts";
import { LINUX_CONSTANTS as L } from "./constants_linux.ts";

/**
 * The values a C compiler sees in its target's headers, or undefined when
 * that compiler is not installed. Nothing is run: each value is a compile-time
 * constant that an asm comment carries into the assembly (`-S`), so a cross
 * compiler (aarch64-linux-gnu-gcc) checks another architecture's headers
 * without an emulator.
 */
async function _cValues(compiler: string): Promise<Record<string, number> | undefined> {
  if (Deno.build.os !== "linux") return undefined;
  const dir = await Deno.makeTempDir({ prefix: "echolab-layout-" });
  try {
    const src = `${dir}/layout.c`;
    await Deno.writeTextFile(
      src,
      `#define _GNU_SOURCE
#include <stdio.h>
#include <stddef.h>
#include <signal.h>
#include <spawn.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/eventfd.h>
#include <time.h>
#include <fcntl.h>
#include <poll.h>
/* One value and its name as data: "echolab_v7: .quad 152" in the assembly. */
#define P(name, value) P_(name, value, __COUNTER__)
#define P_(name, value, n) P__(name, value, n)
#define P__(name, value, n) \\
  const long echolab_v##n = (long)(value); const char echolab_n##n[] = name
  P("sigaction.size", sizeof(struct sigaction));
  P("sigaction.handler", offsetof(struct sigaction, sa_handler));
  P("sigaction.mask", offsetof(struct sigaction, sa_mask));
  P("sigaction.flags", offsetof(struct sigaction, sa_flags));
  P("sigevent.size", sizeof(struct sigevent));
  P("sigevent.signo", offsetof(struct sigevent, sigev_signo));
  P("sigevent.notify", offsetof(struct sigevent, sigev_notify));
  P("sigevent.threadId", offsetof(struct sigevent, _sigev_un._tid));
  P("siginfo.size", sizeof(siginfo_t));
  P("siginfo.code", offsetof(siginfo_t, si_code));
  P("siginfo.pid", offsetof(siginfo_t, si_pid));
  P("siginfo.status", offsetof(siginfo_t, si_status));
  P("spawnFileActions", sizeof(posix_spawn_file_actions_t));
  P("spawnAttr", sizeof(posix_spawnattr_t));
  P("sigset", sizeof(sigset_t));
  P("sockaddrStorage", sizeof(struct sockaddr_storage));
  P("sockaddrIn.size", sizeof(struct sockaddr_in));
  P("sockaddrIn.port", offsetof(struct sockaddr_in, sin_port));
  P("sockaddrIn.addr", offsetof(struct sockaddr_in, sin_addr));
  P("sockaddrIn6.size", sizeof(struct sockaddr_in6));
  P("sockaddrIn6.port", offsetof(struct sockaddr_in6, sin6_port));
  P("sockaddrIn6.addr", offsetof(struct sockaddr_in6, sin6_addr));
  P("sockaddrIn6.scopeId", offsetof(struct sockaddr_in6, sin6_scope_id));
  P("AF_INET", AF_INET); P("AF_INET6", AF_INET6);
  P("SOCK_STREAM", SOCK_STREAM); P("SOCK_NONBLOCK", SOCK_NONBLOCK); P("SOCK_CLOEXEC", SOCK_CLOEXEC);
  P("SOL_SOCKET", SOL_SOCKET); P("SO_REUSEADDR", SO_REUSEADDR); P("SO_KEEPALIVE", SO_KEEPALIVE);
  P("SO_LINGER", SO_LINGER); P("SO_ERROR", SO_ERROR); P("IPPROTO_TCP", IPPROTO_TCP);
  P("TCP_KEEPIDLE", TCP_KEEPIDLE); P("TCP_KEEPINTVL", TCP_KEEPINTVL); P("TCP_KEEPCNT", TCP_KEEPCNT);
  P("SHUT_RD", SHUT_RD); P("SHUT_WR", SHUT_WR); P("SHUT_RDWR", SHUT_RDWR);
  P("F_GETFL", F_GETFL); P("F_SETFL", F_SETFL); P("O_NONBLOCK", O_NONBLOCK); P("O_RDWR", O_RDWR);
  P("O_RDONLY", O_RDONLY); P("O_WRONLY", O_WRONLY); P("O_CLOEXEC", O_CLOEXEC);
  P("POLLIN", POLLIN); P("POLLOUT", POLLOUT); P("POLLERR", POLLERR); P("POLLHUP", POLLHUP);
  P("EFD_CLOEXEC", EFD_CLOEXEC); P("EFD_NONBLOCK", EFD_NONBLOCK);
  P("SA_RESTART", SA_RESTART); P("SA_SIGINFO", SA_SIGINFO);
  P("SA_NOCLDSTOP", SA_NOCLDSTOP); P("SA_NOCLDWAIT", SA_NOCLDWAIT); P("SA_ONSTACK", SA_ONSTACK);
  P("SA_NODEFER", SA_NODEFER); P("SA_RESETHAND", (unsigned)SA_RESETHAND);
  P("WNOHANG", WNOHANG); P("WEXITED", WEXITED); P("WNOWAIT", WNOWAIT);
  P("P_PID", P_PID); P("P_ALL", P_ALL);
  P("CLD_EXITED", CLD_EXITED); P("CLD_KILLED", CLD_KILLED); P("CLD_DUMPED", CLD_DUMPED);
  P("POSIX_SPAWN_SETPGROUP", POSIX_SPAWN_SETPGROUP); P("POSIX_SPAWN_SETSIGDEF", POSIX_SPAWN_SETSIGDEF); P("POSIX_SPAWN_SETSIGMASK", POSIX_SPAWN_SETSIGMASK);
  P("CLOCK_MONOTONIC", CLOCK_MONOTONIC); P("SIGEV_SIGNAL", SIGEV_SIGNAL);
  P("SIGEV_THREAD_ID", SIGEV_THREAD_ID);
  P("SIGPIPE", SIGPIPE); P("SIGCHLD", SIGCHLD); P("SIGALRM", SIGALRM); P("SIGTERM", SIGTERM);
  P("SIGINT", SIGINT); P("SIGKILL", SIGKILL); P("SIGUSR1", SIGUSR1); P("SIGUSR2", SIGUSR2);
  P("EINTR", EINTR); P("EAGAIN", EAGAIN); P("EPIPE", EPIPE); P("ECONNRESET", ECONNRESET);
  P("ENOTCONN", ENOTCONN); P("EALREADY", EALREADY); P("EINPROGRESS", EINPROGRESS);
  P("ECONNABORTED", ECONNABORTED); P("EPROTO", EPROTO); P("ECHILD", ECHILD);
`,
    );
    let compiled: Deno.CommandOutput;
    try {
      compiled = await new Deno.Command(compiler, { args: ["-S", "-o", `${dir}/layout.s`, src] })
        .output();
    } catch {
      return undefined; // no such compiler here
    }
    const stderr = new TextDecoder().decode(compiled.stderr);
    if (!compiled.success && /fatal error: .*No such file/.test(stderr)) return undefined; // no headers
    if (!compiled.success) throw new Error(stderr);
    // Each value and its name follow their labels: echolab_v7: .quad 152 /
    // echolab_n7: .string "sigaction.size" (.xword on aarch64, .zero 8 for 0).
    const asm = await Deno.readTextFile(`${dir}/layout.s`);
    const numbers = new Map<string, number>();
    const names = new Map<string, string>();
    for (const m of asm.matchAll(/^echolab_v(\d+):\s*\.(quad|xword|8byte|zero)\s+(-?\d+)/gm)) {
      numbers.set(m[1], m[2] === "zero" ? 0 : Number(m[3])); // a zero lands in .bss: ".zero 8"
    }
    for (const m of asm.matchAll(/^echolab_n(\d+):\s*\.(?:string|asciz)\s+"([^"]+)"/gm)) {
      names.set(m[1], m[2]);
    }
    const values: Record<string, number> = {};
    for (const [n, name] of names) values[name] = numbers.get(n)!;
    return values;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Compare the constants with what `compiler` reads from its headers. */
async function _matches(t: Deno.TestContext, compiler: string): Promise<void> {
  const c = await _cValues(compiler);
  if (!c) {
    await t.step({ name: `needs Linux, ${compiler} and its headers`, ignore: true, fn: () => {} });
    return;
  }
  const l = L.layout;
  const errno = (name: string) => Number(Object.entries(L.errnos).find(([, n]) => n === name)?.[0]);
  const ours: Record<string, number> = {
    "sigaction.size": l.sigaction.size,
    "sigaction.handler": l.sigaction.handler,
    "sigaction.mask": l.sigaction.mask,
    "sigaction.flags": l.sigaction.flags,
    "sigevent.size": l.sigevent.size,
    "sigevent.signo": l.sigevent.signo,
    "sigevent.notify": l.sigevent.notify,
    "sigevent.threadId": l.sigevent.threadId,
    "siginfo.size": l.siginfo.size,
    "siginfo.code": l.siginfo.code,
    "siginfo.pid": l.siginfo.pid,
    "siginfo.status": l.siginfo.status,
    spawnFileActions: l.spawnFileActions,
    spawnAttr: l.spawnAttr,
    sigset: l.sigset,
    sockaddrStorage: l.sockaddrStorage,
    "sockaddrIn.size": l.sockaddrIn.size,
    "sockaddrIn.port": l.sockaddrIn.port,
    "sockaddrIn.addr": l.sockaddrIn.addr,
    "sockaddrIn6.size": l.sockaddrIn6.size,
    "sockaddrIn6.port": l.sockaddrIn6.port,
    "sockaddrIn6.addr": l.sockaddrIn6.addr,
    "sockaddrIn6.scopeId": l.sockaddrIn6.scopeId,
    AF_INET: L.af.INET,
    AF_INET6: L.af.INET6,
    SOCK_STREAM: L.sock.STREAM,
    SOCK_NONBLOCK: L.sock.NONBLOCK,
    SOCK_CLOEXEC: L.sock.CLOEXEC,
    SOL_SOCKET: L.sol.SOCKET,
    SO_REUSEADDR: L.sol.SO_REUSEADDR,
    SO_KEEPALIVE: L.sol.SO_KEEPALIVE,
    SO_LINGER: L.sol.SO_LINGER,
    SO_ERROR: L.sol.SO_ERROR,
    IPPROTO_TCP: L.sol.IPPROTO_TCP,
    TCP_KEEPIDLE: L.sol.TCP_KEEPIDLE,
    TCP_KEEPINTVL: L.sol.TCP_KEEPINTVL,
    TCP_KEEPCNT: L.sol.TCP_KEEPCNT,
    SHUT_RD: L.shut.RD,
    SHUT_WR: L.shut.WR,
    SHUT_RDWR: L.shut.RDWR,
    F_GETFL: L.fcntl.F_GETFL,
    F_SETFL: L.fcntl.F_SETFL,
    O_NONBLOCK: L.fcntl.O_NONBLOCK,
    O_RDWR: L.fcntl.O_RDWR,
    O_RDONLY: L.fcntl.O_RDONLY,
    O_WRONLY: L.fcntl.O_WRONLY,
    O_CLOEXEC: L.fcntl.O_CLOEXEC,
    POLLIN: L.poll.IN,
    POLLOUT: L.poll.OUT,
    POLLERR: L.poll.ERR,
    POLLHUP: L.poll.HUP,
    EFD_CLOEXEC: L.eventfd!.CLOEXEC,
    EFD_NONBLOCK: L.eventfd!.NONBLOCK,
    SA_RESTART: L.sa.RESTART,
    SA_SIGINFO: L.sa.SIGINFO,
    SA_NOCLDSTOP: L.sa.NOCLDSTOP,
    SA_NOCLDWAIT: L.sa.NOCLDWAIT,
    SA_ONSTACK: L.sa.ONSTACK,
    SA_NODEFER: L.sa.NODEFER,
    SA_RESETHAND: L.sa.RESETHAND,
    WNOHANG: L.wait.WNOHANG,
    WEXITED: L.wait.WEXITED,
    WNOWAIT: L.wait.WNOWAIT,
    P_PID: L.wait.P_PID,
    P_ALL: L.wait.P_ALL,
    CLD_EXITED: L.wait.CLD_EXITED,
    CLD_KILLED: L.wait.CLD_KILLED,
    CLD_DUMPED: L.wait.CLD_DUMPED,
    POSIX_SPAWN_SETPGROUP: L.spawn.SETPGROUP,
    POSIX_SPAWN_SETSIGDEF: L.spawn.SETSIGDEF,
    POSIX_SPAWN_SETSIGMASK: L.spawn.SETSIGMASK,
    CLOCK_MONOTONIC: L.timer.CLOCK_MONOTONIC,
    SIGEV_SIGNAL: L.timer.SIGEV_SIGNAL,
    SIGEV_THREAD_ID: L.timer.SIGEV_THREAD_ID!,
  };
  for (
    const s of [
      "SIGPIPE",
      "SIGCHLD",
      "SIGALRM",
      "SIGTERM",
      "SIGINT",
      "SIGKILL",
      "SIGUSR1",
      "SIGUSR2",
    ]
  ) {
    ours[s] = L.signals[s];
  }
  for (
    const e of [
      "EINTR",
      "EAGAIN",
      "EPIPE",
      "ECONNRESET",
      "ENOTCONN",
      "EALREADY",
      "EINPROGRESS",
      "ECONNABORTED",
      "EPROTO",
      "ECHILD",
    ]
  ) ours[e] = errno(e);
  const theirs: Record<string, number> = {};
  for (const k of Object.keys(ours)) theirs[k] = c[k];
  assertEqual(ours, theirs);
}

Deno.test("constants_linux matches this machine's C headers", async (t) => {
  await _matches(t, "gcc");
});

Deno.test("constants_linux matches aarch64's C headers too (cross compiler, nothing run)", async (t) => {
  // x86_64 and aarch64 share one table; this keeps it true (.ci/run installs
  // gcc-aarch64-linux-gnu from Debian's packages where it can).
  await _matches(t, "aarch64-linux-gnu-gcc");
});
