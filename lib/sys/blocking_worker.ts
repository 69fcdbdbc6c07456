/**
 * The body of a {@link BlockingThread}: a worker whose thread makes one
 * *blocking* libc call at a time (accept, connect, read) and reads errno on
 * that same thread, so a signal aimed at this thread interrupts the call
 * exactly as in a single-threaded C program. `wait` is the book's wait:
 * waitpid(-1, &status, 0), blocking until some child of the process ends.
 *
 * @module
 */

import { gettid } from "./kill.ts";
import type { BlockingReply, BlockingRequest } from "./blocking_thread.ts";
import { accept, connect, read } from "./socket.ts";
import { waitpid } from "./wait.ts";

/** The worker global, typed for postMessage. */
const _self = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((ev: MessageEvent<BlockingRequest>) => void) | null;
};

function _run(req: BlockingRequest): BlockingReply["result"] {
  switch (req.op) {
    case "accept": {
      const r = accept(req.fd);
      return r.ok ? { ok: true, value: r.value.fd } : r;
    }
    case "connect": {
      const r = connect(req.fd, req.host, req.port);
      return r.ok ? { ok: true, value: 0 } : r;
    }
    case "read":
      return read(req.fd, new Uint8Array(req.size));
    case "wait": {
      const r = waitpid(-1);
      return r.ok ? { ok: true, value: r.value?.pid ?? 0 } : { ...r, call: "wait" };
    }
  }
}

_self.onmessage = (ev) => {
  const started = performance.now();
  const result = _run(ev.data);
  const reply: BlockingReply = {
    id: ev.data.id,
    result,
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
  _self.postMessage(reply);
};
_self.postMessage({ ready: true, tid: gettid() });
