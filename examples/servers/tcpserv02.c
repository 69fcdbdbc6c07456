/*
 * tcpserv02 — stage 2 (UNP §5.8–5.9): the parent now catches SIGCHLD and
 * calls wait — once per signal. The handler is installed with sigaction
 * and no SA_RESTART, and accept's EINTR is treated like any other error.
 *
 * The bug this stage shows: accept is a slow system call. When a child ends
 * while the parent is blocked in accept, the handler runs and accept
 * returns -1 with errno EINTR ("Interrupted system call"). This server
 * takes that as fatal and exits — the first client to leave takes the whole
 * server down.
 *
 * echolab check -- ./bin/tcpserv02   → the eintr check fails (and every
 *                                      check that needs a second client).
 */
#include "echo_common.h"

static void sig_chld(int signo)
{
    (void)signo;
    int saved = errno;
    int status;
    pid_t pid = wait(&status);   /* one wait per delivery */
    if (pid > 0) {
        char line[64];
        size_t n = format_pid_line(line, "tcpserv02: child terminated: ", pid);
        say(line, n);
    }
    errno = saved;
}

int main(int argc, char **argv)
{
    int listenfd = listen_on(server_port(argc, argv), "tcpserv02");
    on_signal(SIGCHLD, sig_chld, 0, 0);  /* no SA_RESTART */

    for (;;) {
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0)
            die("accept");               /* EINTR included: the §5.9 bug */

        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0) {
            close(listenfd);
            echo_bytes(connfd);
            exit(0);
        }
        close(connfd);
    }
}
