/**
 * UNP §5.15, crashing and rebooting of the server host: the host crashes, the
 * client's write is retransmitted into the void, the host comes back with the
 * same address but a fresh TCP stack, and the next retransmission is answered
 * with an RST: the client's read fails with ECONNRESET.
 *
 * @module
 */

import { routerSays } from "./router_words.ts";
import type { Verdict } from "../events.ts";
import { describeRetransmissions, describeWrite, outcomeName, secs } from "../lab/describe.ts";
import { crashThenWrite, echoedConnection } from "./crash_fixture.ts";
import { type LabRunContext, type LabScenario, labScenario } from "./lab_scenario.ts";

/** How long the host stays down before it boots again (ms). */
const _DOWN_MS = 1000;

const TEXT = {
  book: {
    en:
      "§5.15: the server host crashes while the client is idle, then reboots. The client sends a line; the data reaches the rebooted host, whose TCP has lost all knowledge of the connection, so it answers with an RST. The client, blocked in readline, gets ECONNRESET.",
    zh:
      "§5.15：服务器主机在客户空闲时崩溃，随后重启。客户发送一行文本；数据到达重启后的主机，而它的 TCP 已丢失该连接的全部信息，于是以 RST 回应。阻塞于 readline 的客户得到 ECONNRESET。",
  },
  note: {
    en:
      "A reboot that happens before the client's TCP gives up looks, to the client, exactly like §5.15: the retransmissions sent while the host was down vanished, the first one after the reboot met a TCP stack that never heard of the connection. The lab's reboot is a new network namespace taking over the server's interface and address — the old kernel state is destroyed with the old namespace — and echolab serve starting again; the RST comes from the new kernel, not from the server process.",
    zh:
      "在客户 TCP 放弃之前完成的重启，在客户看来与 §5.15 完全一样：主机宕机期间发出的重传都消失了，重启后的第一次重传遇到的是一个从未听说过该连接的 TCP 协议栈。实验室的重启是由一个新的网络命名空间接管服务器的接口和地址——旧的内核状态随旧命名空间一起销毁——并重新启动 echolab serve；RST 来自新的内核，而不是服务器进程。",
  },
};

async function _inLab(ctx: LabRunContext): Promise<Verdict> {
  const { bus, lab } = ctx;
  const conn = await echoedConnection(ctx);
  const { client, obs } = conn;

  const { wrote } = await crashThenWrite(ctx, conn, "are you back?\n");
  const reading = client.read();

  await new Promise((r) => setTimeout(r, _DOWN_MS));
  const before = obs.retransmissions.length;
  const host = await lab.reboot();
  const rebootAt = obs.sinceMark();
  bus.emit("lab", "host-reboot", {
    host: "server",
    generation: host.generation,
    netns: host.netns,
    down_ms: rebootAt,
  });
  const outcome = await reading;
  // When the read returned: the time of the error event, not after the observer's last look.
  const at = client.lastAtMs ?? obs.sinceMark();
  await obs.stop();

  const errno = outcomeName(outcome);
  const lost = obs.retransmissions.slice(0, before);
  const lostText = describeRetransmissions(lost);
  const asBook = wrote === undefined && errno === "ECONNRESET" && obs.resetAtMs !== undefined;
  const observed = ctx.t({
    en: `The server host crashed; the client's write ${
      describeWrite(wrote).en
    } and ${lost.length} retransmissions vanished while the host was down (${lostText.en}). The host was back ${
      secs(rebootAt)
    } after the write with a new network namespace; ${
      obs.resetAtMs !== undefined
        ? `an RST arrived ${secs(obs.resetAtMs)} after the write`
        : "no RST was seen"
    } and the read failed with ${errno} at ${secs(at)}.`,
    zh: `服务器主机崩溃；客户的写${
      describeWrite(wrote).zh
    }，主机宕机期间的 ${lost.length} 次重传都消失了（${lostText.zh}）。写之后 ${
      secs(rebootAt, "zh")
    }，主机以新的网络命名空间恢复；${
      obs.resetAtMs !== undefined ? `写之后 ${secs(obs.resetAtMs, "zh")} 收到 RST` : "没有看到 RST"
    }，读操作在 ${secs(at, "zh")} 以 ${errno} 失败。`,
  });
  return {
    scenario: "crash-reboot",
    status: asBook ? "as-book" : "differs",
    book: ctx.t(TEXT.book),
    observed: observed + routerSays(ctx),
    note: ctx.t(TEXT.note),
  };
}

/**
 * The `crash-reboot` scenario.
 *
 * @example
 * ```ts
 * await runScenario(crashReboot, bus, "en", new AbortController().signal);
 * ```
 */
export const crashReboot: LabScenario = labScenario({
  name: "crash-reboot",
  emits: [
    "accepted",
    "connected",
    "echo",
    "error",
    "host-crash",
    "host-reboot",
    "listening",
    "retransmit",
    "rst-received",
    "tcp-state",
    "worker",
    "write",
  ],
  section: "5.15",
  title: {
    en: "the server host crashes and reboots: the retransmission meets an RST, ECONNRESET",
    zh: "服务器主机崩溃后重启：重传遇到 RST，ECONNRESET",
  },
  timeoutMs: 10_000,
  sysctls: {},
  inLab: _inLab,
});
