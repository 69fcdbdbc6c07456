/*
 * tcpserv04 — the book's final server (UNP Figures 5.11 and 5.12): the
 * SIGCHLD handler loops on waitpid(-1, &stat, WNOHANG) until no terminated
 * child is left (§5.10: signals are not queued, so one delivery may stand
 * for several exits), and accept's EINTR sends the loop back round (§5.9).
 *
 * The book's logic, line for line. Only the frame is this directory's: the
 * port from argv[1] / ECHOLAB_PORT / 9877 and the bind to 127.0.0.1
 * (listen_on in echo_common.h), the handler installed with sigaction and no
 * SA_RESTART as in the other stages (so the EINTR branch really runs; UNP's
 * own Signal() sets SA_RESTART, §5.9), and the message written with write(2)
 * where the book calls printf (§5.9 itself warns that printf in a signal
 * handler is not safe).
 *
 * No SIGTERM handler, as in the book: at shutdown init sends SIGTERM to every
 * process (§5.16), and the default action ends parent and children alike.
 * tcpserv05 adds a graceful stop on `kill PID` (beyond the book).
 *
 * echolab check -- ./bin/tcpserv04   → every chapter check passes.
 */
#include "echo_common.h"

static void sig_chld(int signo)
{
    (void)signo;
    int saved = errno;
    pid_t pid;
    int stat;
    while ((pid = waitpid(-1, &stat, WNOHANG)) > 0) {
        char line[64];
        size_t n = format_pid_line(line, "child terminated: ", pid); /* printf("child %d terminated\n", pid) */
        say(line, n);
    }
    errno = saved;
}

int main(int argc, char **argv)
{
    int listenfd = listen_on(server_port(argc, argv), "tcpserv04");
    on_signal(SIGCHLD, sig_chld, 0, 0);  /* must call waitpid() */

    for (;;) {
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0) {
            if (errno == EINTR)
                continue;                /* back to for() */
            else
                die("accept error");
        }

        pid_t childpid = fork();
        if (childpid < 0)
            die("fork error");
        if (childpid == 0) {             /* child process */
            close(listenfd);             /* close listening socket */
            echo_bytes(connfd);          /* process the request */
            exit(0);
        }
        close(connfd);                   /* parent closes connected socket */
    }
}
