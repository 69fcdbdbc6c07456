/**
 * Test helper: a listening socket with one accepted connection, made with
 * the book engine's libc wrappers, closed once each however a test ends.
 *
 * @module
 */

import type { SockAddr } from "../../lib/sys/sockaddr.ts";
import { close } from "../../lib/sys/socket.ts";
import { acceptNext, tcpConnect, tcpListen } from "../../lib/sys/tcp.ts";

/** A listener, a client connected to it, and the server end accept returned. */
export interface SocketTrio {
  /** The listening descriptor. */
  listenFd: number;
  /** Its port on 127.0.0.1. */
  port: number;
  /** The client's descriptor. */
  client: number;
  /** The descriptor accept returned. */
  server: number;
  /** The client address accept reported. */
  peer: SockAddr | undefined;
  /** Close one of the three (or every one still open); never one twice. */
  close(which?: "listener" | "client" | "server"): void;
}

/**
 * Listen on 127.0.0.1:0, connect, accept.
 *
 * @example
 * ```ts
 * const t = await socketTrio();
 * try { … } finally { t.close(); }
 * ```
 */
export async function socketTrio(): Promise<SocketTrio> {
  const l = tcpListen("127.0.0.1", 0, 5);
  if (!l.ok) throw new Error(`${l.call}: ${l.errno}`);
  const c = await tcpConnect("127.0.0.1", l.value.addr.port, { timeoutMs: 3000 });
  if (!c.ok) {
    close(l.value.fd);
    throw new Error(`${c.call}: ${c.errno}`);
  }
  const a = await acceptNext(l.value.fd, { timeoutMs: 3000 });
  if (!a.ok) {
    close(c.value);
    close(l.value.fd);
    throw new Error(`${a.call}: ${a.errno}`);
  }
  const open = { listener: l.value.fd, client: c.value, server: a.value.fd };
  const closed = new Set<string>();
  return {
    listenFd: l.value.fd,
    port: l.value.addr.port,
    client: c.value,
    server: a.value.fd,
    peer: a.value.peer,
    close(which) {
      for (const [name, fd] of Object.entries(open)) {
        if ((which === undefined || which === name) && !closed.has(name)) {
          closed.add(name);
          close(fd);
        }
      }
    },
  };
}
