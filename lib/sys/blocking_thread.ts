/**
 * A thread of this process that makes *blocking* system calls, as the
 * book's single-threaded servers do, without freezing the event loop: a
 * Worker whose thread id is known, so a signal can be aimed at it (tgkill,
 * or a SIGEV_THREAD_ID timer) while it sits in accept or connect. errno is
 * read on that thread right after the call.
 *
 * @module
 */

import type { SysResult } from "./result.ts";

/** A blocking call for the thread: accept, connect, read, or wait (waitpid(-1, &st, 0)). */
export type BlockingCall =
  | { op: "accept"; fd: number }
  | { op: "connect"; fd: number; host: string; port: number }
  | { op: "read"; fd: number; size: number }
  | { op: "wait" };

/** A call as posted to the worker. */
export type BlockingRequest = BlockingCall & { id: number };

/** The thread's answer: the result and how long the call blocked. */
export interface BlockingReply {
  /** Request id. */
  id: number;
  /** accept: the new fd; connect: 0; read: bytes read; wait: the child's pid. */
  result: SysResult<number>;
  /** Milliseconds the call took. */
  ms: number;
}

/** What a call resolves to. */
export type BlockingOutcome = Omit<BlockingReply, "id">;

/**
 * A worker thread for blocking libc calls.
 *
 * @example
 * ```ts
 * const thread = await BlockingThread.start();
 * const pending = thread.call({ op: "accept", fd: listenFd });
 * tgkill(Deno.pid, thread.tid, "SIGALRM");
 * (await pending).result; // { ok: false, call: "accept", errno: "EINTR" }
 * thread.stop();
 * ```
 */
export class BlockingThread {
  /** The thread id (for tgkill and /proc/self/task/TID). */
  readonly tid: number;
  #worker: Worker;
  #next = 1;
  #pending = new Map<number, (reply: BlockingReply) => void>();

  private constructor(worker: Worker, tid: number) {
    this.#worker = worker;
    this.tid = tid;
    worker.onmessage = (ev: MessageEvent<BlockingReply>) => {
      const resolve = this.#pending.get(ev.data.id);
      this.#pending.delete(ev.data.id);
      resolve?.(ev.data);
    };
  }

  /** Start the thread; resolves once it reported its thread id. */
  static start(): Promise<BlockingThread> {
    const worker = new Worker(new URL("./blocking_worker.ts", import.meta.url), {
      type: "module",
    });
    return new Promise((resolve, reject) => {
      worker.onerror = (ev) => {
        ev.preventDefault();
        worker.terminate();
        reject(new Error(`blocking thread failed: ${ev.message}`));
      };
      worker.onmessage = (ev: MessageEvent<{ ready: boolean; tid: number }>) => {
        resolve(new BlockingThread(worker, ev.data.tid));
      };
    });
  }

  /** Make one blocking call on the thread (calls queue up one after another). */
  call(call: BlockingCall): Promise<BlockingOutcome> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, (reply) => resolve({ result: reply.result, ms: reply.ms }));
      this.#worker.postMessage({ id, ...call });
    });
  }

  /** True while a call has not returned. */
  get busy(): boolean {
    return this.#pending.size > 0;
  }

  /**
   * End the worker. A call still blocked in the kernel is not woken by this:
   * shut its descriptor down first (shutdown wakes accept and connect).
   */
  stop(): void {
    this.#pending.clear();
    this.#worker.terminate();
  }
}
