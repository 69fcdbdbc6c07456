/**
 * Reading NDJSON events from another echolab process's stdout, line by line.
 *
 * @module
 */

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
