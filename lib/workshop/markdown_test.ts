import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { displayWidth } from "../term/text_width.ts";
import { wrapInline, wrapMarkdown } from "./markdown.ts";

Deno.test("wrapMarkdown: paragraphs re-wrapped, headings and blank lines kept", () => {
  assertEqual(
    wrapMarkdown("## Goal\n\nStart the server\nand the client.\n", 12),
    "## Goal\n\nStart the\nserver and\nthe client.\n",
  );
});

Deno.test("wrapMarkdown: CJK counts two columns, lines joined between CJK get no space", () => {
  const text = "启动本章的回射服务器和客户，\n输入一行。\n";
  const lines = wrapMarkdown(text, 20).split("\n").filter((l) => l);
  assert(lines.every((l) => displayWidth(l) <= 20), lines.join("|"));
  assertEqual(lines.join(""), "启动本章的回射服务器和客户，输入一行。");
  // Between CJK and Latin the line break becomes a space.
  assertEqual(wrapMarkdown("默认的 clone\n工作进程", 80), "默认的 clone 工作进程");
});

Deno.test("wrapMarkdown: list items hang under their text; code blocks and code spans stay whole", () => {
  const md = [
    "1. run `ss -tan '( sport = :9877 )'` now",
    "   and look",
    "   - nested item",
    "     continued",
    "```",
    "a   b  c long code line that is not wrapped at all",
    "```",
  ].join("\n");
  assertEqual(wrapMarkdown(md, 34).split("\n"), [
    "1. run",
    "   `ss -tan '( sport = :9877 )'`",
    "   now and look",
    "   - nested item continued",
    "```",
    "a   b  c long code line that is not wrapped at all",
    "```",
  ]);
});

Deno.test("wrapInline: a code span moves whole to the next line", () => {
  assertEqual(wrapInline("run `ss -tan` now", 10, ""), ["run", "`ss -tan`", "now"]);
  assertEqual(wrapInline("see `a b` and more", 12, "  "), ["  see `a b`", "  and more"]);
});
