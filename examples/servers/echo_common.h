/*
 * echo_common.h — the little helpers every stage of the echo server shares,
 * in the spirit of UNP's unp.h and its wrappers: the happy path of each
 * server reads like the book, and every failed call says which call failed.
 *
 * Written for echolab (examples/servers); not UNP's source.
 */
#ifndef ECHO_COMMON_H
#define ECHO_COMMON_H

#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define ECHO_MAXLINE 4096
#define ECHO_DEFAULT_PORT 9877 /* the book's SERV_PORT */

/* Print "prog: what: strerror(errno)" and exit(1), like the book's err_sys. */
static inline void die(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, strerror(errno));
    exit(1);
}

/*
 * The port: argv[1] if given, else $ECHOLAB_PORT (set by `echolab check`),
 * else 9877.
 */
static inline int server_port(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : getenv("ECHOLAB_PORT");
    if (text == NULL || *text == '\0')
        return ECHO_DEFAULT_PORT;
    char *end;
    long port = strtol(text, &end, 10);
    if (*end != '\0' || port < 0 || port > 65535) {
        fprintf(stderr, "bad port '%s'\n", text);
        exit(2);
    }
    return (int)port;
}

/*
 * socket, bind, listen (UNP §5.2). Bound to 127.0.0.1 rather than the
 * book's INADDR_ANY: these are lab servers, not services for the network.
 */
static inline int listen_on(int port, const char *prog)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        die("socket");
    int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0)
        die("setsockopt SO_REUSEADDR");
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((unsigned short)port);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
        die("bind");
    if (listen(fd, 1024) < 0)
        die("listen");
    fprintf(stderr, "%s: listening on 127.0.0.1:%d (pid %ld)\n", prog, port, (long)getpid());
    return fd;
}

/* Write all n bytes, going round again after a short count or EINTR (UNP's writen). */
static inline ssize_t write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    size_t left = n;
    while (left > 0) {
        ssize_t done = write(fd, p, left);
        if (done < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        left -= (size_t)done;
        p += done;
    }
    return (ssize_t)n;
}

/*
 * The child's whole job (UNP §5.3): read whatever arrives and write it
 * back, bytes not strings, until the client's FIN makes read return 0.
 */
static inline void echo_bytes(int connfd)
{
    char buf[ECHO_MAXLINE];
    for (;;) {
        ssize_t n = read(connfd, buf, sizeof buf);
        if (n > 0) {
            if (write_all(connfd, buf, (size_t)n) < 0)
                die("echo_bytes: write");
        } else if (n == 0) {
            return; /* the client closed: EOF */
        } else if (errno != EINTR) {
            die("echo_bytes: read"); /* e.g. ECONNRESET after an RST (§5.11) */
        }
    }
}

/* Format "msg<pid>\n" into buf without stdio, so a signal handler may use it. */
static inline size_t format_pid_line(char *buf, const char *msg, pid_t pid)
{
    size_t len = strlen(msg);
    memcpy(buf, msg, len);
    char digits[24];
    int nd = 0;
    long v = (long)pid;
    do {
        digits[nd++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (nd > 0)
        buf[len++] = digits[--nd];
    buf[len++] = '\n';
    return len;
}

/*
 * Install handler for sig with sigaction. restart says whether SA_RESTART
 * is set (§5.9); also_block is a signal to block while the handler runs
 * (0 for none).
 */
static inline void on_signal(int sig, void (*handler)(int), int restart, int also_block)
{
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    sigemptyset(&act.sa_mask);
    if (also_block != 0)
        sigaddset(&act.sa_mask, also_block);
    act.sa_flags = restart ? SA_RESTART : 0;
    if (sigaction(sig, &act, NULL) < 0)
        die("sigaction");
}

/* write(2) from a signal handler, ignoring the result (nothing to do on failure). */
static inline void say(const char *buf, size_t n)
{
    ssize_t ignored = write(STDERR_FILENO, buf, n);
    (void)ignored;
}

#endif
