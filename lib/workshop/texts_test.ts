import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { CHECKS } from "../check/mod.ts";
import { COMMANDS } from "../commands/mod.ts";
import { queryCatalogue } from "../explain/query.ts";
import { exerciseDoc, EXERCISES, findExercise } from "./exercises.ts";
import { EXERCISES_DIR, GENERATED_PATH, generateTexts } from "./gen_texts.ts";
import { parseExercise } from "./markdown.ts";
import { EXERCISE_TEXTS } from "./texts.generated.ts";

Deno.test("texts.generated.ts is the markdown of examples/workshop (regenerate with gen_texts.ts)", async () => {
  assertEqual(await generateTexts(EXERCISES_DIR), Deno.readTextFileSync(GENERATED_PATH));
});

Deno.test("every exercise has its text in both languages, with every section and some hints", () => {
  assertEqual(Object.keys(EXERCISE_TEXTS).sort(), EXERCISES.map((e) => e.slug));
  const sections = {
    en: ["## Goal", "## Steps", "## What to observe", "## Questions", "## Verify"],
    zh: ["## 目标", "## 步骤", "## 观察", "## 问题", "## 验证"],
  };
  for (const e of EXERCISES) {
    for (const lang of ["en", "zh"] as const) {
      const doc = exerciseDoc(e, lang);
      assert(doc.title.length > 0, `${e.slug} ${lang} title`);
      for (const s of sections[lang]) assert(doc.body.includes(s), `${e.slug} ${lang}: ${s}`);
      assert(doc.hints.length >= 2, `${e.slug} ${lang}: hints`);
      assert(
        !doc.body.includes("## Hints") && !doc.body.includes("## 提示"),
        "hints are not in the body",
      );
    }
    assertEqual(
      exerciseDoc(e, "en").hints.length,
      exerciseDoc(e, "zh").hints.length,
      `${e.slug}: same hints`,
    );
  }
});

Deno.test("the exercises only use echolab commands, topics and checks that exist", () => {
  const commands = new Set([...COMMANDS.map((c) => c.name), "chaos"]); // chaos: the scenarios' command
  const checks = new Set(CHECKS.map((c) => c.name));
  for (const [slug, texts] of Object.entries(EXERCISE_TEXTS)) {
    for (const text of [texts.en, texts.zh]) {
      for (const m of text.matchAll(/`echolab ([a-z]+)/g)) {
        assert(commands.has(m[1]), `${slug}: echolab ${m[1]}`);
      }
      for (const m of text.matchAll(/echolab explain ([A-Za-z0-9_.-]+)/g)) {
        if (m[1].endsWith("-") || /NAME$/.test(m[1])) continue; // a placeholder: check-NAME
        assert(queryCatalogue(m[1]).kind !== "unknown", `${slug}: echolab explain ${m[1]}`);
      }
      for (const m of text.matchAll(/--only ([a-z,-]+)/g)) {
        for (const name of m[1].split(",")) assert(checks.has(name), `${slug}: check ${name}`);
      }
    }
  }
  for (const e of EXERCISES) {
    if (e.verify.kind === "check") {
      for (const c of e.verify.checks) assert(checks.has(c), `${e.slug}: ${c}`);
    }
  }
});

Deno.test("exercise 11 grades the book's server as §5.16 does: no SIGTERM handler asked for", () => {
  const ex = EXERCISE_TEXTS["11-host-shutdown"];
  for (const text of [ex.en, ex.zh]) {
    assert(text.includes("tcpserv05") && text.includes("graceful-stop"), "beyond the book, named");
  }
  assert(!/Catch SIGTERM|Make your server end cleanly on SIGTERM/.test(ex.en), ex.en);
  assert(!/捕获 SIGTERM|让你的服务器在收到 SIGTERM/.test(ex.zh), ex.zh);
  assert(/every process/.test(ex.en) && /每个进程/.test(ex.zh));
});

Deno.test("findExercise takes a number or a slug", () => {
  assertEqual(findExercise("3")?.n, 3);
  assertEqual(findExercise("03")?.n, 3);
  assertEqual(findExercise("kill-the-child")?.n, 3);
  assertEqual(findExercise("13")?.slug, "13-intermediate-router");
  assertEqual(findExercise("14"), undefined);
});

Deno.test("parseExercise: title without number, hints with continuation lines", () => {
  const doc = parseExercise(
    "# 07 · Title here\n\n## Goal\n\nx\n\n## Hints\n\n- one\n  more\n- two\n\n## Verify\n\nv\n",
  );
  assertEqual(doc.title, "Title here");
  assertEqual(doc.hints, ["one more", "two"]);
  assert(doc.body.includes("## Verify") && !doc.body.includes("one"));
});

Deno.test("every code span in the exercises opens and closes on one line", () => {
  for (const [slug, texts] of Object.entries(EXERCISE_TEXTS)) {
    for (const text of [texts.en, texts.zh]) {
      let fenced = false;
      for (const line of text.split("\n")) {
        if (line.trimStart().startsWith("```")) fenced = !fenced;
        else if (!fenced) {
          assert((line.match(/`/g) ?? []).length % 2 === 0, `${slug}: a code span split: ${line}`);
        }
      }
    }
  }
});

Deno.test("the exercises describe the run the tool makes, and no wrong claim (issue #13)", () => {
  const text = (slug: string, lang: "en" | "zh") => EXERCISE_TEXTS[slug][lang];
  const both = (slug: string, en: RegExp, zh: RegExp) => {
    assert(en.test(text(slug, "en")), `${slug} en: ${en}`);
    assert(zh.test(text(slug, "zh")), `${slug} zh: ${zh}`);
  };
  // 1: the clone child has the server's command line; comm and ppid tell them apart.
  both("01-two-terminals", /comm.*str_echo.*ppid/s, /comm.*str_echo.*ppid/s);
  // 2: a TIME_WAIT from this exercise, not one left by exercise 1.
  both("02-normal-termination", /Start from an empty table/, /从空表开始/);
  // 4: exercise 3's server holds port 9877.
  both("04-count-zombies", /Stop the server from exercise 3 first/, /先停止练习 3 的服务器/);
  // 5 and 6: the saved command has an absolute path.
  for (const slug of ["05-sigchld-handler", "06-five-at-once"]) {
    both(
      slug,
      /verify \d -- "\$PWD\/myserver" \{port\}/,
      /verify \d -- "\$PWD\/myserver" \{port\}/,
    );
  }
  // 7: Linux never returns ECONNABORTED here; 4.4BSD drops, FreeBSD/POSIX ECONNABORTED, SVR4 EPROTO.
  both(
    "07-rst-before-accept",
    /Linux never returns ECONNABORTED/,
    /Linux 在这里从不返回 ECONNABORTED/,
  );
  both("07-rst-before-accept", /4\.4BSD drops.*FreeBSD returns ECONNABORTED/s, /4\.4BSD.*FreeBSD/s);
  assert(!/Berkeley-derived systems return ECONNABORTED/.test(text("07-rst-before-accept", "en")));
  // 8, 9: the RST's effect depends on the state; a failed ARP is an ICMP the kernel sends itself.
  both("08-sigpipe", /ESTABLISHED.*ECONNRESET and no\s+SIGPIPE/s, /ESTABLISHED.*ECONNRESET/s);
  both("09-host-crash", /arp_error_report/, /arp_error_report/);
  assert(!/no router and no ICMP/.test(text("09-host-crash", "en")), "09 en: old claim");
  assert(!/也没有 ICMP/.test(text("09-host-crash", "zh")), "09 zh: old claim");
  // 10: the client writes during the crash; the RST answers a retransmission.
  both("10-crash-reboot", /writes a line during the\s+crash/, /在崩溃期间写出一行/);
  both("10-crash-reboot", /answers that retransmission with an RST/, /回应这次重传/);
});
