/**
 * Reading NDJSON events from another echolab process's stdout, line by line,
 * and publishing them on this process's bus in that process's time.
 *
 * @module
 */

import type { EchoEvent, EventBus } from "../events.ts";

/**
 * Call `onObject` for every JSON line of `stream`; lines that are not JSON go
 * to `onText`. Resolves when the stream ends.
 *
 * @example
 * ```ts
 * await readNdjson(child.stdout, (o) => bus.emit(o.actor, o.kind, o));
 * ```
 */
export async function readNdjson(
  stream: ReadableStream<Uint8Array>,
  onObject: (o: Record<string, unknown>) => void,
  onText: (line: string) => void = () => {},
): Promise<void> {
  const decoder = new TextDecoder();
  let pending = "";
  const flush = (line: string) => {
    if (!line.trim()) return;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      onText(line);
      return;
    }
    if (o && typeof o === "object" && !Array.isArray(o)) onObject(o as Record<string, unknown>);
    else onText(line);
  };
  try {
    for await (const chunk of stream) {
      pending += decoder.decode(chunk, { stream: true });
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        flush(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    }
  } catch { /* the writer died: what was read is all there is */ }
  flush(pending);
}

/**
 * Split an event object into its actor, kind and the other fields (without `t`).
 *
 * @example
 * ```ts
 * splitEvent({ t: 1, actor: "server", kind: "listening", port: 9877 });
 * // { actor: "server", kind: "listening", fields: { port: 9877 } }
 * ```
 */
export function splitEvent(
  o: Record<string, unknown>,
): { actor: string; kind: string; fields: Record<string, unknown> } {
  const { t: _t, actor, kind, ...fields } = o;
  return { actor: String(actor ?? "lab"), kind: String(kind ?? "unknown"), fields };
}

/**
 * Re-publish another echolab process's events on `bus`, keeping that
 * process's order and spacing: its clock started a little after ours, so its
 * times are shifted by the gap seen at its first event. (Packets are published
 * after the fact with the kernel's earlier timestamps; arrival time would put
 * them after their effects.) One relay per process: each has its own clock.
 *
 * @example
 * ```ts
 * const relay = eventRelay(bus);
 * await readNdjson(child.stdout, (o) => relay(o));
 * ```
 */
export function eventRelay(bus: EventBus): (o: Record<string, unknown>) => EchoEvent {
  let shift: number | undefined;
  return (o) => {
    const { actor, kind, fields } = splitEvent(o);
    const at: { t?: number } = {};
    if (typeof o.t === "number") {
      shift ??= bus.now() - o.t;
      at.t = Math.round((o.t + shift) * 10) / 10;
    }
    return bus.emit(actor as EchoEvent["actor"], kind, { ...fields, ...at });
  };
}
