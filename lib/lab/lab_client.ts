/**
 * The client of the lab scenarios: a Deno TCP connection from the client
 * host (198.18.0.1) to the echo server (198.18.1.2:9877), with every call's
 * result emitted as an event — as str_cli would see it.
 *
 * @module
 */

import { formatAddr } from "../echo/addr.ts";
import type { EventBus } from "../events.ts";
import { errnoOf, messageOf } from "../sys/errno.ts";
import { TOPOLOGY } from "./topology.ts";

/** What one read returned. */
export type ReadOutcome =
  | { kind: "data"; bytes: number; text: string }
  | { kind: "eof" }
  | { kind: "error"; errno: string }
  | { kind: "timeout"; seconds: number };

const _enc = new TextEncoder();
const _dec = new TextDecoder();

/**
 * A connected lab client.
 *
 * @example
 * ```ts
 * const client = await LabClient.connect(bus);
 * await client.echo("hello\n");
 * await client.write("are you there?\n");
 * const r = await client.read(); // { kind: "error", errno: "ETIMEDOUT" } after a crash
 * ```
 */
export class LabClient {
  /** The connection. */
  readonly conn: Deno.TcpConn;
  /** Its local port (to find it in /proc/net/tcp). */
  readonly localPort: number;
  /**
   * When the last read or write returned, on the clock given to
   * {@link LabClient.timeBy} (ms); undefined without one.
   */
  lastAtMs?: number;
  /**
   * The catalogue entry for a failed read's error event, when the scenario
   * knows better than the errno's (e.g. `keepalive-timeout`).
   */
  readErrorTopic?: string;
  #bus: EventBus;
  #closed = false;
  #clock?: () => number;

  private constructor(bus: EventBus, conn: Deno.TcpConn) {
    this.#bus = bus;
    this.conn = conn;
    this.localPort = (conn.localAddr as Deno.NetAddr).port;
  }

  /** Connect to the lab's echo server. */
  static async connect(bus: EventBus): Promise<LabClient> {
    const conn = await Deno.connect({ hostname: TOPOLOGY.serverAddr, port: TOPOLOGY.port });
    bus.emit("client", "connected", {
      local: formatAddr(conn.localAddr),
      peer: formatAddr(conn.remoteAddr),
    });
    return new LabClient(bus, conn);
  }

  /**
   * Time the results of later reads and writes on `clock` (e.g. ms since an
   * observer's mark): their events carry it as `at_ms`, and {@link LabClient.lastAtMs}
   * keeps the last one — the moment the call returned, for the verdict to quote.
   */
  timeBy(clock: () => number): void {
    this.#clock = clock;
  }

  /** The `at_ms` of a result returned now (nothing without a clock). */
  #stamp(): { at_ms?: number } {
    if (!this.#clock) return {};
    this.lastAtMs = this.#clock();
    return { at_ms: this.lastAtMs };
  }

  /** Turn on SO_KEEPALIVE (§7.5); the timers are the namespace's sysctls. */
  keepalive(): void {
    this.conn.setKeepAlive(true);
    this.#bus.emit("client", "keepalive-on", {});
  }

  /** Write `text`; resolves to the errno of a failure, or undefined. */
  async write(text: string): Promise<string | undefined> {
    const data = _enc.encode(text);
    // Stamped when the call starts (as server-killed and sigpipe do): the segment it
    // sends, and an ICMP answering that segment, are on the wire before it returns.
    const t = this.#bus.now();
    try {
      let off = 0;
      while (off < data.length) off += await this.conn.write(data.subarray(off));
      this.#bus.emit("client", "write", { op: "write", bytes: data.length, ...this.#stamp(), t });
      return undefined;
    } catch (err) {
      const errno = errnoOf(err) ?? "EUNKNOWN";
      this.#bus.emit("client", "error", {
        op: "write",
        errno,
        message: messageOf(err),
        ...this.#stamp(),
        t,
      });
      return errno;
    }
  }

  async #readRaw(timeoutSeconds?: number): Promise<ReadOutcome> {
    const buf = new Uint8Array(4096);
    const reading = this.conn.read(buf).then(
      (n): ReadOutcome =>
        n === null
          ? { kind: "eof" }
          : { kind: "data", bytes: n, text: _dec.decode(buf.subarray(0, n)) },
      (err): ReadOutcome => ({ kind: "error", errno: errnoOf(err) ?? "EUNKNOWN" }),
    );
    if (timeoutSeconds === undefined) return await reading;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      reading,
      new Promise<ReadOutcome>((resolve) => {
        timer = setTimeout(
          () => resolve({ kind: "timeout", seconds: timeoutSeconds }),
          timeoutSeconds * 1000,
        );
      }),
    ]);
    clearTimeout(timer);
    return outcome;
  }

  /** One read, optionally bounded by `timeoutSeconds` (an application timeout, §14.2). */
  async read(timeoutSeconds?: number): Promise<ReadOutcome> {
    const outcome = await this.#readRaw(timeoutSeconds);
    const at = this.#stamp();
    if (outcome.kind === "data") {
      this.#bus.emit("client", "read", { bytes: outcome.bytes, text: outcome.text, ...at });
    } else if (outcome.kind === "eof") {
      this.#bus.emit("client", "eof", { op: "read", topic: "EOF", ...at });
    } else if (outcome.kind === "error") {
      this.#bus.emit("client", "error", {
        op: "read",
        errno: outcome.errno,
        ...at,
        ...(this.readErrorTopic ? { topic: this.readErrorTopic } : {}),
      });
    } else {
      // The abandoned read stays pending until the socket is closed.
      this.#bus.emit("client", "read-timeout", { seconds: outcome.seconds, ...at });
    }
    return outcome;
  }

  /** Write a line and read all of it back (the round trip of str_cli). */
  async echo(text: string): Promise<void> {
    const failed = await this.write(text);
    if (failed) throw new Error(`lab: echo write failed: ${failed}`);
    let got = "";
    while (got.length < text.length) {
      const r = await this.#readRaw(5);
      if (r.kind !== "data") throw new Error(`lab: echo failed: ${r.kind}`);
      got += r.text;
    }
    this.#bus.emit("client", "echo", { bytes: got.length, text: got });
  }

  /** Close the socket (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.conn.close();
    } catch { /* already closed */ }
  }
}
