import { assert, assertEqual } from "./helpers/assert.ts";
import { COMMANDS, findCommand, topHelp } from "../lib/commands/mod.ts";
import { selfCommand } from "../lib/sys/self_command.ts";

const MOD = new URL("../lib/commands/mod.ts", import.meta.url);

Deno.test("lazy commands: every registered command loads under its own name", async () => {
  assert(COMMANDS.length > 0, "some commands registered");
  for (const entry of COMMANDS) {
    const command = await findCommand(entry.name);
    assertEqual(command?.name, entry.name);
  }
  assertEqual(await findCommand("no-such-command"), undefined);
  const help = await topHelp();
  for (const entry of COMMANDS) {
    assert(help.includes(`  ${entry.name} `), `help lists ${entry.name}`);
  }
});

Deno.test("lazy commands: deno's module graph (what deno compile embeds) holds every command", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", new URL("../main.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "null",
  }).output();
  assert(out.success, "deno info ran");
  const graph = JSON.parse(new TextDecoder().decode(out.stdout));
  const specifiers = new Set<string>(graph.modules.map((m: { specifier: string }) => m.specifier));
  const source = await Deno.readTextFile(MOD);
  const lazy = [...source.matchAll(/import\("(\.\/[^"]+)"\)/g)].map((m) => new URL(m[1], MOD).href);
  assertEqual(lazy.length, COMMANDS.length, "one static import() specifier per command");
  for (const href of lazy) assert(specifiers.has(href), `${href} is in the graph`);
});

Deno.test("lazy commands: `echolab --version` under deno run never reads a command module", async () => {
  // deno run loads statically analyzable import()s up front unless deno.json has
  // "unstable": ["lazy-dynamic-imports"]; DENO_LOG=debug names every module fetched.
  const run = (args: string[]) => {
    const { cmd, args: full } = selfCommand(args);
    return new Deno.Command(cmd, {
      args: full,
      env: { DENO_LOG: "debug" },
      stdout: "null",
      stderr: "piped",
    }).output();
  };
  const version = new TextDecoder().decode((await run(["--version"])).stderr);
  const help = new TextDecoder().decode((await run(["serve", "--help"])).stderr);
  const fetched = /specifier: \S*\/lib\/commands\/(?!mod\.ts)\S+/;
  assert(fetched.test(help), "the debug log names the command modules it reads");
  assert(!fetched.test(version), `--version read a command module: ${version.match(fetched)}`);
});
