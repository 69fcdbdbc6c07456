/**
 * The event model: everything echolab shows is an {@link EchoEvent} that
 * something observed — a syscall result, a signal, a process state, a packet.
 *
 * @module
 */

/** Who observed or caused an event. */
export type Actor =
  | "server"
  | "child"
  | "client"
  | "kernel"
  | "lab"
  | "scenario"
  | "check";

/** One observed fact. `t` is milliseconds since the run started. */
export interface EchoEvent {
  /** Milliseconds since the start of the run (monotonic clock). */
  t: number;
  /** Who observed or caused it. */
  actor: Actor;
  /** What happened, e.g. `listening`, `accepted`, `error`. */
  kind: string;
  /** Errno name (Latin letters, e.g. `EPIPE`) when the event is a failure. */
  errno?: string;
  /** Catalogue entry that explains this event, when it is not `errno` or `kind`. */
  topic?: string;
  /** Any other observed detail. */
  [field: string]: unknown;
}

/**
 * How a scenario's outcome compares with the book. `skipped` always carries
 * its reason in `note`; `error` means the scenario itself failed to run.
 */
export type VerdictStatus = "as-book" | "differs" | "skipped" | "error";

/** The last event of a scenario: the book, this OS, and the reconciling note. */
export interface Verdict {
  /** Scenario name, e.g. `server-killed`. */
  scenario: string;
  /** Whether this OS did what the book says. */
  status: VerdictStatus;
  /** What the book says happens. */
  book: string;
  /** What this OS just did, built from observed events. */
  observed: string;
  /** The note that reconciles the two (or why the scenario was skipped). */
  note: string;
}

/** Receives every event as it is emitted. */
export type EventSink = (event: EchoEvent) => void;

/**
 * The event bus: stamps each event with its time and hands it to every sink.
 *
 * @example
 * ```ts
 * const seen: EchoEvent[] = [];
 * const bus = new EventBus([(e) => seen.push(e)]);
 * bus.emit("server", "listening", { port: 9877 });
 * ```
 */
export class EventBus {
  #sinks: EventSink[];
  #start: number;

  /** Create a bus that feeds `sinks`; `start` is the clock origin (performance.now()). */
  constructor(sinks: EventSink[] = [], start: number = performance.now()) {
    this.#sinks = [...sinks];
    this.#start = start;
  }

  /** Add a sink that sees every later event; returns the function that removes it. */
  subscribe(sink: EventSink): () => void {
    this.#sinks.push(sink);
    return () => {
      const i = this.#sinks.indexOf(sink);
      if (i >= 0) this.#sinks.splice(i, 1);
    };
  }

  /** Milliseconds since the bus started, rounded to 0.1 ms. */
  now(): number {
    return Math.round((performance.now() - this.#start) * 10) / 10;
  }

  /**
   * Milliseconds since the bus started, unrounded: for mapping another clock
   * (the kernel's packet timestamps) onto this one without a rounding error.
   */
  exactNow(): number {
    return performance.now() - this.#start;
  }

  /** Stamp and publish an event; returns it. */
  emit(actor: Actor, kind: string, fields: Record<string, unknown> = {}): EchoEvent {
    const event: EchoEvent = { t: this.now(), actor, kind, ...fields };
    for (const sink of this.#sinks) sink(event);
    return event;
  }
}
