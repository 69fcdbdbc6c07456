/*
 * fork_echo.c — the reference peer for echolab's bench: UNP's tcpserv04
 * (§5.10) in plain C. One fork per client, str_echo in the child, a SIGCHLD
 * handler that reaps with a waitpid(-1, WNOHANG) loop, and accept() restarted
 * after EINTR (§5.9). Loopback only.
 *
 * Usage: fork_echo [PORT [PROGRAM ARGS...]]
 *   PORT 0 or nothing: the kernel picks; "port N" is printed once listening.
 *   PROGRAM: the child dup2()s the socket onto stdin and stdout and execs it
 *   (e.g. /bin/cat) instead of running str_echo itself — fork + exec per
 *   client, the C twin of echolab serve --worker cat.
 * Ends on SIGINT/SIGTERM: kills and reaps its children, then exits.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stopping = 0;

static void sig_chld(int signo) {
  (void)signo;
  int saved = errno;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved;
}

static void sig_stop(int signo) { stopping = signo; }

/* str_echo (UNP §5.3): read, write back, until EOF; EINTR retried. */
static void str_echo(int fd) {
  static char buf[64 * 1024];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n == 0) return;
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(fd, buf + off, (size_t)(n - off));
      if (w < 0) {
        if (errno == EINTR) continue;
        return;
      }
      off += w;
    }
  }
}

static void on(int signo, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = flags;
  sigaction(signo, &sa, NULL);
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 0;
  setpgid(0, 0); /* own process group: the shutdown kill(0, …) reaches only our children */
  int lfd = socket(AF_INET, SOCK_STREAM, 0);
  if (lfd < 0) { perror("socket"); return 1; }
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((unsigned short)port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0) { perror("bind"); return 1; }
  if (listen(lfd, 1024) < 0) { perror("listen"); return 1; }
  socklen_t len = sizeof sa;
  getsockname(lfd, (struct sockaddr *)&sa, &len);
  printf("port %d\n", ntohs(sa.sin_port));
  fflush(stdout);

  on(SIGCHLD, sig_chld, 0); /* no SA_RESTART: accept returns EINTR (§5.9) */
  on(SIGINT, sig_stop, 0);
  on(SIGTERM, sig_stop, 0);

  while (!stopping) {
    int cfd = accept(lfd, NULL, NULL);
    if (cfd < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
      perror("accept");
      break;
    }
    pid_t pid = fork();
    if (pid == 0) {
      close(lfd);
      on(SIGCHLD, SIG_DFL, 0);
      on(SIGINT, SIG_DFL, 0);
      on(SIGTERM, SIG_DFL, 0);
      if (argc > 2) {
        dup2(cfd, 0);
        dup2(cfd, 1);
        close(cfd);
        execv(argv[2], argv + 2);
        _exit(127);
      }
      str_echo(cfd);
      _exit(0);
    }
    if (pid < 0) perror("fork");
    close(cfd);
  }
  close(lfd);
  /* Shutdown: end every child and reap them all before exiting. */
  on(SIGCHLD, SIG_DFL, 0);
  signal(SIGTERM, SIG_IGN);
  kill(0, SIGTERM);
  while (wait(NULL) > 0 || errno == EINTR) {
  }
  return 128 + (int)stopping;
}
