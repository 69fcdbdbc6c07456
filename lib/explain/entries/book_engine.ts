/**
 * Entries for the book engine (`serve --engine book`) and the process and
 * signal scenarios of `echolab chaos` (UNP §5.7–5.13, §5.18).
 *
 * @module
 */

import type { Entry } from "../entry.ts";

/** Catalogue entries keyed by book-engine and chaos event kind. */
export const BOOK_ENGINE_ENTRIES: readonly Entry[] = [
  {
    id: "child-zombie",
    section: "5.7",
    title: {
      en: "the child is a zombie: terminated, but nobody fetched its status",
      zh: "子进程成了僵尸进程：已终止，但没有人取走它的终止状态",
    },
    text: {
      en:
        "The child has terminated and the parent got SIGCHLD, but the parent has not called wait or waitpid. The kernel keeps the child's pid and termination status until it does: ps shows state Z and <defunct>. Each zombie holds a slot in the process table.",
      zh:
        "子进程已终止，父进程也收到了 SIGCHLD，但父进程没有调用 wait 或 waitpid。内核会保留子进程的 pid 和终止状态直到父进程取走：ps 显示状态 Z 和 <defunct>。每个僵尸进程都占用进程表中的一项。",
    },
    os: {
      en:
        "Seen here with waitid(WNOWAIT), which reads the status without reaping, and /proc/PID/stat state Z. The deno engine never shows this: Deno's runtime reaps every child it starts.",
      zh:
        "这里通过 waitid(WNOWAIT)（读取终止状态而不回收）和 /proc/PID/stat 中的状态 Z 观察到。deno 引擎永远看不到这一幕：Deno 运行时会回收它启动的每个子进程。",
    },
  },
];
