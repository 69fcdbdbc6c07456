import type { EchoEvent } from "../lib/events.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { parseEvents, runCli, spawnCli } from "./helpers/cli.ts";
import { childrenOf, eventually } from "./helpers/proc.ts";
import { HAVE_GCC, NO_GCC_REASON, serverBinary } from "./helpers/servers.ts";

/** A fresh config directory per test: progress is saved under $XDG_CONFIG_HOME/echolab. */
function configDir(): { env: Record<string, string>; file: string; cleanup: () => void } {
  const dir = Deno.makeTempDirSync({ prefix: "echolab-workshop-" });
  return {
    env: { XDG_CONFIG_HOME: dir },
    file: `${dir}/echolab/workshop.json`,
    cleanup: () => Deno.removeSync(dir, { recursive: true }),
  };
}

async function workshop(args: string[], env: Record<string, string>) {
  const r = await runCli(["workshop", ...args], "", { env });
  return { ...r, text: new TextDecoder().decode(r.stdout) };
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

function lastVerify(stdout: Uint8Array): EchoEvent {
  const v = parseEvents(stdout).filter((e) => e.kind === "verify").at(-1);
  assert(v, "a verify event");
  return v;
}

Deno.test("workshop list: thirteen exercises, in both languages, progress from the config dir", async () => {
  const cfg = configDir();
  try {
    const en = parseEvents((await workshop(["list", "--json"], cfg.env)).stdout);
    const zh = parseEvents((await workshop(["--json", "--lang", "zh"], cfg.env)).stdout);
    assertEqual(en.map((e) => e.n), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    assert(en.every((e) => e.done === null));
    assert(zh.every((e, i) => e.title !== en[i].title && /[\u4e00-\u9fff]/.test(String(e.title))));
    const human = await workshop([], cfg.env);
    assertEqual(human.code, 0);
    assert(human.text.includes("0/13 done. Next: echolab"));
    assert(human.text.includes(`\nprogress: ${cfg.file}\n`), human.text);
    const zhList = (await workshop(["--lang", "zh"], cfg.env)).text;
    assert(zhList.includes("0/13 已完成。下一步：echolab workshop show 1"), zhList);
    assert(zhList.includes(`\n进度：${cfg.file}\n`), zhList);
  } finally {
    cfg.cleanup();
  }
});

Deno.test("workshop show: paragraphs wrap to the width (CJK counts two), in both languages", async () => {
  const cfg = configDir();
  const cjkWidth = (l: string) =>
    [...l].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
  try {
    for (const [lang, columns] of [["zh", "80"], ["zh", "60"], ["en", "60"]]) {
      const r = await workshop(["show", "1", "--lang", lang], { ...cfg.env, COLUMNS: columns });
      assertEqual(r.code, 0, r.stderr);
      const wide = r.text.split("\n").filter((l) => cjkWidth(l) > Number(columns));
      assertEqual(wide, [], `${lang} at ${columns} columns`);
    }
    // The Goal paragraph, one line in the source, now on more than one.
    const zh = (await workshop(["show", "1", "--lang", "zh"], { ...cfg.env, COLUMNS: "80" })).text;
    const goal = zh.split("## 目标\n\n")[1].split("\n\n")[0].split("\n");
    assert(goal.length >= 2, goal.join("|"));
    // Hints wrap too, under their label.
    const hint = (await workshop(["hint", "4"], { ...cfg.env, COLUMNS: "50" })).text.trimEnd();
    assert(hint.split("\n").length >= 2 && hint.startsWith("hint 1/3: "), hint);
    assertEqual(hint.split("\n").filter((l) => cjkWidth(l) > 50), [], hint);
  } finally {
    cfg.cleanup();
  }
});

Deno.test("workshop show and hint: hints one at a time, remembered, then all", async () => {
  const cfg = configDir();
  try {
    const show = await workshop(["show", "3"], cfg.env);
    assertEqual(show.code, 0);
    assert(show.text.startsWith("# 03 · Kill the server's child"), show.text);
    assert(show.text.includes("## Steps") && !show.text.includes("## Hints"));
    assert(
      (await workshop(["show", "kill-the-child", "--lang", "zh"], cfg.env)).text.includes(
        "## 步骤",
      ),
    );
    const total = Number(
      parseEvents((await workshop(["show", "3", "--json"], cfg.env)).stdout)[0].hints,
    );
    assert(total >= 2);
    const seen: number[] = [];
    for (let i = 0; i < total; i++) {
      const [h] = parseEvents((await workshop(["hint", "3", "--json"], cfg.env)).stdout);
      seen.push(h.index as number);
      assertEqual(h.total, total);
    }
    assertEqual(seen, Array.from({ length: total }, (_, i) => i + 1));
    assertEqual(JSON.parse(Deno.readTextFileSync(cfg.file)).hints["3"], total);
    const again = parseEvents((await workshop(["hint", "3", "--json"], cfg.env)).stdout);
    assertEqual(again.length, total, "all hints once every one was shown");
    assert(again.every((h) => h.again === true), "repeated hints are marked");
    const en = (await workshop(["hint", "3"], cfg.env)).text;
    assert(en.startsWith(`No more hints for exercise 3: here are all ${total} again.\n`), en);
    assert(en.includes(`hint ${total}/${total}: `), en);
    const zh = (await workshop(["hint", "3", "--lang", "zh"], cfg.env)).text;
    assert(zh.startsWith(`练习 3 没有更多提示了：以下是全部 ${total} 条。\n`), zh);
    assert(zh.includes(`提示 1/${total}：`) && !zh.includes("提示 1/3: "), zh);
    assertEqual((await workshop(["reset", "3"], cfg.env)).code, 0);
    assertEqual(JSON.parse(Deno.readTextFileSync(cfg.file)).hints["3"], undefined);
    assertEqual((await workshop(["reset"], cfg.env)).code, 0);
    assert(!(await Deno.stat(cfg.file).then(() => true, () => false)), "reset removes the file");
  } finally {
    cfg.cleanup();
  }
});

Deno.test("workshop verify 1–3 read the TCP table: established, CLOSE_WAIT, TIME_WAIT", async () => {
  const cfg = configDir();
  const port = String(freePort());
  const serve = spawnCli(["serve", "--port", port, "--json"]);
  try {
    await serve.waitFor((e) => e.kind === "listening");
    const before = await workshop(["verify", "1", "--port", port, "--json"], cfg.env);
    assertEqual([before.code, lastVerify(before.stdout).status], [1, "fail"], "no client yet");

    const client = spawnCli(["connect", "--port", port, "--json"]);
    const connected = await client.waitFor((e) => e.kind === "connected");
    const one = await workshop(["verify", "1", "--port", port, "--json"], cfg.env);
    const v1 = lastVerify(one.stdout);
    assertEqual([one.code, v1.status], [0, "pass"], one.stderr);
    assertEqual(
      `127.0.0.1:${v1.clientPort}`,
      connected.local,
      "the client's ephemeral port, as observed",
    );

    // §5.12: kill the child; the client's end goes to CLOSE_WAIT.
    const accepted = await serve.waitFor((e) => e.kind === "accepted");
    Deno.kill(accepted.child as number, "SIGTERM");
    await serve.waitFor((e) => e.kind === "child-exited" && e.pid === accepted.child);
    let three = await workshop(["verify", "3", "--port", port, "--json"], cfg.env);
    for (let i = 0; i < 20 && three.code !== 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      three = await workshop(["verify", "3", "--port", port, "--json"], cfg.env);
    }
    assertEqual(lastVerify(three.stdout).status, "pass");
    await client.closeStdin();
    await client.finish();

    // §5.7: a client ended by EOF leaves its end in TIME_WAIT.
    const ended = await runCli(["connect", "--port", port], "one line\n");
    assertEqual(ended.code, 0, ended.stderr);
    const two = await workshop(["verify", "2", "--port", port, "--json"], cfg.env);
    assertEqual(lastVerify(two.stdout).status, "pass", two.stderr);
    const done = JSON.parse(Deno.readTextFileSync(cfg.file)).done;
    assertEqual(Object.keys(done).sort(), ["1", "2", "3"]);
  } finally {
    serve.kill("SIGTERM");
    await serve.finish();
    cfg.cleanup();
  }
});

Deno.test({
  name: `workshop verify 4 --answer N counts the zombies in /proc${NO_GCC_REASON}`,
  ignore: !HAVE_GCC,
  async fn() {
    const cfg = configDir();
    const port = String(freePort());
    const server = new Deno.Command(serverBinary("tcpserv01"), { args: [port], stderr: "null" })
      .spawn();
    try {
      const none = await workshop(
        ["verify", "4", "--answer", "0", "--port", port, "--json"],
        cfg.env,
      );
      assertEqual(lastVerify(none.stdout).status, "fail");
      // Two clients come and go (retried until the server listens).
      for (let i = 0; i < 2; i++) {
        let served = false;
        for (let tries = 0; tries < 50 && !served; tries++) {
          const r = await runCli(["connect", "--port", port], "a line\n");
          served = r.code === 0;
          if (!served) await new Promise((res) => setTimeout(res, 50));
        }
        assert(served, "the client was served");
      }
      assert(
        await eventually(
          () => childrenOf(server.pid).filter((c) => c.state === "Z").length === 2,
          5000,
        ),
      );
      const wrong = await workshop(
        ["verify", "4", "--answer", "3", "--port", port, "--json"],
        cfg.env,
      );
      assertEqual([wrong.code, lastVerify(wrong.stdout).status], [1, "fail"]);
      assertEqual(
        lastVerify(wrong.stdout).zombies,
        undefined,
        "a wrong answer does not reveal the count",
      );
      const right = await workshop(
        ["verify", "4", "--answer", "2", "--port", port, "--json"],
        cfg.env,
      );
      const v = lastVerify(right.stdout);
      assertEqual([right.code, v.status, v.server], [0, "pass", server.pid]);
      assertEqual((v.zombies as number[]).length, 2);
    } finally {
      server.kill("SIGKILL");
      await server.status;
      cfg.cleanup();
    }
  },
});

Deno.test({
  name: `workshop verify 5/6/12 run the checks against the saved command${NO_GCC_REASON}`,
  ignore: !HAVE_GCC,
  async fn() {
    const cfg = configDir();
    try {
      const good = serverBinary("tcpserv04");
      const twelve = await workshop(
        ["verify", "12", "--json", "--timeout", "1.5", "--", good],
        cfg.env,
      );
      const checks = parseEvents(twelve.stdout).filter((e) => e.kind === "check");
      assertEqual(checks.length, 8);
      assertEqual([twelve.code, lastVerify(twelve.stdout).status], [0, "pass"], twelve.stderr);
      const saved = JSON.parse(Deno.readTextFileSync(cfg.file));
      assertEqual(saved.command, [good]);
      const six = await workshop(["verify", "6", "--json"], cfg.env);
      assertEqual(parseEvents(six.stdout).filter((e) => e.kind === "check").map((e) => e.name), [
        "signals-not-queued",
      ]);
      assertEqual(six.code, 0, "the saved command is used");
      const five = await workshop(
        ["verify", "5", "--json", "--", serverBinary("tcpserv01")],
        cfg.env,
      );
      assertEqual([five.code, lastVerify(five.stdout).status], [1, "fail"]);
      assertEqual(JSON.parse(Deno.readTextFileSync(cfg.file)).done["5"], undefined);
    } finally {
      cfg.cleanup();
    }
  },
});

Deno.test("workshop verify 9 checks the answer against a real host-crash run", async () => {
  const cfg = configDir();
  try {
    const wrong = await workshop(["verify", "9", "--answer", "ECONNRESET", "--json"], cfg.env);
    const right = await workshop(["verify", "9", "--answer", "ETIMEDOUT", "--json"], cfg.env);
    const [w, r] = [lastVerify(wrong.stdout), lastVerify(right.stdout)];
    if (r.status === "skipped") {
      // No lab on this machine (user namespaces off): both must say so, neither may pass.
      assertEqual([w.status, wrong.code, right.code], ["skipped", 1, 1]);
      return;
    }
    assertEqual([w.status, wrong.code], ["fail", 1], JSON.stringify(w));
    assertEqual([r.status, right.code], ["pass", 0], JSON.stringify(r));
  } finally {
    cfg.cleanup();
  }
});

Deno.test("workshop verify 13: the errno and the ICMP's sender, against a real router-unreachable run", async () => {
  const cfg = configDir();
  try {
    const server = await workshop(
      ["verify", "13", "--answer", "EHOSTUNREACH 198.18.1.2", "--json"],
      cfg.env,
    );
    const right = await workshop(
      ["verify", "13", "--answer", "EHOSTUNREACH 198.18.0.254", "--json"],
      cfg.env,
    );
    const [s, r] = [lastVerify(server.stdout), lastVerify(right.stdout)];
    if (r.status === "skipped") {
      assertEqual([s.status, server.code, right.code], ["skipped", 1, 1]);
      return;
    }
    assertEqual([s.status, server.code], ["fail", 1], JSON.stringify(s));
    assert(String(s.observed).includes("198.18.1.2"), JSON.stringify(s));
    assertEqual([r.status, right.code], ["pass", 0], JSON.stringify(r));
  } finally {
    cfg.cleanup();
  }
});

Deno.test("workshop: bad input is one line and exit 2", async () => {
  const cfg = configDir();
  try {
    for (
      const args of [
        ["show"],
        ["show", "14"],
        ["verify", "13"],
        ["verify", "13", "--answer", "EHOSTUNREACH"],
        ["frobnicate"],
        ["verify", "4"],
        ["verify", "4", "--answer", "many"],
        ["verify", "9", "--answer", "timeout"],
        ["verify", "1", "--answer", "3"],
        ["verify", "1", "--", "./server"],
        ["verify", "12"],
        ["show", "1", "--", "x"],
        ["list", "extra"],
      ]
    ) {
      const r = await workshop(args, cfg.env);
      assertEqual(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert(r.stderr.startsWith("echolab: "), r.stderr);
      assert(!r.stderr.includes("    at "), "no stack trace");
    }
    const precise: [string[], string][] = [
      [["verify", "4", "--answer", "three"], "echolab: --answer 'three' is not a number"],
      [
        ["verify", "4", "--answer", "three", "--lang", "zh"],
        "echolab: --answer 'three' 不是数字：",
      ],
      [["verify", "9", "--answer", "timeout"], "echolab: --answer 'timeout' is not an errno name"],
      [["verify", "4"], "echolab: verify 4 needs --answer N"],
      [
        ["verify", "13", "--answer", "EHOSTUNREACH"],
        'echolab: verify 13 needs --answer "ERRNO ADDRESS"',
      ],
    ];
    for (const [args, start] of precise) {
      const r = await workshop(args, cfg.env);
      assertEqual(r.code, 2, args.join(" "));
      assert(r.stderr.startsWith(start), r.stderr);
    }
  } finally {
    cfg.cleanup();
  }
});

Deno.test("workshop: a corrupted progress file is named, then ignored or kept aside — never 'hint -4/4: undefined'", async () => {
  const cfg = configDir();
  try {
    Deno.mkdirSync(cfg.file.slice(0, cfg.file.lastIndexOf("/")), { recursive: true });
    Deno.writeTextFileSync(
      cfg.file,
      JSON.stringify({
        version: 1,
        done: { "1": "not a date", "2": "2026-01-01T00:00:00Z" },
        hints: { "1": -5, "2": "x", "99999": 3 },
        command: [1, 2],
      }),
    );
    const hint = await workshop(["hint", "1"], cfg.env);
    assertEqual(hint.code, 0, hint.stderr);
    assertEqual(hint.stderr.trim().split("\n").length, 1, hint.stderr);
    assert(
      hint.stderr.startsWith(`echolab: ${cfg.file}: ignored 5 corrupted entries`),
      hint.stderr,
    );
    assert(hint.text.startsWith("hint 1/"), hint.text);
    assert(!/undefined|-\d+\//.test(hint.text), hint.text);
    const saved = JSON.parse(Deno.readTextFileSync(cfg.file));
    assertEqual(saved.hints, { "1": 1 });
    assertEqual(Object.keys(saved.done), ["2"]);

    for (const junk of ["{{{ not json", "[1, 2]", "null", "\u0000\u0001"]) {
      Deno.writeTextFileSync(cfg.file, junk);
      const list = await workshop(["list", "--lang", "zh"], cfg.env);
      assertEqual(list.code, 0, list.stderr);
      assert(list.stderr.startsWith(`echolab: ${cfg.file} 已损坏`), list.stderr);
      assertEqual(Deno.readTextFileSync(`${cfg.file}.corrupt`), junk, "kept aside");
      const again = await workshop(["list"], cfg.env);
      assertEqual(again.stderr, "", "a fresh start, said once");
    }
  } finally {
    cfg.cleanup();
  }
});
