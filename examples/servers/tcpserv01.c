/*
 * tcpserv01 — stage 1 of the chapter's echo server (UNP §5.2–5.5):
 * one child per client, and nobody ever calls wait.
 *
 * Every child that ends stays a zombie (state Z, "<defunct>" in ps) until
 * this parent exits: nobody fetches its termination status. SIGCHLD keeps
 * its default disposition (ignored), so accept is never interrupted.
 *
 *   ./bin/tcpserv01 [PORT]        (or ECHOLAB_PORT=PORT ./bin/tcpserv01)
 *
 * echolab check -- ./bin/tcpserv01   → the zombie checks fail.
 */
#include "echo_common.h"

int main(int argc, char **argv)
{
    int listenfd = listen_on(server_port(argc, argv), "tcpserv01");

    for (;;) {
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0)
            die("accept");

        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0) {          /* child */
            close(listenfd);     /* the child never accepts */
            echo_bytes(connfd);
            exit(0);             /* the kernel closes connfd: FIN to the client */
        }
        close(connfd);           /* parent: the child has its own reference */
    }
}
