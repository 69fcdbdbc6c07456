/*
 * tcpserv05 — tcpserv04 plus a graceful stop, beyond the book (§5.10–5.11,
 * and §5.16's SIGTERM):
 *
 *  - SIGCHLD handler loops on waitpid(-1, &status, WNOHANG) until no child
 *    is left to reap, so one delivery for five exits still reaps all five
 *    (signals are not queued, §5.10);
 *  - accept's EINTR, and ECONNABORTED/EPROTO from a connection reset before
 *    accept (§5.11), are not fatal: the loop accepts again;
 *  - SIGTERM (what kill and a shutting-down host send, §5.16) is forwarded
 *    to every live child, which are all reaped before the server exits —
 *    without it the children would outlive the parent, still serving.
 *
 * The book's tcpserv04 has no SIGTERM handler: at shutdown init signals
 * every process itself (§5.16). This handler is for `kill PID`, which
 * signals the parent alone — echolab's graceful-stop check, beyond the book.
 *
 * echolab check -- ./bin/tcpserv05   → every check passes, graceful-stop too.
 */
#include "echo_common.h"

#define MAX_CHILDREN 1024

/* Live children, so SIGTERM can be forwarded; 0 marks a free slot. */
static volatile pid_t children[MAX_CHILDREN];

static void forget_child(pid_t pid)
{
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i] == pid)
            children[i] = 0;
}

static int remember_child(pid_t pid)
{
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i] == 0) {
            children[i] = pid;
            return 1;
        }
    return 0;
}

static void sig_chld(int signo)
{
    (void)signo;
    int saved = errno;
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {   /* reap them all */
        forget_child(pid);
        char line[64];
        size_t n = format_pid_line(line, "tcpserv05: child terminated: ", pid);
        say(line, n);
    }
    errno = saved;
}

/*
 * Runs with SIGCHLD blocked (see on_signal below): end every child, wait
 * for each, then die of SIGTERM ourselves so the shell sees status 143.
 */
static void sig_term(int signo)
{
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i] != 0)
            kill(children[i], SIGTERM);
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
        ;
    static const char msg[] = "tcpserv05: SIGTERM: children ended and reaped\n";
    say(msg, sizeof msg - 1);
    signal(signo, SIG_DFL);
    raise(signo);
}

int main(int argc, char **argv)
{
    int listenfd = listen_on(server_port(argc, argv), "tcpserv05");
    on_signal(SIGCHLD, sig_chld, 0, SIGTERM);
    on_signal(SIGTERM, sig_term, 0, SIGCHLD);

    sigset_t guarded, previous;
    sigemptyset(&guarded);
    sigaddset(&guarded, SIGCHLD);
    sigaddset(&guarded, SIGTERM);

    for (;;) {
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
                continue;            /* not fatal: accept again */
            die("accept");
        }

        /* fork and record the pid with both handlers held off, so neither
           sees a child that is not in the table yet. */
        sigprocmask(SIG_BLOCK, &guarded, &previous);
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0) {
            signal(SIGCHLD, SIG_DFL);
            signal(SIGTERM, SIG_DFL);
            sigprocmask(SIG_SETMASK, &previous, NULL);
            close(listenfd);
            echo_bytes(connfd);
            exit(0);
        }
        if (!remember_child(pid))
            fprintf(stderr, "tcpserv05: more than %d children: %ld not tracked\n",
                    MAX_CHILDREN, (long)pid);
        sigprocmask(SIG_SETMASK, &previous, NULL);
        close(connfd);
    }
}
