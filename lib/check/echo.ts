/**
 * Check `echo` (UNP §5.3): lines and binary data — NUL bytes, every byte
 * value, more than one buffer's worth — come back byte for byte.
 *
 * @module
 */

import { CheckProblem, connectWithin, echoMismatch, roundTrip } from "./client.ts";
import type { Check } from "./types.ts";
import { pass } from "./wait.ts";

function _payloads(): { label: { en: string; zh: string }; data: Uint8Array }[] {
  const text = new TextEncoder();
  const everyByte = new Uint8Array(256);
  for (let i = 0; i < 255; i++) everyByte[i] = i === 10 ? 0 : i; // one newline, at the end
  everyByte[255] = 10;
  const lines: string[] = [];
  for (let i = 0; lines.join("").length < 100 * 1024; i++) {
    lines.push(`line ${String(i).padStart(5, "0")}: the quick brown fox jumps over the lazy dog\n`);
  }
  return [
    { label: { en: "a line of text", zh: "一行文本" }, data: text.encode("hello, chapter 5\n") },
    {
      label: { en: "a line with NUL bytes", zh: "含 NUL 字节的一行" },
      data: text.encode("nul\0in\0the\0middle\0\n"),
    },
    { label: { en: "all 256 byte values", zh: "全部 256 种字节值" }, data: everyByte },
    {
      label: { en: "100 KiB of lines in one go", zh: "一次发送的 100 KiB 文本行" },
      data: text.encode(lines.join("")),
    },
  ];
}

/** The `echo` check. */
export const echoCheck: Check = {
  name: "echo",
  topic: "check-echo",
  async run(ctx) {
    const payloads = _payloads();
    const conn = await connectWithin(ctx.port, ctx.waitMs, { en: "client", zh: "客户" });
    try {
      for (const { label, data } of payloads) {
        const problem = echoMismatch(
          data,
          await roundTrip(conn, data, ctx.waitMs),
          label,
          ctx.waitMs,
        );
        if (problem) throw new CheckProblem(problem);
      }
    } finally {
      conn.close();
    }
    const total = payloads.reduce((n, p) => n + p.data.length, 0);
    return pass(
      `${payloads.length} payloads (${total} bytes: text, NUL bytes, all 256 byte values, 100 KiB at once) came back byte for byte`,
      `${payloads.length} 份数据（共 ${total} 字节：文本、NUL 字节、全部 256 种字节值、一次 100 KiB）逐字节原样返回`,
      { bytes: total },
    );
  },
};
