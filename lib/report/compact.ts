/**
 * The default human view, made for learning: one line per event in time
 * order, the decisive packets (SYN, FIN, RST, retransmissions, ICMP) among
 * them, a short gloss (`§5.12 title`) the first time an explanation applies,
 * setup and cleanup folded to one marked line each, and repeats of the same
 * step (five clients connecting) folded to one line with their count. The
 * full explanations are `-v`, `echolab explain`, and `--json` keeps every
 * event.
 *
 * Lines are built per burst (events less than {@link BURST_MS} apart) so
 * repeats can fold; a burst is printed when the next one starts, after
 * {@link BURST_MS} of quiet, or at {@link CompactRenderer.flush}.
 *
 * @module
 */

import type { EchoEvent } from "../events.ts";
import { entryFor } from "../explain/catalogue.ts";
import { ZH_LIST_SEPARATOR } from "../explain/glossary.ts";
import { showsPacket } from "./decisive_packets.ts";
import type { Lang } from "../lang.ts";
import type { TextOut } from "../term/output.ts";
import { ACTOR_STYLE, paint } from "../term/style.ts";
import { summarize } from "./summary.ts";
import { displayWidth, wrapColumns } from "../term/text_width.ts";

/** Events closer than this (ms) belong to one burst, where repeats fold. */
export const BURST_MS = 50;

/** Columns when the output is not a terminal (a pipe or file). */
const _PIPE_COLUMNS = 100;
/** Time (10) + space + actor (7) + space. */
const _HEAD = 20;

/** Kinds that set the stage: folded into one `setup` line. */
const _SETUP = new Set(["listening", "worker", "lab-sysctl", "lab-ready"]);
/** Kinds a poller reports one by one, seconds apart: consecutive ones fold across bursts. */
const _REPEATS = new Set(["retransmit", "keepalive-probe"]);
/** Kinds of parallel clients' steps: none causes another of the same burst. */
const _PARALLEL = new Set(["packet", "connected", "accepted", "echo"]);
/** Kinds that always keep a line of their own. */
const _UNFOLDED = new Set(["scenario-start", "capture-skipped", "sigchld", "kill"]);
/** How many left-out data segments are kept for the ICMP errors that may quote them. */
const _UNSHOWN_MAX = 64;
/** Kinds the default view leaves to `-v` and `--json` (the tables come as `states` events). */
const _QUIET = new Set(["states-point", "capture-stats"]);

interface _Line {
  /** Fold key; undefined: never folds. */
  key?: string;
  events: EchoEvent[];
  /** `setup` / `cleanup` lines gather their events' summaries. */
  mark?: "setup" | "cleanup";
  /** Events merged into this line for their meaning (a poller's word on a retransmission). */
  extra?: EchoEvent[];
  /** The next step of the same process, told on this line (`…, reaped by waitpid`). */
  then?: EchoEvent;
  /** When lines with a `then` fold: each folded step's own next step, in order. */
  thens?: EchoEvent[];
  /** The line's text, when it is not its events' summary (a heading joined with the first part's). */
  text?: string;
  /** On a SIGCHLD line: what the handler run after that delivery found (see {@link _handled}). */
  handled?: _Line[];
}

interface _Words {
  setup: string;
  cleanup: string;
  until: (t: string) => string;
  late: string;
}

const _WORDS: Record<Lang, _Words> = {
  en: {
    setup: "setup:",
    cleanup: "cleanup (after the experiment):",
    until: (t) => `(until ${t}ms)`,
    late: "(arrived late: printed out of time order)",
  },
  zh: {
    setup: "准备：",
    cleanup: "清理（实验之后）：",
    until: (t) => `（直到 ${t}ms）`,
    late: "（到达较晚：未按时间顺序打印）",
  },
};

/** Options for {@link CompactRenderer}. */
export interface CompactOptions {
  /** Language of the summaries and glosses. */
  lang: Lang;
}

/**
 * Renders time-ordered events as the short default view.
 *
 * @example
 * ```ts
 * const r = new CompactRenderer(out, { lang: "en" });
 * for (const e of events) r.render(e);
 * r.flush();
 * ```
 */
export class CompactRenderer {
  #out: TextOut;
  #lang: Lang;
  #burst: _Line[] = [];
  #lastT = -Infinity;
  #glossed = new Set<string>();
  #clients = new Set<string>();
  #cleanup: _Line | undefined;
  #scenario: string | undefined;
  /** Setup steps not yet printed: they gather until the experiment's next step. */
  #setup: _Line | undefined;
  #workerShown = false;
  /** A scenario's heading, printed with the next event (see `render`). */
  #heading: EchoEvent | undefined;
  /** A line that may still grow (see {@link _REPEATS}). */
  #held: _Line | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Data segments left out of the view, by `from|seq`: an ICMP that quotes one shows it. */
  #unshown = new Map<string, EchoEvent>();
  /** The left-out segment being shown for the ICMP that quotes it. */
  #forced: EchoEvent | undefined;

  /** Render to `out` in `opts.lang`. */
  constructor(out: TextOut, opts: CompactOptions) {
    this.#out = out;
    this.#lang = opts.lang;
  }

  /** Take the next event (events must come in time order: see TimeOrder). */
  render(e: EchoEvent): void {
    if (e.kind === "scenario-start") {
      this.flush();
      this.#glossed.clear();
      this.#clients.clear();
      this.#scenario = typeof e.scenario === "string" ? e.scenario : undefined;
      this.#workerShown = false;
      // Held for one event: a scenario in parts names its first part on the heading's line.
      this.#heading = e;
      return;
    }
    if (this.#heading) {
      const heading = this.#heading;
      this.#heading = undefined;
      if (e.kind === "part" && e.n === 1) {
        const text = `${summarize(heading, this.#lang)} ${
          summarize(e, this.#lang).replace(/^── /, "")
        }`;
        if (displayWidth(text) <= (this.#out.columns ?? _PIPE_COLUMNS) - _HEAD) {
          this.#print({ events: [heading], text });
          return;
        }
      }
      this.#print({ events: [heading] });
    }
    if (e.kind === "scenario-cleanup") {
      this.#endSetup();
      this.#endBurst();
      this.#cleanup = { events: [], mark: "cleanup" };
      return;
    }
    if (e.kind === "packet" && e.flags === "SYN") this.#clients.add(String(e.from));
    const packet = e.kind === "packet" || e.kind === "icmp";
    // The FINs a close sends are told on the close's line, whichever segments are shown.
    if (e.kind === "packet" && !this.#cleanup && this.#wireOfClose(e)) return;
    const shown = packet && (e === this.#forced ||
      showsPacket(this.#scenario, e, this.#clients.has(String(e.from))));
    // A copy sent again: an ICMP that comes now may answer that copy, not the first.
    if (e.kind === "packet" && e.retransmit) this.#unshown.delete(`${e.from}|${e.seq}`);
    if (packet && !shown && e.kind === "packet") this.#remember(e);
    if (_QUIET.has(e.kind) || (packet && !shown)) return;
    // An ICMP error's cause first: the data segment it quotes, when that line was left out.
    const quoted = e.kind === "icmp" && !this.#cleanup ? this.#quotedBy(e) : undefined;
    if (quoted) {
      this.#forced = quoted;
      this.render(quoted);
      this.#forced = undefined;
    }
    // Reaped by the server's own end: its `shutdown` line says so ("… all reaped").
    if (e.kind === "reaped" && e.shutdown) return;
    if (this.#cleanup) {
      // Teardown's segments (the last FINs) stay in --json and -v.
      if (packet) return;
      this.#cleanup.events.push(e);
      return;
    }
    // Inside a chaos scenario; `serve` shows its listening line as the event it is.
    if (_SETUP.has(e.kind) && this.#scenario !== undefined) {
      // The worker is named once per scenario (a server started again runs the same one).
      if (e.kind === "worker" && this.#workerShown) return;
      if (e.kind === "worker") this.#workerShown = true;
      if (!this.#setup) {
        this.#endBurst();
        this.#setup = { events: [], mark: "setup" };
      }
      this.#setup.events.push(e);
      return;
    }
    this.#endSetup();
    if (e.t - this.#lastT > BURST_MS) this.#endBurst();
    // RFC 6069: an unreachable error undoes the backoff of the retransmission just
    // counted; it joins that line (a run of them then folds as one).
    const held = this.#held;
    if (
      e.kind === "rto-revert" && this.#burst.length === 0 && held?.events[0].kind === "retransmit"
    ) {
      held.then ??= e;
      (held.thens ??= []).push(e);
      return;
    }
    this.#lastT = Math.max(this.#lastT, e.t);
    if (e.kind === "retransmit" && this.#noteRetransmit(e)) return;
    if (e.kind === "states") {
      // Tables (--states) print where they were read, after what came before them.
      this.#endBurst();
      this.#burst.push({ events: [e] });
      this.#endBurst();
      return;
    }
    // What /proc shows after a server's end (its children gone) joins that end's line.
    const prev = this.#burst.at(-1);
    if (
      this.#folds() && e.kind === "proc-state" && e.state === "gone" &&
      prev?.events[0].kind === "shutdown" && !prev.then
    ) {
      (prev.extra ??= []).push(e);
      this.#arm();
      return;
    }
    // The next step of the same child or thread joins its line: "exited …, reaped by waitpid".
    if (this.#folds() && prev && !prev.then && !prev.mark && _joins(prev.events.at(-1)!, e)) {
      prev.then = e;
      prev.key = `${prev.key}|+${e.kind}`;
      this.#arm();
      return;
    }
    const key = this.#keyOf(e);
    // Steps of many connections at once (five FINs, five connects) fold into one line
    // per kind (segments: per direction and flags) across other such steps — never
    // across anything else (a close, an accept), which may be the cause of this one.
    const same = this.#folds() && _PARALLEL.has(e.kind) && this.#parallelLine(key);
    if (same) same.events.push(e);
    else this.#burst.push({ key, events: [e] });
    this.#arm();
  }

  /** A data segment's first transmission not shown, kept (the latest few) for {@link #quotedBy}. */
  #remember(e: EchoEvent): void {
    if (!(Number(e.len) > 0) || e.retransmit) return;
    this.#unshown.set(`${e.from}|${e.seq}`, e);
    if (this.#unshown.size > _UNSHOWN_MAX) this.#unshown.delete(this.#unshown.keys().next().value!);
  }

  /** The left-out segment an ICMP error quotes (its relative seq), once. */
  #quotedBy(icmp: EchoEvent): EchoEvent | undefined {
    if (icmp.quotedSeqRel === undefined) return undefined;
    const key = `${icmp.quotedFrom}|${icmp.quotedSeqRel}`;
    const e = this.#unshown.get(key);
    this.#unshown.delete(key);
    // Never before a line already printed: time order holds.
    return e && e.t >= this.#lastT ? e : undefined;
  }

  /** The line of this burst with `key` when only parallel steps came after it. */
  #parallelLine(key: string | undefined): _Line | undefined {
    for (let i = this.#burst.length - 1; i >= 0; i--) {
      const line = this.#burst[i];
      if (line.key === key) return line;
      if (!_PARALLEL.has(line.events[0].kind) || line.then || line.extra) return undefined;
    }
    return undefined;
  }

  /** Print the burst after {@link BURST_MS} of quiet. */
  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#endBurst(), BURST_MS);
    Deno.unrefTimer(this.#timer as unknown as number);
  }

  /** Print everything pending, the cleanup line included (before a verdict). */
  flush(): void {
    const heading = this.#heading;
    this.#heading = undefined;
    if (heading) this.#print({ events: [heading] });
    this.#endSetup();
    this.#endBurst();
    const held = this.#held;
    this.#held = undefined;
    if (held) this.#print(held);
    const cleanup = this.#cleanup;
    this.#cleanup = undefined;
    if (cleanup && cleanup.events.length > 0) this.#print(cleanup);
  }

  /** The fold key: same actor, kind, operation, errno, signal; packets by flags and direction. */
  /**
   * Whether steps fold and join (inside a chaos scenario). `serve` and
   * `connect` print each event on its own line as it happens: a learner
   * typing in one terminal watches the other react line by line.
   */
  #folds(): boolean {
    return this.#scenario !== undefined;
  }

  #keyOf(e: EchoEvent): string | undefined {
    // Counted deliveries (SIGCHLD #1, #2) are the lesson of §5.10: never folded away.
    if (_UNFOLDED.has(e.kind)) return undefined;
    const dir = e.kind === "packet"
      ? (this.#clients.has(String(e.from)) ? "c>s" : "s>c") + (e.retransmit ? "r" : "")
      : "";
    return [e.actor, e.kind, e.op, e.errno, e.signal, e.flags, e.by, e.code, dir].join("|");
  }

  #endSetup(): void {
    const setup = this.#setup;
    this.#setup = undefined;
    if (setup && setup.events.length > 0) this.#print(setup);
  }

  /**
   * A /proc poller's retransmission event says what the captured copy just
   * shown was (tail loss probe or RTO): put that on the packet's line.
   */
  #noteRetransmit(e: EchoEvent): boolean {
    for (let i = this.#burst.length - 1; i >= 0; i--) {
      const line = this.#burst[i];
      const p = line.events[0];
      if (p.kind !== "packet" || !p.retransmit) continue;
      if (line.extra) return false;
      line.extra = [e];
      return true;
    }
    return false;
  }

  /**
   * The FINs a client's close sends join its `clients-closed` line ("5 FINs
   * — on the wire: 5× client → server FIN,ACK"): the count and the wire agree.
   */
  #wireOfClose(e: EchoEvent): boolean {
    if (!String(e.flags).includes("FIN") || !this.#clients.has(String(e.from))) return false;
    const line = this.#burst.find((l) => l.events[0].kind === "clients-closed");
    if (!line) return false;
    (line.extra ??= []).push(e);
    return true;
  }

  #endBurst(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#burst.length === 0) return;
    const lines = this.#folds() ? _handled(_fold(this.#burst)) : _exitsFirst(this.#burst);
    this.#burst = [];
    // A poller's retransmissions with no captured copy (none left the host: ARP failed)
    // come one per burst: a run of them folds into one line, printed when the run ends.
    const held = this.#held;
    if (held && lines.length === 1 && lines[0].key === _baseKey(held.key)) {
      held.events.push(...lines[0].events);
      return;
    }
    this.#held = undefined;
    if (held) this.#print(held);
    const tail = lines.at(-1);
    if (tail && _REPEATS.has(tail.events[0].kind) && !tail.extra) this.#held = lines.pop();
    for (const line of lines) this.#print(line);
  }

  #print(line: _Line): void {
    const first = line.events[0];
    const c = this.#out.color;
    const width = this.#out.columns ?? _PIPE_COLUMNS;
    if (first.kind === "states") {
      // A states snapshot: the reporter shows it as tables.
      this.onStates?.(first);
      return;
    }
    const w = _WORDS[this.#lang];
    const time = paint(c, "dim", `${first.t.toFixed(1).padStart(9)}ms`);
    if (line.mark) {
      const label = line.mark === "setup" ? w.setup : w.cleanup;
      const parts = this.#setupParts(line.events);
      // A Chinese label ends in a full-width colon: no space after it.
      const text = `${label}${this.#lang === "zh" ? "" : " "}${parts.join(" · ")}`;
      const lines = wrapColumns(text, width - _HEAD, "");
      const actor = paint(c, "dim", "·".padEnd(7));
      this.#out.line(`${time} ${actor} ${paint(c, "dim", lines[0] ?? "")}`);
      for (const l of lines.slice(1)) this.#out.line(" ".repeat(_HEAD) + paint(c, "dim", l));
      return;
    }
    const last = line.events.at(-1)!;
    const actor = paint(c, ACTOR_STYLE[first.actor] ?? "bold", first.actor.padEnd(7));
    const isError = first.kind === "error" || first.kind === "eof" ||
      first.kind === "read-timeout";
    const packet = first.kind === "packet" || first.kind === "icmp";
    let text = line.text ??
      (first.kind === "sigchld" && line.events.length > 1
        ? _deliveries(line.events, this.#lang) + _handledTail(line, this.#lang)
        : line.handled
        ? summarize(first, this.#lang) + _handledTail(line, this.#lang)
        : line.then
        ? _joined(last, line.thens?.at(-1) ?? line.then, this.#lang)
        : first.kind === "packet"
        ? this.#packetText(last, line.extra?.[0])
        : first.kind === "icmp"
        ? this.#icmpText(last)
        : summarize(last, this.#lang));
    if (line.events.length > 1 && first.kind === "accepted") {
      // The children's pids, for `kill PID` and `ps` in another terminal.
      const pids = line.events.map((a) => a.child);
      text = this.#lang === "zh"
        ? `${line.events.length}× 接受了连接 → 子进程 ${pids.join(ZH_LIST_SEPARATOR)}${
          last.worker ? `（${last.worker}）` : ""
        }（${last.live} 个活动子进程）`
        : `${line.events.length}× accepted → children ${pids.join(", ")}${
          last.worker ? ` (${last.worker})` : ""
        } (${last.live} live)`;
    } else if (line.events.length > 1 && _LIFECYCLE.has(first.kind)) {
      // Each child by its pid: `41, 42 exited (exit code 0): 2 zombies now`.
      text = _handledText(line, this.#lang);
    } else if (line.events.length > 1 && first.kind !== "sigchld") {
      text = `${line.events.length}× ${text}`;
      // The end of the fold's span, where there is room for it.
      const until = ` ${w.until(last.t.toFixed(1))}`;
      if (displayWidth(text + until) <= width - _HEAD) text += until;
    }
    if (first.kind === "clients-closed" && line.extra?.length) {
      const fins = line.extra;
      text += this.#lang === "zh"
        ? `——线路上：${fins.length} 个 客户 → 服务器 ${fins[0].flags}`
        : ` — on the wire: ${fins.length}× client → server ${fins[0].flags}`;
    }
    if (first.kind === "shutdown" && line.extra?.length) {
      // Which pids: the lines before name them, and -v and --json list each look.
      const n = line.extra.length;
      text += this.#lang === "zh" ? `；/proc：${n} 个已消失` : `; /proc: ${n} gone`;
    }
    if (first.late) text += ` ${w.late}`;
    const style = (s: string) =>
      isError ? paint(c, ["red", "bold"], s) : packet ? paint(c, "magenta", s) : s;
    // A SIGCHLD line's gloss: what its handler found first (a child killed, a zombie).
    const handled = (line.handled ?? []).flatMap((h) => [h.events[0], ...(h.then ? [h.then] : [])]);
    const glossed = [...handled, first, ...(line.extra ?? []), ...(line.then ? [line.then] : [])];
    const gloss = glossed.map((g) => this.#gloss(g)).find((g) => g);
    // Ctrl-C's echoed `^C` takes two columns in front of the line that tells its SIGINT.
    const room = width - _HEAD - (first.kind === "shutdown" && first.signal === "SIGINT" ? 2 : 0);
    const pieces = displayWidth(text) <= room ? [text] : wrapColumns(text, room, "");
    // The gloss goes beside the line's last piece, whole or up to its colon (never cut
    // mid-word: a cut gloss can lose the decisive words); too little room: none.
    const free = room - displayWidth(pieces.at(-1)!) - 2;
    const fitted = gloss ? fitGloss(gloss, free) : undefined;
    const beside = fitted ? `  ${paint(c, "dim", fitted)}` : "";
    pieces.forEach((p, i) => {
      const head = i === 0 ? `${time} ${actor} ` : " ".repeat(_HEAD);
      this.#out.line(head + style(p) + (i === pieces.length - 1 ? beside : ""));
    });
  }

  /**
   * A segment by role (`client → server FIN,ACK seq 7 ack 7`) when its
   * connection's SYN was seen; a retransmission with its gap and, from the
   * poller, what it was (tail loss probe, or RTO and the next one).
   */
  #packetText(e: EchoEvent, rtx?: EchoEvent): string {
    const from = String(e.from);
    const to = String(e.to);
    if (!this.#clients.has(from) && !this.#clients.has(to)) return summarize(e, this.#lang);
    const zh = this.#lang === "zh";
    const [client, server] = zh ? ["客户", "服务器"] : ["client", "server"];
    const dir = this.#clients.has(from) ? `${client} → ${server}` : `${server} → ${client}`;
    const seq = Number(e.seq);
    const len = Number(e.len ?? 0);
    let text = `${dir} ${e.flags} seq ${len > 0 ? `${seq}:${seq + len}` : seq}`;
    if (!e.retransmit) return e.ack !== undefined ? `${text} ack ${e.ack}` : text;
    text += ` ↻ ${zh ? "重传" : "retransmission"} +${e.gap} ms`;
    if (!rtx) return text;
    if (rtx.trigger === "tlp") return `${text}${zh ? "：尾部丢失探测" : ": tail loss probe"}`;
    const next = rtx.rto_ms !== undefined
      ? (zh ? `（下一次 ${rtx.rto_ms} ms）` : ` (next ${rtx.rto_ms} ms)`)
      : "";
    return `${text}${zh ? "：RTO 超时" : ": RTO"}${next}`;
  }

  /**
   * An ICMP error whose quoted segment is a known connection's, on one row:
   * who sent it and the segment by role (`ICMP host-unreachable from
   * 198.18.0.254, quoting client → server seq 7`), as the packet lines name
   * it; the addressee, type and code are `-v`.
   */
  #icmpText(e: EchoEvent): string {
    const from = String(e.quotedFrom);
    const to = String(e.quotedTo);
    if (!this.#clients.has(from) && !this.#clients.has(to)) return summarize(e, this.#lang);
    const zh = this.#lang === "zh";
    const [client, server] = zh ? ["客户", "服务器"] : ["client", "server"];
    const roles = this.#clients.has(from) ? `${client} → ${server}` : `${server} → ${client}`;
    const n = e.quotedSeqRel ?? e.quotedSeq;
    const quoted = `${roles}${n !== undefined ? ` seq ${n}` : ""}`;
    return zh
      ? `ICMP ${e.name} 来自 ${e.from}，引用分节 ${quoted}`
      : `ICMP ${e.name} from ${e.from}, quoting ${quoted}`;
  }

  /**
   * The setup line's parts: the lab's shortened timers as one part (this
   * host's values in brackets), then each other step in a few words.
   */
  #setupParts(events: EchoEvent[]): string[] {
    const zh = this.#lang === "zh";
    const sysctls = events.filter((e) => e.kind === "lab-sysctl").map((e) => {
      const name = String(e.name).replace(/^net\.ipv4\./, "").replace(/^neigh\.[^.]+\./, "");
      return `${name} = ${e.lab}${
        e.host !== undefined ? (zh ? `（${e.host}）` : ` (${e.host})`) : ""
      }`;
    });
    const head = sysctls.length === 0 ? [] : [
      (zh ? "实验网络的参数（括号内为本机值）：" : "lab timers (this host's in brackets): ") +
      sysctls.join(zh ? "，" : ", "),
    ];
    // The lab's hosts are named in the connected and accepted lines that follow.
    const rest = events.filter((e) => e.kind !== "lab-sysctl" && e.kind !== "lab-ready");
    // The worker goes in the server's brackets when both are here.
    const worker = rest.find((e) => e.kind === "worker");
    const server = rest.find((e) => e.kind === "listening");
    const parts = rest.filter((e) => !(worker && server && e === worker)).map((e) =>
      this.#setupText(e, e === server ? worker : undefined)
    );
    return [...head, ..._counted(parts)];
  }

  /** The worker's name (`worker cat`), with the glossary's word in Chinese. */
  #workerText(e: EchoEvent): string {
    const word = {
      en: "worker",
      zh: "工作进程",
    }[this.#lang];
    return `${word} ${e.worker}`;
  }

  /** A setup step in a few words (the worker's name; its story is `-v`). */
  #setupText(e: EchoEvent, worker?: EchoEvent): string {
    if (e.kind === "worker" && typeof e.worker === "string") return this.#workerText(e);
    const host = (v: unknown) => String(v).replace(/ \(.*\)$/, "");
    if (e.kind === "lab-ready") {
      return this.#lang === "zh"
        ? `实验网络：客户主机 ${host(e.client)}，服务器主机 ${host(e.server)}`
        : `lab: client host ${host(e.client)}, server host ${host(e.server)}`;
    }
    if (e.kind === "lab-sysctl") {
      const name = String(e.name).replace(/^net\.ipv4\./, "");
      const here = e.host !== undefined
        ? (this.#lang === "zh" ? `（本机 ${e.host}）` : ` (here ${e.host})`)
        : "";
      return this.#lang === "zh"
        ? `实验网络中 ${name} = ${e.lab}${here}`
        : `${name} = ${e.lab} in the lab${here}`;
    }
    if (e.kind === "listening") {
      const engine = String(e.engine ?? "deno");
      const reap = e.reap ? `--reap ${e.reap}` : "";
      const host = String(e.host);
      const at = `${host.includes(":") ? `[${host}]` : host}:${e.port}`;
      const rest = [reap, worker ? this.#workerText(worker) : ""].filter((p) => p);
      if (this.#lang === "zh") {
        return `服务器 ${at}，pid ${e.pid}，${engine} 引擎${rest.map((p) => `，${p}`).join("")}`;
      }
      return `server ${at}, pid ${e.pid}, ${engine} engine${rest.map((p) => `, ${p}`).join("")}`;
    }
    return summarize(e, this.#lang);
  }

  /** `§5.12 title`, the first time an entry applies in this scenario. */
  #gloss(e: EchoEvent): string | undefined {
    if (e.kind === "scenario-start" || e.kind === "part") return undefined; // headings
    const entry = entryFor(e);
    if (!entry || this.#glossed.has(entry.id)) return undefined;
    this.#glossed.add(entry.id);
    return `§${entry.section} ${entry.title[this.#lang]}`;
  }

  /** Set by the reporter: how a `states` snapshot is shown. */
  onStates?: (e: EchoEvent) => void;
}

/**
 * A gloss (`§5.12 title`) within `width` columns: whole, else its head up
 * to the title's first colon (`§5.2 the child is a zombie`), else none —
 * never cut mid-word.
 *
 * @example
 * ```ts
 * fitGloss("§5.10 the child is a zombie: terminated, but nobody fetched its status", 30);
 * // "§5.10 the child is a zombie"
 * ```
 */
export function fitGloss(gloss: string, width: number): string | undefined {
  if (displayWidth(gloss) <= width) return gloss;
  const head = gloss.split(/[:：]/)[0].trimEnd();
  // A head of just the section number says nothing.
  if (head !== gloss && /\s\S/.test(head) && displayWidth(head) <= width) return head;
  return undefined;
}

/** A line's fold key without what joined it later (`…|+rto-revert`). */
function _baseKey(key: string | undefined): string | undefined {
  return key?.split("|+")[0];
}

/** `next` continues `e`'s line: the same child reaped, the same thread's signal armed. */
function _joins(e: EchoEvent, next: EchoEvent): boolean {
  if (e.kind === "child-exited" && next.kind === "reaped") return e.pid === next.pid;
  if (e.kind === "child-exited" && next.kind === "child-zombie") return e.pid === next.pid;
  // Two calls failing alike at once (wait, then waitpid: ECHILD).
  if (e.kind === "error" && next.kind === "error" && e.errno !== "EINTR") {
    return e.errno === next.errno && e.actor === next.actor && e.op !== next.op;
  }
  // §5.9: a call interrupted, then called again at once.
  if (e.kind === "error" && e.errno === "EINTR" && next.kind === "error") {
    return e.op === next.op && e.actor === next.actor;
  }
  if (e.kind === "thread-blocked" && next.kind === "signal-sent") return e.tid === next.tid;
  return false;
}

/** One line for a step and the next one of the same process (see {@link _joins}). */
function _joined(e: EchoEvent, next: EchoEvent, lang: Lang): string {
  const zh = lang === "zh";
  if (next.kind === "reaped") {
    return summarize(e, lang) + (zh ? `，已回收（${next.by}）` : `, reaped by ${next.by}`);
  }
  if (next.kind === "rto-revert") {
    return `${summarize(e, lang)}${zh ? "；随后 " : "; then "}${summarize(next, lang)}`;
  }
  if (next.kind === "error" && e.errno !== "EINTR") {
    return zh ? `${e.op} 和 ${next.op}：${e.errno}` : `${e.op} and ${next.op}: ${e.errno}`;
  }
  if (next.kind === "error") {
    return zh
      ? `${e.op}：EINTR；再次调用：${next.errno}`
      : `${e.op}: EINTR; called again: ${next.errno}`;
  }
  if (next.kind === "child-zombie") {
    return summarize(e, lang) +
      (zh
        ? `，成了僵尸进程（状态 ${next.state}）：现有 ${next.zombies} 个`
        : `, now a zombie (state ${next.state}): ${next.zombies} in all`);
  }
  return zh
    ? `线程 ${e.tid} 阻塞于 ${e.op}（wchan ${e.wchan}）；${next.signal} 将在 ${next.ms} ms 后到达`
    : `thread ${e.tid} blocked in ${e.op} (wchan ${e.wchan}); ${next.signal} due in ${next.ms} ms`;
}

/** What a SIGCHLD handler reports: children exiting, reaped, left as zombies. */
const _LIFECYCLE = new Set(["child-exited", "reaped", "child-zombie"]);

/**
 * UNP §5.8–5.10: the book engine notices exits, reaps and zombies in the
 * SIGCHLD handler it runs after each delivery, so what follows a delivery
 * in a burst is that handler's work: it goes on the delivery's line
 * ("SIGCHLD delivered (#1) → wait reaped 41; 42, 43 exited, left as zombies").
 * One line per delivery, however the exits interleave.
 */
function _handled(lines: _Line[]): _Line[] {
  const out: _Line[] = [];
  for (const line of lines) {
    const host = out.at(-1);
    const delivery = host && host.events.length === 1 && host.events[0].kind === "sigchld";
    if (delivery && _LIFECYCLE.has(line.events[0].kind) && !line.mark) {
      (host.handled ??= []).push(line);
    } else out.push(line);
  }
  return _quietDeliveries(out);
}

/** Whether a SIGCHLD line's handler never waits (`--reap none`) and so only found exits. */
function _onlyExits(line: _Line): boolean {
  if (line.events.some((e) => e.kind !== "sigchld" || e.reap !== "none")) return false;
  return (line.handled ?? []).every((h) =>
    h.events.every((e) => e.kind === "child-exited") &&
    [h.then, ...(h.thens ?? [])].every((t) => t === undefined || t.kind === "child-zombie")
  );
}

/**
 * Deliveries in a row whose handler reaped nothing (`--reap none`, UNP §5.7)
 * share one line: `SIGCHLD delivered (#1, #2) → 41, 42 exited (exit code 0):
 * 2 zombies now`. Each delivery's number stays on the line; a handler that
 * waits keeps a line per delivery, since what each wait found is §5.10's lesson.
 * (The zombies scenario's deno-engine part counts its own deliveries: no `reap`.)
 */
function _quietDeliveries(lines: _Line[]): _Line[] {
  const out: _Line[] = [];
  for (const line of lines) {
    // Only a look at /proc may stand between two deliveries: it neither causes one
    // nor depends on one.
    let at = out.length - 1;
    while (at >= 0 && out[at].events.every((e) => e.kind === "proc-state")) at--;
    const host = out[at];
    if (host && host.events[0].kind === "sigchld" && _onlyExits(host) && _onlyExits(line)) {
      out[at] = {
        events: [...host.events, ...line.events],
        handled: _sameExits([...(host.handled ?? []), ...(line.handled ?? [])]),
      };
    } else out.push(line);
  }
  return out;
}

/** Exits that ended alike (the same code or signal) told as one: `41, 42 exited (exit code 0)`. */
function _sameExits(handled: _Line[]): _Line[] {
  const exits = handled.flatMap((h) => h.events);
  const alike = exits.every((e) => e.code === exits[0]?.code && e.signal === exits[0]?.signal);
  if (handled.length < 2 || !alike) return handled;
  const thens = handled.flatMap((h) => h.thens ?? (h.then ? [h.then] : []));
  return [{ events: exits, then: thens.at(-1), thens: thens.length ? thens : undefined }];
}

/** ` → ` and what a SIGCHLD line's handler found, or "" when it found nothing. */
function _handledTail(line: _Line, lang: Lang): string {
  const parts = (line.handled ?? []).map((h) => _handledText(h, lang));
  return parts.length ? ` → ${parts.join(lang === "zh" ? "；" : "; ")}` : "";
}

/** The numbers of deliveries on one line: `SIGCHLD delivered (#1, #2)`. */
function _deliveries(events: EchoEvent[], lang: Lang): string {
  const counts = events.map((e) => e.count);
  return lang === "zh"
    ? `SIGCHLD 已递交（第 ${counts.join(ZH_LIST_SEPARATOR)} 次）`
    : `SIGCHLD delivered (${counts.map((n) => `#${n}`).join(", ")})`;
}

/** How far (ms) after a delivery its handler's first finding can come (one synchronous run). */
const _HANDLER_MS = 5;

/**
 * Line by line (`serve`): the exits a SIGCHLD handler found right after the
 * delivery are printed before it — the child's end is the signal's cause
 * (UNP §5.8), though the server learns of it in the handler. The reaping
 * stays after the delivery, where it happened.
 */
function _exitsFirst(lines: _Line[]): _Line[] {
  const out: _Line[] = [];
  let delivery = -1;
  for (const line of lines) {
    const e = line.events[0];
    const at = out[delivery]?.events[0];
    if (
      e.kind === "child-exited" && at && e.t - at.t <= _HANDLER_MS
    ) {
      // Shown at the delivery's time: the exit came no later than the signal it caused
      // (its own time is when the handler learned of it; --json keeps that).
      out.splice(delivery, 0, { ...line, events: [{ ...e, t: at.t }, ...line.events.slice(1)] });
      delivery++;
      continue;
    }
    if (e.kind === "sigchld") delivery = out.length;
    else if (e.kind !== "child-exited" && e.kind !== "reaped") delivery = -1;
    out.push(line);
  }
  return out;
}

/** One part of a SIGCHLD line: `waitpid reaped 41, 42 (exit code 0)`, `43 exited (…), left as a zombie`. */
function _handledText(h: _Line, lang: Lang): string {
  const zh = lang === "zh";
  const first = h.events[0];
  const last = h.events.at(-1)!;
  const then = h.thens?.at(-1) ?? h.then;
  const pids = h.events.map((e) => e.pid).join(zh ? "、" : ", ");
  const how = last.signal
    ? (zh ? `被 ${last.signal} 杀死` : `killed by ${last.signal}`)
    : (zh ? `退出码 ${last.code}` : `exit code ${last.code}`);
  const many = h.events.length > 1;
  if (first.kind === "child-exited" && then?.kind === "reaped") {
    return zh ? `${then.by} 回收了 ${pids}（${how}）` : `${then.by} reaped ${pids} (${how})`;
  }
  if (first.kind === "child-exited" && then?.kind === "child-zombie") {
    return zh
      ? `${pids} 已终止（${how}）：${then.zombies} 个僵尸进程`
      : `${pids} exited (${how}): ${then.zombies} ${then.zombies === 1 ? "zombie" : "zombies"} now`;
  }
  if (first.kind === "child-exited") {
    return zh ? `${pids} 已终止（${how}）` : `${pids} exited (${how})`;
  }
  if (first.kind === "reaped") {
    return zh ? `回收了 ${pids}（${last.by}）` : `reaped ${pids} (${last.by})`;
  }
  return zh
    ? `${pids} 成了僵尸进程（现有 ${last.zombies} 个）`
    : `${pids} ${many ? "are zombies" : "is a zombie"} (${last.zombies} in all)`;
}

/** `a · a · b` → `2× a · b` (identical summaries only). */
function _counted(parts: string[]): string[] {
  const out: { text: string; n: number }[] = [];
  for (const p of parts) {
    const same = out.find((o) => o.text === p);
    if (same) same.n++;
    else out.push({ text: p, n: 1 });
  }
  return out.map((o) => (o.n > 1 ? `${o.n}× ${o.text}` : o.text));
}

/**
 * Fold repeats within a burst: a run of lines with the same key becomes one
 * line (period 1), and a repeating cycle of two or three steps (accept,
 * connect; accept, connect …) becomes one line per step. Only keyed lines
 * fold; each step keeps its place (its first event's time).
 */
function _fold(lines: _Line[]): _Line[] {
  let out = lines;
  for (const period of [1, 2, 3, 1]) out = _foldPeriod(out, period);
  return out;
}

function _foldPeriod(lines: _Line[], p: number): _Line[] {
  const out: _Line[] = [];
  let i = 0;
  while (i < lines.length) {
    const block = lines.slice(i, i + p);
    if (block.length < p || block.some((l) => l.key === undefined || l.mark)) {
      out.push(lines[i]);
      i++;
      continue;
    }
    const merged = block.map((l) => ({ ...l, events: [...l.events] }));
    let j = i + p;
    while (j + p <= lines.length && lines.slice(j, j + p).every((l, k) => l.key === block[k].key)) {
      lines.slice(j, j + p).forEach((l, k) => {
        merged[k].events.push(...l.events);
        if (l.then) (merged[k].thens ??= [merged[k].then!]).push(l.then);
      });
      j += p;
    }
    if (j === i + p) {
      out.push(lines[i]);
      i++;
      continue;
    }
    out.push(...merged);
    i = j;
  }
  return out;
}
