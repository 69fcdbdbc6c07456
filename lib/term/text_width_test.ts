import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { displayWidth, pad, truncate, wrapColumns } from "./text_width.ts";

Deno.test("displayWidth: CJK counts two columns, ANSI colour none", () => {
  assertEqual(displayWidth("abc"), 3);
  assertEqual(displayWidth("僵尸 Z"), 6);
  assertEqual(displayWidth("\x1b[31mEPIPE\x1b[39m"), 5);
});

Deno.test("truncate and pad respect display width", () => {
  assertEqual(truncate("inet_csk_accept", 8), "inet_cs…");
  assertEqual(truncate("short", 8), "short");
  assertEqual(displayWidth(truncate("僵尸进程僵尸进程", 7)), 7);
  assertEqual(pad("7", 3, true), "  7");
});

Deno.test("wrapColumns: English at spaces, Chinese anywhere, never wider than asked", () => {
  const en = wrapColumns("the quick brown fox jumps over the lazy dog", 16, "  ");
  assertEqual(en, ["  the quick", "  brown fox", "  jumps over the", "  lazy dog"]);
  const zh = wrapColumns(
    "Linux 不会永远等待：无主的 FIN_WAIT2 套接字在 net.ipv4.tcp_fin_timeout（60 秒）后被丢弃。",
    30,
    "  ",
  );
  for (const line of zh) assert(displayWidth(line) <= 30, line);
  assertEqual(
    zh.join("").replaceAll(" ", ""),
    "Linux不会永远等待：无主的FIN_WAIT2套接字在net.ipv4.tcp_fin_timeout（60秒）后被丢弃。",
  );
});

Deno.test("wrapColumns: Latin names inside Chinese stay whole; a word longer than a line is cut", () => {
  const lines = wrapColumns(
    "书中 ps 显示僵尸进程的等待通道为 do_exit；现今为空（-）：僵尸进程不在任何地方睡眠。",
    30,
    "",
  );
  assert(lines.some((l) => l.includes("do_exit")), lines.join("|"));
  for (const line of lines) assert(displayWidth(line) <= 30, line);
  assertEqual(wrapColumns("abcdefghijklmnopqrstuvwxyz", 10, ""), [
    "abcdefghij",
    "klmnopqrst",
    "uvwxyz",
  ]);
});

Deno.test("wrapColumns: closing punctuation never starts a line, opening brackets never end one", () => {
  // "。" does not fit after 6 characters in 12 columns: the character before it moves down with it.
  assertEqual(wrapColumns("僵尸进程僵尸。", 12, ""), ["僵尸进程僵", "尸。"]);
  assertEqual(wrapColumns("僵尸进程僵尸，再见", 12, ""), ["僵尸进程僵", "尸，再见"]);
  assertEqual(wrapColumns("僵尸进程僵尸……", 12, ""), ["僵尸进程僵", "尸……"]);
  assertEqual(wrapColumns("僵尸进程僵（尸）", 12, ""), ["僵尸进程僵", "（尸）"]);
  assertEqual(wrapColumns("一二三四五（六七", 12, ""), ["一二三四五", "（六七"]);
  const closing = [..."，。、；：！？）」』】》…"];
  const opening = [..."（「『【《"];
  for (const width of [12, 13, 14, 15, 20, 21, 30]) {
    for (const mark of closing) {
      const text = "进程".repeat(width) + mark + "写操作返回" + mark;
      for (const line of wrapColumns(text, width, "  ")) {
        assert(!closing.includes([...line.trim()][0]), `${width}: ${line}`);
        assert(displayWidth(line) <= width, line);
      }
    }
    for (const mark of opening) {
      const text = ("进程" + mark + "套接字").repeat(width);
      for (const line of wrapColumns(text, width, "")) {
        assert(!opening.includes([...line].at(-1)!), `${width}: ${line}`);
        assert(displayWidth(line) <= width, line);
      }
    }
  }
});
