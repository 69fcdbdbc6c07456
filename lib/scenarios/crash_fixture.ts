/**
 * The opening every server-host scenario shares (UNP §5.14–5.16): a client
 * on the lab's client host echoes one line, a kernel observer watches its
 * connection, and — for the crash scenarios — the server host crashes.
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";
import type { Bilingual } from "../lang.ts";
import { crashHost } from "../lab/host_faults.ts";
import type { HostProc } from "../lab/host_procs.ts";
import { LabClient } from "../lab/lab_client.ts";
import type { LabRunContext } from "./lab_scenario.ts";
import { type ObserverOptions, TcpObserver } from "../lab/tcp_observer.ts";
import { TOPOLOGY } from "../lab/topology.ts";

/** A connected client that has echoed one line, and the observer of its connection. */
export interface EchoedConnection {
  /** The client on the lab's client host. */
  client: LabClient;
  /** Kernel observer of the client's connection (not started yet). */
  obs: TcpObserver;
}

/**
 * Connect, echo "hello", and attach an observer; both are torn down with the scenario.
 *
 * @example
 * ```ts
 * const { client, obs } = await echoedConnection(ctx);
 * ```
 */
export async function echoedConnection(
  ctx: LabRunContext,
  opts: Pick<ObserverOptions, "neighbour" | "arpTable" | "rtoTopic"> = {},
): Promise<EchoedConnection> {
  const client = await LabClient.connect(ctx.bus);
  ctx.defer(() => client.close());
  await client.echo("hello\n");
  const obs = new TcpObserver(ctx.bus, {
    localPort: client.localPort,
    remotePort: TOPOLOGY.port,
    ...opts,
  });
  ctx.defer(() => obs.stop());
  return { client, obs };
}

/**
 * Crash the server host (address gone, every process SIGKILLed), report
 * what was killed as a `host-crash` event, and return the killed processes.
 *
 * @example
 * ```ts
 * const killed = await crashServerHost(ctx);
 * ```
 */
export function crashServerHost(ctx: LabRunContext): Promise<HostProc[]> {
  return crashHost(ctx.lab.server, ctx.bus);
}

/**
 * The crash the §5.14–5.15 scenarios share: crash the server host, start
 * watching the client's connection from that moment, mark `--states` at the
 * first retransmission, and have the client write `line` — a write that
 * succeeds, since the data only has to reach the send buffer (UNP §5.14).
 * From the mark on, the client's read and write events carry `at_ms` on the
 * observer's clock (`client.lastAtMs`: when the last call returned).
 * Resolves to the processes killed and the write's errno (undefined: it
 * succeeded).
 *
 * @example
 * ```ts
 * const { victims, wrote } = await crashThenWrite(ctx, { client, obs }, "anyone there?\n");
 * ```
 */
export async function crashThenWrite(
  ctx: LabRunContext,
  { client, obs }: EchoedConnection,
  line: string,
): Promise<{ victims: HostProc[]; wrote: string | undefined }> {
  const victims = await crashServerHost(ctx);
  obs.mark();
  // The client's results are timed on the observer's clock: the verdict quotes the error's time.
  client.timeBy(() => obs.sinceMark());
  obs.start();
  statesAtFirst(ctx, (e) => e.kind === "retransmit", {
    en: "retransmitting: the line waits in the send buffer (Send-Q)",
    zh: "正在重传：这一行还在发送缓冲区中（Send-Q）",
  });
  const wrote = await client.write(line);
  return { victims, wrote };
}

/**
 * `--states` in the lab: at the first event matching `when`, mark a moment to
 * read the client host's socket table and processes (`ss -tan`, `ps`) — read
 * inside the lab, where they live (the point carries `inLab`).
 *
 * @example
 * ```ts
 * statesAtFirst(ctx, (e) => e.kind === "retransmit", { en: "retransmitting", zh: "正在重传" });
 * ```
 */
export function statesAtFirst(
  ctx: LabRunContext,
  when: (e: EchoEvent) => boolean,
  label: Bilingual,
): void {
  let done = false;
  const stop = ctx.bus.subscribe((e) => {
    if (done || !when(e)) return;
    done = true;
    // After this event has reached every sink: the point follows it in the output.
    queueMicrotask(() => {
      stop();
      ctx.bus.emit("scenario", "states-point", {
        ports: [TOPOLOGY.port],
        pids: [Deno.pid],
        label: ctx.t(label),
        inLab: true,
        topic: "states-point",
      });
    });
  });
  ctx.defer(stop);
}
