/*
 * tcpserv03 — stage 3 (UNP §5.9): accept's EINTR is no longer fatal; the
 * loop simply goes round and calls accept again. The handler still calls
 * wait exactly once per SIGCHLD.
 *
 * The bug left (UNP §5.10): standard signals are not queued. When five
 * children end at once, the kernel may deliver SIGCHLD fewer than five
 * times (only once if the parent cannot run meanwhile); each delivery
 * reaps one child, and the rest stay zombies.
 *
 * echolab check -- ./bin/tcpserv03   → signals-not-queued fails.
 */
#include "echo_common.h"

static void sig_chld(int signo)
{
    (void)signo;
    int saved = errno;
    int status;
    pid_t pid = wait(&status);   /* still one wait per delivery */
    if (pid > 0) {
        char line[64];
        size_t n = format_pid_line(line, "tcpserv03: child terminated: ", pid);
        say(line, n);
    }
    errno = saved;
}

int main(int argc, char **argv)
{
    int listenfd = listen_on(server_port(argc, argv), "tcpserv03");
    on_signal(SIGCHLD, sig_chld, 0, 0);  /* no SA_RESTART */

    for (;;) {
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0) {
            if (errno == EINTR)
                continue;                /* a handler ran: just accept again */
            die("accept");
        }

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
