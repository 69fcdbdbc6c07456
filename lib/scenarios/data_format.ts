/**
 * UNP §5.18, data format: a server that adds two numbers. Over a text
 * protocol (tcpserv08: "-22 -77\n" → "-99\n") it is right whatever the two
 * hosts are. Over a raw binary struct (tcpserv09: `struct args { long arg1,
 * arg2; }`) it is right only when both ends lay the struct out the same way:
 * with the other byte order the book's -22 + -77 comes back as -16777314,
 * with another `long` size the numbers are read across each other. Every
 * exchange below goes through a real TCP connection on loopback.
 *
 * @module
 */

import type { EventBus } from "../events.ts";
import { closeLater, writeAll } from "./deno_io.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

/** How one end lays out `long`: byte order and size. */
interface _Layout {
  /** Byte order. */
  little: boolean;
  /** sizeof(long): 4 (ILP32) or 8 (LP64). */
  size: 4 | 8;
}

const _NATIVE_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function _name(l: _Layout): string {
  return `${l.little ? "little" : "big"}-endian ${l.size * 8}-bit long`;
}

function _encode(values: bigint[], l: _Layout): Uint8Array {
  const out = new Uint8Array(values.length * l.size);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (l.size === 4) view.setInt32(i * 4, Number(BigInt.asIntN(32, v)), l.little);
    else view.setBigInt64(i * 8, BigInt.asIntN(64, v), l.little);
  });
  return out;
}

function _decode(bytes: Uint8Array, l: _Layout): bigint[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: bigint[] = [];
  for (let off = 0; off + l.size <= bytes.length; off += l.size) {
    out.push(l.size === 4 ? BigInt(view.getInt32(off, l.little)) : view.getBigInt64(off, l.little));
  }
  return out;
}

function _hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

async function _readExactly(conn: Deno.Conn, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let have = 0;
  while (have < n) {
    const got = await conn.read(out.subarray(have));
    if (got === null) break;
    have += got;
  }
  return out.subarray(0, have);
}

async function _readLine(conn: Deno.Conn): Promise<string> {
  const bytes: number[] = [];
  const one = new Uint8Array(1);
  while ((await conn.read(one)) !== null) {
    bytes.push(one[0]);
    if (one[0] === 0x0a) break;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** One server connection, str_echo style: requests until EOF, text (sscanf "%ld%ld") or a binary struct in `layout`. */
async function _serveOne(conn: Deno.Conn, bus: EventBus, layout?: _Layout): Promise<void> {
  for (;;) {
    if (!layout) {
      const line = await _readLine(conn);
      if (line === "") return; // EOF
      const m = /^\s*(-?\d+)\s+(-?\d+)/.exec(line);
      const reply = m ? `${BigInt(m[1]) + BigInt(m[2])}\n` : "input error\n";
      bus.emit("server", "sum-request", {
        encoding: "text",
        read: line,
        ...(m ? { args: [m[1], m[2]] } : {}),
        reply,
      });
      await writeAll(conn, new TextEncoder().encode(reply));
      continue;
    }
    const request = await _readExactly(conn, 2 * layout.size);
    if (request.length < 2 * layout.size) return; // EOF
    const [a, b] = _decode(request, layout);
    const sum = BigInt.asIntN(layout.size * 8, a + b);
    bus.emit("server", "sum-request", {
      encoding: "binary",
      layout: _name(layout),
      bytes: _hex(request),
      args: [String(a), String(b)],
      sum: String(sum),
    });
    await writeAll(conn, _encode([sum], layout));
  }
}

/** Run one exchange through a fresh connection; resolves to what the client read. */
async function _exchange(
  ctx: ScenarioContext,
  listener: Deno.Listener,
  server: _Layout | undefined,
  client: (conn: Deno.Conn) => Promise<string[]>,
): Promise<string[]> {
  const port = (listener.addr as Deno.NetAddr).port;
  const conn = closeLater(ctx, await Deno.connect({ hostname: "127.0.0.1", port }));
  const accepted = await listener.accept();
  const serving = _serveOne(accepted, ctx.bus, server).finally(() => accepted.close());
  const got = await client(conn);
  conn.close(); // EOF: the server's loop returns
  await serving;
  return got;
}

function _text(ctx: ScenarioContext, listener: Deno.Listener, a: bigint, b: bigint) {
  return _exchange(ctx, listener, undefined, async (conn) => {
    const sent = `${a} ${b}\n`;
    await writeAll(conn, new TextEncoder().encode(sent));
    const reply = await _readLine(conn);
    ctx.bus.emit("client", "sum", {
      encoding: "text",
      sent,
      reply,
      result: reply.trim(),
      expected: String(a + b),
    });
    return [reply.trim()];
  });
}

function _binary(
  ctx: ScenarioContext,
  listener: Deno.Listener,
  requests: [bigint, bigint][],
  client: _Layout,
  server: _Layout,
) {
  return _exchange(ctx, listener, server, async (conn) => {
    const sent = _encode(requests.flat(), client);
    await writeAll(conn, sent);
    const reply = await _readExactly(conn, requests.length * client.size);
    const results = _decode(reply, client).map(String);
    ctx.bus.emit("client", "sum", {
      encoding: "binary",
      client: _name(client),
      server: _name(server),
      sent: _hex(sent),
      reply: _hex(reply),
      result: results.join(", "),
      expected: requests.map(([a, b]) => String(a + b)).join(", "),
    });
    return results;
  });
}

/** Texts of this scenario's verdict. */
const TEXT = {
  book: {
    en:
      "§5.18: passing numbers as text works between any two hosts. Passing a binary structure works only if both hosts store it the same way: a big-endian SPARC client and a little-endian server get 1 + 2 = 3 but -22 + -77 = -16777314, and a 32-bit long on one side and a 64-bit long on the other misread the numbers. Use text or an explicit format (XDR, network byte order with a fixed size).",
    zh:
      "§5.18：以文本传递数值在任何两台主机之间都能工作。传递二进制结构只有在两台主机以同样方式存放它时才行：大端的 SPARC 客户与小端服务器之间，1 + 2 = 3，但 -22 + -77 = -16777314；一端 long 为 32 位、另一端为 64 位时，数值会被读错。应使用文本或明确的格式（XDR，或固定长度的网络字节序）。",
  },
  note: {
    en:
      "Reproduced byte for byte: the wrong answers are not computed by a formula but come from the server reading real bytes through a socket with its own layout. This is independent of the engine and of today's OS; only the layouts matter (this host is {native}).",
    zh:
      "逐字节重现：错误的结果不是用公式算出来的，而是服务器按自己的布局解读通过套接字收到的真实字节得到的。这与引擎和当今操作系统无关，只取决于两端的布局（本机为 {native}）。",
  },
};

/**
 * The `data-format` scenario (`echolab chaos data-format`).
 *
 * @example
 * ```ts
 * const { verdict } = await runScenario(dataFormat, bus, "en", new AbortController().signal);
 * ```
 */
export const dataFormat: Scenario = {
  name: "data-format",
  emits: ["sum", "sum-request"],
  section: "5.18",
  title: {
    en: "a sum server: right over text, wrong over a binary struct with another layout",
    zh: "求和服务器：用文本传递正确，用布局不同的二进制结构传递则出错",
  },
  async run(ctx) {
    const listener = closeLater(ctx, Deno.listen({ hostname: "127.0.0.1", port: 0 }));
    const native: _Layout = { little: _NATIVE_LITTLE, size: 4 };
    const swapped: _Layout = { little: !_NATIVE_LITTLE, size: 4 };
    const wide: _Layout = { little: _NATIVE_LITTLE, size: 8 };

    const [text] = await _text(ctx, listener, -22n, -77n);
    const same = await _binary(ctx, listener, [[1n, 2n], [-22n, -77n]], native, native);
    const order = [
      ...await _binary(ctx, listener, [[1n, 2n]], swapped, native),
      ...await _binary(ctx, listener, [[-22n, -77n]], swapped, native),
    ];
    const size = await _binary(ctx, listener, [[1n, 2n], [3n, 4n]], native, wide);

    const asBook = text === "-99" && same.join() === "3,-99" && order.join() === "3,-16777314" &&
      size.join() !== "3,7";
    const nativeName = _NATIVE_LITTLE ? "little-endian" : "big-endian";
    return {
      scenario: "data-format",
      status: asBook ? "as-book" : "differs",
      book: ctx.t(TEXT.book),
      observed: ctx.t({
        en: `text "-22 -77" → ${text}. Binary struct, same layout both ends: 1 + 2 → ${
          same[0]
        }, -22 + -77 → ${same[1]}. Client ${_name(swapped)}, server ${_name(native)}: 1 + 2 → ${
          order[0]
        }, -22 + -77 → ${order[1]}. Client ${_name(native)}, server ${
          _name(wide)
        }: (1 + 2, 3 + 4) → (${size.join(", ")}).`,
        zh: `文本 "-22 -77" → ${text}。二进制结构、两端布局相同：1 + 2 → ${same[0]}，-22 + -77 → ${
          same[1]
        }。客户为 ${_name(swapped)}，服务器为 ${_name(native)}：1 + 2 → ${order[0]}，-22 + -77 → ${
          order[1]
        }。客户为 ${_name(native)}，服务器为 ${_name(wide)}：(1 + 2, 3 + 4) → (${
          size.join(", ")
        })。`,
      }),
      note: ctx.t(TEXT.note).replaceAll("{native}", nativeName),
    };
  },
};
