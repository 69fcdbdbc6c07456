/**
 * UNP §7.5 (pointed to from §5.14), SO_KEEPALIVE: an idle connection whose
 * peer host crashed. Nothing is being sent, so nothing is retransmitted; only
 * keepalive probes find out. The keepalive sysctls are per network namespace,
 * so the lab shortens them (Deno's setKeepAlive only switches SO_KEEPALIVE on)
 * and reports the host's values beside them.
 *
 * @module
 */

import { routerSays } from "./router_words.ts";
import type { Verdict } from "../events.ts";
import { crashServerHost, statesAtFirst } from "./crash_fixture.ts";
import { outcomeName, secs } from "../lab/describe.ts";
import { LabClient } from "../lab/lab_client.ts";
import { type LabRunContext, type LabScenario, labScenario } from "./lab_scenario.ts";
import { humanDuration } from "../lab/rto_model.ts";
import { TcpObserver } from "../lab/tcp_observer.ts";
import { TOPOLOGY } from "../lab/topology.ts";

const _TIME = 1;
const _INTVL = 1;
const _PROBES = 2;

const TEXT = {
  book: {
    en:
      "§7.5: with SO_KEEPALIVE set, if no data has crossed the connection for 2 hours TCP sends a keepalive probe. If the peer host has crashed it answers nothing; TCP sends more probes, 75 s apart, and after 11 minutes and 15 seconds without a response (9 probes) it gives up: the socket's pending error is set to ETIMEDOUT and a blocked read returns it (EHOSTUNREACH if an ICMP error came back).",
    zh:
      "§7.5：设置 SO_KEEPALIVE 后，若连接上 2 小时没有数据往来，TCP 就发送一个保持存活探测分节。若对端主机已崩溃，它不会有任何应答；TCP 再发探测，间隔 75 秒，在 11 分 15 秒内（9 个探测）都无应答后放弃：套接字的待处理错误被置为 ETIMEDOUT，阻塞的读返回该错误（若收到 ICMP 错误则为 EHOSTUNREACH）。",
  },
};

async function _inLab(ctx: LabRunContext): Promise<Verdict> {
  const { bus } = ctx;
  const client = await LabClient.connect(bus);
  ctx.defer(() => client.close());
  client.keepalive();
  await client.echo("hello\n");
  const obs = new TcpObserver(bus, { localPort: client.localPort, remotePort: TOPOLOGY.port });
  ctx.defer(() => obs.stop());
  // The idle clock starts at the last segment received: the echo, now.
  obs.mark();
  client.timeBy(() => obs.sinceMark());
  // The error comes from unanswered keepalive probes, not from retransmissions.
  client.readErrorTopic = "keepalive-timeout";
  obs.start();
  statesAtFirst(ctx, (e) => e.kind === "keepalive-probe", {
    en: "a keepalive probe: the idle connection is still ESTABLISHED",
    zh: "一个保持存活探测：空闲连接仍处于 ESTABLISHED",
  });

  await crashServerHost(ctx);
  // The client writes nothing: it waits for the server, as an idle client does.
  const outcome = await client.read();
  // When the read returned: the time of the error event, not after the observer's last look.
  const at = client.lastAtMs ?? obs.sinceMark();
  await obs.stop();

  const errno = outcomeName(outcome);
  const probeTimes = obs.probes.map((p) => (p.atMs / 1000).toFixed(2));
  // A list of numbers: "1.04, 2.05 s" in English, "1.04、2.05 秒" in Chinese.
  const times = { en: probeTimes.join(", "), zh: probeTimes.join("、") };
  const hTime = ctx.hostValues["net.ipv4.tcp_keepalive_time"] ?? 7200;
  const hIntvl = ctx.hostValues["net.ipv4.tcp_keepalive_intvl"] ?? 75;
  const hProbes = ctx.hostValues["net.ipv4.tcp_keepalive_probes"] ?? 9;
  const realMs = (hTime + hIntvl * hProbes) * 1000;
  const asBook = obs.probes.length >= 1 && obs.retransmissions.length === 0 &&
    (errno === "ETIMEDOUT" || errno === "EHOSTUNREACH");

  const observed = ctx.t({
    en:
      `The connection went idle with SO_KEEPALIVE on; the server host crashed and the client sent nothing. The kernel sent ${obs.probes.length} keepalive probes (at ${
        times.en || "—"
      } s of idleness), none answered, and ${
        secs(at)
      } after the last echo the blocked read failed with ${errno}. Lab: tcp_keepalive_time = ${_TIME} s, intvl = ${_INTVL} s, probes = ${_PROBES}.`,
    zh:
      `连接在开启 SO_KEEPALIVE 的情况下空闲；服务器主机崩溃，客户什么也没发。内核发出了 ${obs.probes.length} 个保持存活探测（空闲 ${
        times.zh || "—"
      } 秒时），都没有应答；最后一次回射之后 ${
        secs(at, "zh")
      }，阻塞的读以 ${errno} 失败。实验室：tcp_keepalive_time = ${_TIME} 秒，intvl = ${_INTVL} 秒，probes = ${_PROBES}。`,
  });
  const note = ctx.t({
    en:
      `Without keepalive this client would wait forever: no data is outstanding, so nothing is retransmitted and no timer runs. This host's values are tcp_keepalive_time = ${hTime} s, intvl = ${hIntvl} s, probes = ${hProbes}: detection after ${
        humanDuration(realMs)
      }, as in the book. They are per network namespace; a program can shorten them per socket with TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT — Deno's conn.setKeepAlive() only switches SO_KEEPALIVE on, so the lab sets the namespace's sysctls instead. Linux drops the connection and sets the pending error to ETIMEDOUT when tcp_keepalive_probes (${_PROBES} in the lab) probes have gone unanswered and the next one is due: idle time + probes × intvl.`,
    zh:
      `没有保持存活，这个客户会永远等下去：没有未确认的数据，就没有重传，也没有任何计时器在走。本机的值是 tcp_keepalive_time = ${hTime} 秒、intvl = ${hIntvl} 秒、probes = ${hProbes}：在 ${
        humanDuration(realMs, "zh")
      }后才能发现，与书中一致。这些参数按网络命名空间设置；程序可以用 TCP_KEEPIDLE、TCP_KEEPINTVL 和 TCP_KEEPCNT 按套接字缩短——Deno 的 conn.setKeepAlive() 只能打开 SO_KEEPALIVE，因此实验室改为设置命名空间的 sysctl。Linux 在 tcp_keepalive_probes（实验室中为 ${_PROBES}）个探测都无应答、下一个探测到期时丢弃连接，并把待处理错误置为 ETIMEDOUT：空闲时间 + probes × intvl。`,
  });
  return {
    scenario: "keepalive",
    status: asBook ? "as-book" : "differs",
    book: ctx.t(TEXT.book),
    observed: observed + routerSays(ctx, "static-arp"),
    note,
  };
}

/**
 * The `keepalive` scenario.
 *
 * @example
 * ```ts
 * await runScenario(keepalive, bus, "en", new AbortController().signal);
 * ```
 */
export const keepalive: LabScenario = labScenario({
  name: "keepalive",
  emits: [
    "accepted",
    "connected",
    "echo",
    "error",
    "host-crash",
    "keepalive-on",
    "keepalive-probe",
    "listening",
    "tcp-gave-up",
    "tcp-state",
    "worker",
    "write",
  ],
  section: "7.5",
  title: {
    en: "an idle connection to a crashed host: keepalive probes, then ETIMEDOUT",
    zh: "到已崩溃主机的空闲连接：保持存活探测，然后 ETIMEDOUT",
  },
  timeoutMs: 10_000,
  sysctls: {
    "net.ipv4.tcp_keepalive_time": _TIME,
    "net.ipv4.tcp_keepalive_intvl": _INTVL,
    "net.ipv4.tcp_keepalive_probes": _PROBES,
  },
  inLab: _inLab,
});
