/**
 * `echolab serve --lab`: terminal 1 of the two-terminal demo on the lab
 * network. It starts the lab (echolab serve runs on the server host,
 * 198.18.1.2:9877), shows everything the lab reports, publishes where it is
 * (a runtime file for `connect --lab`, a control socket for `echolab host`),
 * and tears it all down on Ctrl-C or SIGTERM.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import type { EchoEvent } from "../events.ts";
import type { Lang } from "../lang.ts";
import type { TextOut } from "../term/output.ts";
import { reportingBus } from "../report/reporter.ts";
import { shellStatusFor } from "../sys/signals.ts";
import { HOST_SYSCTLS, spawnLab } from "./launch.ts";
import { eventRelay, readNdjson } from "./ndjson.ts";
import {
  claimLab,
  labEpochOf,
  readRuntime,
  recordedRuntime,
  removeRuntime,
  runtimeDir,
  startTicksOf,
  writeRuntime,
} from "./runtime_file.ts";
import { labSkipReason } from "./skip_reason.ts";
import { hostSysctls } from "./sysctl.ts";
import { TOPOLOGY } from "./topology.ts";

/** Options of {@link serveLab}. */
export interface ServeLabOptions {
  /** NDJSON instead of annotated lines. */
  json: boolean;
  /** Language of the explanations. */
  lang: Lang;
  /** Where output goes. */
  stdout: TextOut;
}

type _Relay = (o: Record<string, unknown>) => void;

async function _handleControl(
  conn: Deno.UnixConn,
  send: (line: string) => Promise<void>,
  setRelay: (r: _Relay | undefined) => void,
  nextId: () => number,
): Promise<void> {
  const enc = new TextEncoder();
  let line = "";
  const buf = new Uint8Array(1024);
  while (!line.includes("\n")) {
    const n = await conn.read(buf);
    if (n === null) break;
    line += new TextDecoder().decode(buf.subarray(0, n));
  }
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(line.trim());
  } catch {
    conn.close();
    return;
  }
  const id = nextId();
  const done = new Promise<void>((resolve) => {
    setRelay((o) => {
      conn.write(enc.encode(JSON.stringify(o) + "\n")).catch(() => {});
      if (o.kind === "host-done" && o.id === id) resolve();
    });
  });
  await send(JSON.stringify({ ...request, id }));
  await done;
  setRelay(undefined);
  try {
    conn.close();
  } catch { /* the host command went away */ }
}

/**
 * Run the demo lab until Ctrl-C/SIGTERM; resolves to the exit code.
 *
 * @example
 * ```ts
 * return await serveLab({ json: false, lang: "en", stdout: ctx.stdout });
 * ```
 */
export async function serveLab(opts: ServeLabOptions): Promise<number> {
  const why = await labSkipReason("en");
  if (why) {
    throw new UsageError({
      en: `the lab network is not available here: ${why}`,
      zh: `这里无法使用实验网络：${await labSkipReason("zh")}`,
    }, "serve");
  }
  // One lab at a time: the second says so and touches none of the first one's files.
  const claim = claimLab();
  const running = claim ? readRuntime() : undefined;
  if (!claim || running) {
    claim?.release();
    const pid = (running ?? recordedRuntime())?.owner ?? (running ?? recordedRuntime())?.pid;
    const who = pid ? ` (pid ${pid})` : "";
    throw new UsageError({
      en: `a lab is already running${who}; end it with Ctrl-C in its terminal`,
      zh: `已有一个实验网络在运行${who ? `（pid ${pid}）` : ""}；请在它的终端里按 Ctrl-C 结束它`,
    }, "serve");
  }
  try {
    return await _serveLab(opts);
  } finally {
    claim.release();
  }
}

async function _serveLab(opts: ServeLabOptions): Promise<number> {
  // The lab's clock: connect --lab and host count from this pane's zero.
  const start = performance.now();
  const { bus } = reportingBus({
    start,
    json: opts.json,
    lang: opts.lang,
    stdout: opts.stdout,
    human: opts.stdout,
  });
  const socket = `${runtimeDir()}/lab.sock`;
  // Holding the claim, any lab.json and lab.sock here are stale (a lab ended by SIGHUP or SIGKILL).
  removeRuntime({ pid: 0, socket, tag: "", server: "" });

  const lab = spawnLab(
    ["serve", "--lang", opts.lang, "--host", JSON.stringify(hostSysctls(HOST_SYSCTLS))],
    "piped",
  );
  const stderr = new Response(lab.process.stderr).text();
  let relay: _Relay | undefined;
  let failure: string | undefined;
  let onReady: (e: EchoEvent) => void = () => {};
  const ready = new Promise<EchoEvent>((resolve) => onReady = resolve);
  const republish = eventRelay(bus);
  const relayed = readNdjson(lab.process.stdout, (o) => {
    if (o.kind === "lab-error") {
      failure = String(o.message);
      return;
    }
    const e = republish(o);
    relay?.(e as unknown as Record<string, unknown>);
    if (e.kind === "lab-ready") onReady(e);
  });

  let stoppedBy: "SIGINT" | "SIGTERM" | undefined;
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => stop = resolve);
  const onSignal = (sig: "SIGINT" | "SIGTERM") => () => {
    stoppedBy ??= sig;
    stop();
  };
  const onInt = onSignal("SIGINT");
  const onTerm = onSignal("SIGTERM");
  Deno.addSignalListener("SIGINT", onInt);
  Deno.addSignalListener("SIGTERM", onTerm);
  let listener: Deno.UnixListener | undefined;
  const rt = {
    pid: lab.process.pid,
    socket,
    tag: lab.tag,
    server: "",
    owner: Deno.pid,
    ownerStart: startTicksOf(Deno.pid),
    epochMs: labEpochOf(start),
  };
  try {
    const first = await Promise.race([ready, lab.process.status, stopped]);
    if (!first || !("kind" in first)) {
      if (stoppedBy) return shellStatusFor(stoppedBy);
      await relayed;
      const tail = (await stderr).trim().split("\n").slice(-2).join(" | ");
      throw new Error(failure ?? `the lab ended before it was ready${tail ? `: ${tail}` : ""}`);
    }
    listener = Deno.listen({ transport: "unix", path: socket });
    writeRuntime({ ...rt, server: `${TOPOLOGY.serverAddr}:${TOPOLOGY.port}` });
    bus.emit("lab", "lab-demo", {
      connect: "echolab connect --lab",
      host: "echolab host crash|reboot|shutdown|cut|restore|status",
    });
    let ids = 0;
    let chain = Promise.resolve();
    (async () => {
      for await (const conn of listener!) {
        chain = chain.then(() =>
          _handleControl(conn, (l) => lab.send(l), (r) => relay = r, () => ++ids)
        ).catch(() => {});
      }
    })().catch(() => {});
    await Promise.race([stopped, lab.process.status]);
    if (stoppedBy) return shellStatusFor(stoppedBy);
    throw new Error(failure ?? "the lab ended unexpectedly");
  } finally {
    Deno.removeSignalListener("SIGINT", onInt);
    Deno.removeSignalListener("SIGTERM", onTerm);
    try {
      listener?.close();
    } catch { /* closed */ }
    removeRuntime(rt);
    await lab.kill();
    await relayed;
    await stderr.catch(() => "");
  }
}
