import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { SysError, UsageError } from "../errors.ts";
import { sysErrorFrom } from "../sys/errno.ts";
import { userMessage } from "./user_message.ts";

const CJK = /[\u3400-\u9fff]/;

Deno.test("userMessage: a UsageError's line and hint in the language asked for", () => {
  const err = new UsageError({
    en: "bad port 'x': expected a number from 0 to 65535",
    zh: "端口 'x' 无效：应为 0 到 65535 之间的数字",
  }, "serve");
  assertEqual(userMessage(err, "en"), {
    lines: [
      "echolab: bad port 'x': expected a number from 0 to 65535",
      "Try 'echolab serve --help'.",
    ],
    exitCode: 2,
  });
  assertEqual(userMessage(err, "zh"), {
    lines: [
      "echolab: 端口 'x' 无效：应为 0 到 65535 之间的数字",
      "请运行 'echolab serve --help' 查看用法。",
    ],
    exitCode: 2,
  });
  // What a stack trace or an event shows stays the English text.
  assertEqual(err.message, "bad port 'x': expected a number from 0 to 65535");
});

Deno.test("userMessage: a SysError's errno title and detail in the language asked for", () => {
  const err = new SysError("bind 127.0.0.1:9877", "EADDRINUSE", {
    en: "bind failed",
    zh: "bind 失败",
  }, 2);
  const en = userMessage(err, "en");
  assertEqual(en.exitCode, 2);
  assertEqual(
    en.lines[0],
    "echolab: bind 127.0.0.1:9877: EADDRINUSE — address already in use: another socket is bound to this port (bind failed)",
  );
  const zh = userMessage(err, "zh");
  assertEqual(zh.exitCode, 2);
  assert(zh.lines[0].startsWith("echolab: bind 127.0.0.1:9877"), zh.lines[0]);
  assert(zh.lines[0].includes("EADDRINUSE") && zh.lines[0].includes("bind 失败"), zh.lines[0]);
  assert(CJK.test(zh.lines[1]) && zh.lines[1].includes("--port"), zh.lines[1]);
  // Not from the user's input: one line, its own exit code, in either language.
  assertEqual(userMessage(new SysError("mmap", "ENOMEM", err.text), "zh").lines.length, 1);
});

Deno.test("sysErrorFrom: the system's own text, labelled in Chinese", () => {
  const err = sysErrorFrom("listen", new Error("Address already in use (os error 98)"), 2);
  assertEqual(err.errno, "EADDRINUSE");
  assertEqual(err.text.en, "Address already in use (os error 98)");
  assert(CJK.test(err.text.zh) && err.text.zh.includes("(os error 98)"), err.text.zh);
  assertEqual(sysErrorFrom("x", err), err);
});

Deno.test("userMessage: anything else is an internal error, in either language", () => {
  assertEqual(userMessage(new Error("boom"), "en"), {
    lines: ["echolab: internal error: boom"],
    exitCode: 1,
  });
  const zh = userMessage(new Error("boom"), "zh");
  assert(zh.lines[0].startsWith("echolab: ") && CJK.test(zh.lines[0]), zh.lines[0]);
});

Deno.test("UsageError and SysError take no English-only message (deno check enforces it)", () => {
  // Each @ts-expect-error fails `deno task check` the day a plain string is accepted again.
  // @ts-expect-error: a UsageError needs { en, zh }
  const usage = () => new UsageError("English only", "serve");
  // @ts-expect-error: a SysError needs { en, zh }
  const sys = () => new SysError("bind", "EADDRINUSE", "English only");
  // @ts-expect-error: both languages, not just one
  const half = () => new UsageError({ en: "English only" });
  assertEqual([typeof usage, typeof sys, typeof half], ["function", "function", "function"]);
});
