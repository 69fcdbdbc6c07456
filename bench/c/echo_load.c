/*
 * echo_load.c — the one client driver echolab's bench uses for every peer
 * (C fork server, socat, ncat, echolab serve). Loopback only; every loop is
 * bounded by a count AND a time limit; every result is one JSON line on
 * stdout.
 *
 *   echo_load churn PORT COUNT SECONDS CONCURRENCY
 *       connect, echo one line, close — COUNT cycles at most, SECONDS at most,
 *       CONCURRENCY threads doing it side by side. Every echo is compared.
 *   echo_load bulk PORT BYTES SECONDS
 *       one connection: stream a position-dependent pattern (NUL bytes
 *       included) while reading the echo back, compare every byte, then
 *       shutdown(SHUT_WR) and read to EOF (the half-close of UNP §6.6).
 *   echo_load hold PORT N SECONDS
 *       open N connections at once, echo a line on each, print "held", wait
 *       for a line (or EOF) on stdin or SECONDS, echo again on each (still
 *       served?), close all, print "released".
 *   echo_load spawn COUNT SECONDS CMD [ARGS...]
 *       run CMD (stdout/stderr to /dev/null) COUNT times, print each wall time
 *       in ms (fork + execvp + waitpid, as a shell would).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int port_arg;

/* A blocking loopback connection with 5 s send/receive timeouts; -errno on failure. */
static int dial(void) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  struct timeval tv = {5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((unsigned short)port_arg);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  while (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
    if (errno == EINTR) continue;
    int e = errno;
    close(fd);
    return -e;
  }
  return fd;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Read until `want` bytes arrived; 0 ok, -1 error/timeout, -2 EOF first. */
static int read_exact(int fd, char *p, size_t want) {
  size_t got = 0;
  while (got < want) {
    ssize_t n = read(fd, p + got, want - got);
    if (n == 0) return -2;
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    got += (size_t)n;
  }
  return 0;
}

/* ---------- churn ---------- */

struct churn_shared {
  long limit;
  double deadline;
  pthread_mutex_t mu;
  long started, ok, errors, mismatch, eof;
  double *lat; /* per ok cycle, ms */
};

static void *churn_worker(void *arg) {
  struct churn_shared *s = arg;
  char line[64], back[64];
  for (;;) {
    pthread_mutex_lock(&s->mu);
    long i = s->started;
    int go = i < s->limit && now_s() < s->deadline;
    if (go) s->started++;
    pthread_mutex_unlock(&s->mu);
    if (!go) return NULL;
    int len = snprintf(line, sizeof line, "churn %ld\n", i);
    double t0 = now_s();
    int fd = dial();
    int rc = -1;
    if (fd >= 0) {
      if (write_all(fd, line, (size_t)len) == 0) rc = read_exact(fd, back, (size_t)len);
      close(fd);
    }
    double ms = (now_s() - t0) * 1000;
    pthread_mutex_lock(&s->mu);
    if (rc == 0 && memcmp(line, back, (size_t)len) == 0) {
      s->lat[s->ok++] = ms;
    } else if (rc == 0) {
      s->mismatch++;
    } else if (rc == -2) {
      s->eof++;
    } else {
      s->errors++;
    }
    pthread_mutex_unlock(&s->mu);
  }
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int churn(long count, double seconds, int conc) {
  struct churn_shared s;
  memset(&s, 0, sizeof s);
  s.limit = count;
  s.lat = calloc((size_t)count + 1, sizeof(double));
  pthread_mutex_init(&s.mu, NULL);
  pthread_t th[256];
  if (conc < 1) conc = 1;
  if (conc > 256) conc = 256;
  double t0 = now_s();
  s.deadline = t0 + seconds;
  for (int i = 0; i < conc; i++) pthread_create(&th[i], NULL, churn_worker, &s);
  for (int i = 0; i < conc; i++) pthread_join(th[i], NULL);
  double el = now_s() - t0;
  qsort(s.lat, (size_t)s.ok, sizeof(double), cmp_double);
  double p50 = s.ok ? s.lat[s.ok / 2] : 0, p99 = s.ok ? s.lat[(s.ok * 99) / 100] : 0;
  printf("{\"mode\":\"churn\",\"ok\":%ld,\"errors\":%ld,\"eof\":%ld,\"mismatch\":%ld,"
         "\"seconds\":%.4f,\"per_sec\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"concurrency\":%d}\n",
         s.ok, s.errors, s.eof, s.mismatch, el, s.ok / el, p50, p99, conc);
  free(s.lat);
  return 0;
}

/* ---------- bulk ---------- */

/* The bulk pattern: position-dependent bytes (NULs included) with a prime
 * period, kept twice over so any window of up to PERIOD bytes is one memcmp. */
enum { PERIOD = 131071 };
static unsigned char pattern[2 * PERIOD];

static void pattern_init(void) {
  for (uint64_t i = 0; i < 2 * PERIOD; i++) {
    uint64_t k = i % PERIOD;
    pattern[i] = (unsigned char)((k * 131u) ^ (k >> 9) ^ (k >> 3));
  }
}

static inline const unsigned char *pattern_at(uint64_t offset) { return pattern + offset % PERIOD; }

static int bulk(long long max_bytes, double seconds) {
  int fd = dial();
  if (fd < 0) {
    printf("{\"mode\":\"bulk\",\"error\":\"connect: %s\"}\n", strerror(-fd));
    return 1;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  enum { CHUNK = 64 * 1024 };
  static unsigned char in[CHUNK];
  pattern_init();
  uint64_t sent = 0, recvd = 0, mismatch = 0;
  int wr_done = 0, eof = 0, err = 0;
  double t0 = now_s(), write_deadline = t0 + seconds, hard_deadline = t0 + seconds + 10;
  double t_all = 0; /* when every byte sent had come back */
  while (!eof && !err) {
    double t = now_s();
    if (!t_all && wr_done && recvd == sent) {
      t_all = t;
      hard_deadline = t + 2; /* then wait (a little) for the server's FIN */
    }
    if (t > hard_deadline) { err = ETIMEDOUT; break; }
    if (!wr_done && (sent >= (uint64_t)max_bytes || t > write_deadline)) {
      shutdown(fd, SHUT_WR);
      wr_done = 1;
    }
    struct pollfd p = {fd, (short)(POLLIN | (wr_done ? 0 : POLLOUT)), 0};
    if (poll(&p, 1, 200) < 0) {
      if (errno == EINTR) continue;
      err = errno;
      break;
    }
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(fd, in, CHUNK);
      if (n == 0) eof = 1;
      else if (n < 0 && errno != EAGAIN && errno != EINTR) err = errno;
      else if (n > 0) {
        if (memcmp(in, pattern_at(recvd), (size_t)n) != 0) {
          const unsigned char *want = pattern_at(recvd);
          for (ssize_t k = 0; k < n; k++) mismatch += in[k] != want[k];
        }
        recvd += (uint64_t)n;
      }
    }
    if (!wr_done && (p.revents & POLLOUT)) {
      size_t want = CHUNK;
      if ((uint64_t)max_bytes - sent < want) want = (size_t)((uint64_t)max_bytes - sent);
      ssize_t n = write(fd, pattern_at(sent), want);
      if (n < 0 && errno != EAGAIN && errno != EINTR) err = errno;
      else if (n > 0) sent += (uint64_t)n;
    }
  }
  double t_end = now_s();
  if (!t_all && recvd == sent) t_all = t_end;
  double el = (t_all ? t_all : t_end) - t0;
  close(fd);
  /* Throughput counts until the last byte came back, not the wait for EOF:
   * eof_ms says how long the server took to close after a half-close (-1: never). */
  printf("{\"mode\":\"bulk\",\"sent\":%llu,\"received\":%llu,\"mismatch\":%llu,\"eof\":%s,"
         "\"eof_ms\":%.1f,\"error\":%s%s%s,\"seconds\":%.4f,\"mb_per_s\":%.1f}\n",
         (unsigned long long)sent, (unsigned long long)recvd, (unsigned long long)mismatch,
         eof ? "true" : "false", eof && t_all ? (t_end - t_all) * 1000 : -1.0, err ? "\"" : "",
         err ? strerror(err) : "null", err ? "\"" : "", el, (double)recvd / el / 1e6);
  return 0;
}

/* ---------- hold ---------- */

struct held {
  int fd;
  int state; /* 0 connecting, 1 sent, 2 echoed, -1 failed */
  char line[32];
  int len, got;
  char back[32];
};

/* Drive every connection in `h` through connect → write line → read echo; bounded by deadline. */
static int echo_round(struct held *h, int n, double deadline, const char *tag, int reconnect) {
  struct pollfd *p = calloc((size_t)n, sizeof *p);
  for (int i = 0; i < n; i++) {
    h[i].len = snprintf(h[i].line, sizeof h[i].line, "%s %d\n", tag, i);
    h[i].got = 0;
    if (reconnect) {
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      struct sockaddr_in sa;
      memset(&sa, 0, sizeof sa);
      sa.sin_family = AF_INET;
      sa.sin_port = htons((unsigned short)port_arg);
      sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      h[i].fd = fd;
      h[i].state = 0;
      if (fd < 0 || (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0 && errno != EINPROGRESS))
        h[i].state = -1;
    } else if (h[i].state == 2) {
      h[i].state = 1;
      if (write(h[i].fd, h[i].line, (size_t)h[i].len) != h[i].len) h[i].state = -1;
    }
  }
  for (;;) {
    int pending = 0;
    for (int i = 0; i < n; i++) {
      p[i].fd = (h[i].state == 0 || h[i].state == 1) ? h[i].fd : -1;
      p[i].events = h[i].state == 0 ? POLLOUT : POLLIN;
      p[i].revents = 0;
      if (p[i].fd >= 0) pending++;
    }
    if (!pending || now_s() > deadline) break;
    if (poll(p, (nfds_t)n, 100) < 0 && errno != EINTR) break;
    for (int i = 0; i < n; i++) {
      if (!p[i].revents) continue;
      if (h[i].state == 0) {
        int e = 0;
        socklen_t l = sizeof e;
        getsockopt(h[i].fd, SOL_SOCKET, SO_ERROR, &e, &l);
        if (e || write(h[i].fd, h[i].line, (size_t)h[i].len) != h[i].len) h[i].state = -1;
        else h[i].state = 1;
      } else {
        ssize_t r = read(h[i].fd, h[i].back + h[i].got, (size_t)(h[i].len - h[i].got));
        if (r <= 0) {
          if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
          h[i].state = -1;
        } else if ((h[i].got += (int)r) == h[i].len) {
          h[i].state = memcmp(h[i].line, h[i].back, (size_t)h[i].len) == 0 ? 2 : -1;
        }
      }
    }
  }
  free(p);
  int ok = 0;
  for (int i = 0; i < n; i++) {
    if (h[i].state == 2) ok++;
    else h[i].state = -1;
  }
  return ok;
}

static int hold(int n, double seconds) {
  struct held *h = calloc((size_t)n, sizeof *h);
  double t0 = now_s();
  int ok = echo_round(h, n, t0 + seconds, "hold", 1);
  double open_s = now_s() - t0;
  printf("{\"mode\":\"hold\",\"phase\":\"held\",\"held\":%d,\"wanted\":%d,\"open_seconds\":%.4f}\n", ok, n,
         open_s);
  fflush(stdout);
  /* Wait for the orchestrator (a line or EOF on stdin), bounded by SECONDS. */
  struct pollfd in = {0, POLLIN, 0};
  double left = t0 + 2 * seconds - now_s();
  if (left > 0) poll(&in, 1, (int)(left * 1000));
  int again = echo_round(h, n, now_s() + seconds, "again", 0);
  for (int i = 0; i < n; i++)
    if (h[i].fd >= 0) close(h[i].fd);
  printf("{\"mode\":\"hold\",\"phase\":\"released\",\"still_served\":%d}\n", again);
  free(h);
  return 0;
}

/* ---------- spawn ---------- */

static int spawn_times(int count, double seconds, char **cmd) {
  double deadline = now_s() + seconds;
  printf("{\"mode\":\"spawn\",\"ms\":[");
  int failed = 0;
  for (int i = 0; i < count && now_s() < deadline; i++) {
    double t0 = now_s();
    pid_t pid = fork();
    if (pid == 0) {
      int dn = open("/dev/null", O_RDWR);
      dup2(dn, 0);
      dup2(dn, 1);
      dup2(dn, 2);
      execvp(cmd[0], cmd);
      _exit(127);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    double ms = (now_s() - t0) * 1000;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) failed++;
    printf("%s%.3f", i ? "," : "", ms);
  }
  printf("],\"failed\":%d}\n", failed);
  return 0;
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  if (argc >= 6 && strcmp(argv[1], "churn") == 0) {
    port_arg = atoi(argv[2]);
    return churn(atol(argv[3]), atof(argv[4]), atoi(argv[5]));
  }
  if (argc >= 5 && strcmp(argv[1], "bulk") == 0) {
    port_arg = atoi(argv[2]);
    return bulk(atoll(argv[3]), atof(argv[4]));
  }
  if (argc >= 5 && strcmp(argv[1], "hold") == 0) {
    port_arg = atoi(argv[2]);
    return hold(atoi(argv[3]), atof(argv[4]));
  }
  if (argc >= 5 && strcmp(argv[1], "spawn") == 0) {
    return spawn_times(atoi(argv[2]), atof(argv[3]), argv + 4);
  }
  fprintf(stderr,
          "usage: echo_load churn PORT COUNT SECONDS CONCURRENCY | bulk PORT BYTES SECONDS |\n"
          "       hold PORT N SECONDS | spawn COUNT SECONDS CMD [ARGS...]\n");
  return 2;
}
