/*
 * tcpserv00 — stage 0, before the chapter's first server: an iterative echo
 * server that handles one client at a time, a line at a time with stdio
 * (fgets/fputs), all in one process.
 *
 * What the chapter fixes in it:
 *  - iterative: the second client waits until the first one leaves (§5.1
 *    uses fork precisely to serve several clients at once);
 *  - fputs writes a C string, so a line holding a NUL byte comes back cut
 *    short (§5.3 echoes bytes with read/write instead);
 *  - one process does everything: when it writes to a client that was
 *    killed, the resulting SIGPIPE (§5.13) ends the whole server.
 *
 * echolab check -- ./bin/tcpserv00   → echo, concurrency and the killed
 *                                      client fail.
 */
#include "echo_common.h"

int main(int argc, char **argv)
{
    int listenfd = listen_on(server_port(argc, argv), "tcpserv00");

    for (;;) {
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0)
            die("accept");
        FILE *in = fdopen(connfd, "r");
        int outfd = dup(connfd);
        FILE *out = outfd < 0 ? NULL : fdopen(outfd, "w");
        if (in == NULL || out == NULL)
            die("fdopen");
        setvbuf(out, NULL, _IONBF, 0);  /* every fputs is a write */

        char line[ECHO_MAXLINE];
        while (fgets(line, sizeof line, in) != NULL)
            fputs(line, out);           /* stops at the first NUL byte */

        fclose(in);
        fclose(out);
    }
}
