/**
 * Verifying observation exercises against the machine as it is right now:
 * the TCP table (/proc/net/tcp) and the process table. The learner leaves
 * the experiment running and asks echolab to look.
 *
 * @module
 */

import { countOf } from "../term/words.ts";
import { allProcesses, childrenOf, socketInodes } from "../proc/process_tree.ts";
import type { TcpSocketRow } from "../proc/parse_net_tcp.ts";
import { socketTable } from "../proc/socket_table.ts";
import type { Bilingual } from "../lang.ts";

/** The outcome of a verification. */
export interface Verdict {
  /** pass, fail, or skipped (could not be checked here). */
  status: "pass" | "fail" | "skipped";
  /** What was observed. */
  observed: Bilingual;
  /** Observed values for --json. */
  data?: Record<string, unknown>;
}

function _pair(s: TcpSocketRow): string {
  return `${s.local} ↔ ${s.foreign}`;
}

/**
 * Exercise 1: a connection to `port` is ESTABLISHED, both ends visible, next to a listener.
 *
 * @example
 * ```ts
 * verifyEstablished(9877).status; // "pass" while serve and connect run
 * ```
 */
export function verifyEstablished(port: number): Verdict {
  const all = socketTable();
  const listening = all.some((s) => s.state === "LISTEN" && s.localPort === port);
  const clients = all.filter((s) => s.state === "ESTABLISHED" && s.foreignPort === port);
  const pairs = clients.filter((c) =>
    all.some((s) =>
      s.state === "ESTABLISHED" && s.localPort === port && s.foreignPort === c.localPort
    )
  );
  if (!listening) {
    return {
      status: "fail",
      observed: {
        en: `nothing listens on port ${port}: start 'echolab serve' (and leave it running)`,
        zh: `端口 ${port} 上没有进程在监听：请启动 'echolab serve'（并保持运行）`,
      },
    };
  }
  if (pairs.length === 0) {
    return {
      status: "fail",
      observed: {
        en:
          `a server listens on port ${port}, but no client is connected: run 'echolab connect' and leave it running`,
        zh: `端口 ${port} 上有服务器在监听，但没有客户连接：请运行 'echolab connect' 并保持运行`,
      },
    };
  }
  const c = pairs[0];
  return {
    status: "pass",
    observed: {
      en: `LISTEN on port ${port}, and ${
        countOf(pairs.length, "established connection")
      }; the client's end ${_pair(c)} — its ephemeral port ${c.localPort} was chosen by the kernel`,
      zh: `端口 ${port} 处于 LISTEN，且有 ${pairs.length} 个已建立的连接；客户 ${
        _pair(c)
      }——临时端口 ${c.localPort} 由内核选择`,
    },
    data: { connections: pairs.map(_pair), clientPort: c.localPort },
  };
}

/**
 * Exercise 2: the client's end of a connection to `port` is in TIME_WAIT.
 *
 * @example
 * ```ts
 * verifyTimeWait(9877).status; // "pass" within 60 s of ending a client
 * ```
 */
export function verifyTimeWait(port: number): Verdict {
  const all = socketTable();
  const clientSide = all.filter((s) => s.state === "TIME_WAIT" && s.foreignPort === port);
  const serverSide = all.filter((s) => s.state === "TIME_WAIT" && s.localPort === port);
  if (clientSide.length > 0) {
    return {
      status: "pass",
      observed: {
        en: `${clientSide.length} client end(s) in TIME_WAIT, e.g. ${
          _pair(clientSide[0])
        }: the client closed first`,
        zh: `${clientSide.length} 个客户处于 TIME_WAIT，例如 ${_pair(clientSide[0])}：客户先关闭`,
      },
      data: { timeWait: clientSide.map(_pair) },
    };
  }
  if (serverSide.length > 0) {
    return {
      status: "fail",
      observed: {
        en: `only the server's end is in TIME_WAIT (${
          _pair(serverSide[0])
        }): here the server closed first`,
        zh: `只有服务器处于 TIME_WAIT（${_pair(serverSide[0])}）：这里是服务器先关闭的`,
      },
    };
  }
  return {
    status: "fail",
    observed: {
      en:
        `no connection to port ${port} is in TIME_WAIT: end a client with Ctrl-D, then verify within 60 s`,
      zh: `没有到端口 ${port} 的连接处于 TIME_WAIT：用 Ctrl-D 结束一个客户，然后在 60 秒内验证`,
    },
  };
}

/**
 * Exercise 3: the client's end of a connection to `port` is in CLOSE_WAIT (the server's FIN arrived).
 *
 * @example
 * ```ts
 * verifyCloseWait(9877).status; // "pass" after killing the server child
 * ```
 */
export function verifyCloseWait(port: number): Verdict {
  const all = socketTable();
  const waiting = all.filter((s) => s.state === "CLOSE_WAIT" && s.foreignPort === port);
  if (waiting.length === 0) {
    return {
      status: "fail",
      observed: {
        en:
          `no connection to port ${port} is in CLOSE_WAIT: kill the server's child while the client runs, then verify before typing`,
        zh:
          `没有到端口 ${port} 的连接处于 CLOSE_WAIT：在客户运行时杀死服务器子进程，然后在输入之前验证`,
      },
    };
  }
  const c = waiting[0];
  const peer = all.find((s) =>
    s.localPort === port && s.foreignPort === c.localPort && s.state !== "LISTEN"
  );
  const other = peer
    ? { en: `, the server's end in ${peer.state}`, zh: `，服务器处于 ${peer.state}` }
    : {
      en: ", the server's end already gone",
      zh: "，服务器已经不存在",
    };
  return {
    status: "pass",
    observed: {
      en: `the client's end ${
        _pair(c)
      } is in CLOSE_WAIT${other.en}: the FIN arrived, the client has not noticed yet`,
      zh: `客户 ${_pair(c)} 处于 CLOSE_WAIT${other.zh}：FIN 已到达，客户还没有察觉`,
    },
    data: { closeWait: _pair(c), server: peer?.state },
  };
}

/**
 * Exercise 4: `answer` equals the number of zombie children of the process listening on `port`.
 *
 * @example
 * ```ts
 * verifyZombieCount(9877, 3).status;
 * ```
 */
export function verifyZombieCount(port: number, answer: number): Verdict {
  const listening = new Set(
    socketTable().filter((s) => s.state === "LISTEN" && s.localPort === port).map((s) => s.inode),
  );
  const procs = allProcesses();
  const holders = procs.filter((p) => [...socketInodes(p.pid)].some((i) => listening.has(i)));
  const pids = new Set(holders.map((h) => h.pid));
  const server = holders.find((h) => !pids.has(h.ppid));
  if (!server) {
    return {
      status: "fail",
      observed: {
        en: `no process of yours listens on port ${port}: start your server and leave it running`,
        zh: `没有你的进程在端口 ${port} 上监听：请启动你的服务器并保持运行`,
      },
    };
  }
  const zombies = childrenOf(server.pid, procs).filter((c) => c.state === "Z").map((c) => c.pid);
  const data = { server: server.pid, zombies };
  if (zombies.length === 0) {
    return {
      status: "fail",
      observed: {
        en:
          `your server (pid ${server.pid}, ${server.comm}) has no zombie children right now: end a few clients first`,
        zh: `你的服务器（pid ${server.pid}，${server.comm}）此刻没有僵尸子进程：先结束几个客户`,
      },
      data,
    };
  }
  if (answer !== zombies.length) {
    return {
      status: "fail",
      observed: {
        en:
          `not what /proc shows for the children of pid ${server.pid}: count again with ps -o pid,ppid,stat,args --ppid ${server.pid}`,
        zh:
          `与 /proc 中 pid ${server.pid} 的子进程情况不符：用 ps -o pid,ppid,stat,args --ppid ${server.pid} 再数一次`,
      },
      data: { server: server.pid },
    };
  }
  return {
    status: "pass",
    observed: {
      en: `yes: ${zombies.length} children of pid ${server.pid} are in state Z: ${
        zombies.join(", ")
      }`,
      zh: `正确：pid ${server.pid} 有 ${zombies.length} 个子进程处于 Z 状态：${zombies.join("、")}`,
    },
    data,
  };
}
