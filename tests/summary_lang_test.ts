import { assert, assertEqual } from "./helpers/assert.ts";
import { runCli } from "./helpers/cli.ts";

const linux = Deno.build.os === "linux";

/** The event lines of a human run: `   12.3ms actor   summary`. */
function _eventLines(stdout: Uint8Array): string[] {
  return new TextDecoder().decode(stdout).split("\n").filter((l) => /^\s+\d+\.\dms /.test(l));
}

Deno.test({
  name: "chaos server-killed --lang zh: the event lines themselves are in Chinese",
  ignore: !linux,
  async fn() {
    const r = await runCli(["chaos", "server-killed", "--lang", "zh"]);
    assertEqual(r.code, 0, r.stderr);
    const lines = _eventLines(r.stdout);
    const text = lines.join("\n");
    // UNP §5.12: the killed child, the write after the FIN, the read that sees EOF.
    // The default view tells the child's end on the SIGCHLD line whose handler found it.
    assert(
      /server\s+(子进程 \d+ 被 SIGTERM 杀死（0 个活动子进程）|SIGCHLD 已递交（第 1 次） → waitpid 回收了 \d+（被 SIGTERM 杀死）)/
        .test(text),
      text,
    );
    assert(/client\s+write 写出 \d+ 字节：成功/.test(text), text);
    assert(/client\s+read 返回 0（EOF）/.test(text), text);
    assert(!/write of \d+ bytes|killed by SIGTERM|read returned 0/.test(text), text);
  },
});

Deno.test({
  name: "chaos server-killed --lang en: the same event lines in English",
  ignore: !linux,
  async fn() {
    const r = await runCli(["chaos", "server-killed", "--lang", "en"]);
    assertEqual(r.code, 0, r.stderr);
    const text = _eventLines(r.stdout).join("\n");
    assert(
      /server\s+(child \d+ killed by SIGTERM \(0 live\)|SIGCHLD delivered \(#1\) → waitpid reaped \d+ \(killed by SIGTERM\))/
        .test(text),
      text,
    );
    assert(/client\s+write of \d+ bytes succeeded/.test(text), text);
    assert(!/[\u4e00-\u9fff]/.test(text), text);
  },
});
