/**
 * lib/'s layers, written once: each unit (a folder of lib/, or a file at its
 * root) may import only the units below it in {@link LAYERS} and itself.
 * An import that runs upward — and so any two units importing each other —
 * fails this test with the file and the import named. Unit tests beside the
 * code (`*_test.ts`) are exempt: a test may drive its unit together with the
 * units that use it.
 *
 * @module
 */

import { assertEqual } from "./helpers/assert.ts";

/** Bottom first. A unit may import the units before it, never those after. */
export const LAYERS: readonly string[] = [
  "lang.ts", //     the user's language and the bilingual text type
  "version.ts", //  the version string
  "errors.ts", //   typed errors (UsageError, SysError)
  "events.ts", //   the event bus
  "sys", //         the OS as the book shows it: libc through FFI, sockets, signals, errno
  "term", //        terminal output: streams, colour, text width, plural words
  "proc", //        everything read from /proc: processes, sockets, signal masks
  "capture", //     packets from an AF_PACKET socket, pcap files
  "explain", //     the bilingual catalogue (data) and its renderer
  "report", //      renderers: event lines, tables, sequence diagrams, verdicts
  "echo", //        the chapter's server and client
  "check", //       the grader's checks
  "lab", //         the lab network's infrastructure
  "watch", //       echolab watch: looks at /proc, the changes and their lines, the full screen
  "scenarios", //   one chaos scenario per file
  "workshop", //    exercises, progress, verify rules
  "cli", //         argument parsing and the user's error message
  "commands", //    one subcommand per file
];

const _LIB = new URL("../lib/", import.meta.url);
const _IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm;

function _unitOf(pathInLib: string): string {
  return pathInLib.includes("/") ? pathInLib.slice(0, pathInLib.indexOf("/")) : pathInLib;
}

function* _walk(dir: URL, prefix = ""): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const rel = prefix + entry.name;
    if (entry.isDirectory) yield* _walk(new URL(entry.name + "/", dir), rel + "/");
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) yield rel;
  }
}

/** Every upward import in lib/, as "file → import (unit A may not import unit B)". */
function _violations(lib: URL = _LIB): string[] {
  const out: string[] = [];
  for (const file of _walk(lib)) {
    const from = _unitOf(file);
    const rank = LAYERS.indexOf(from);
    if (rank < 0) {
      out.push(`lib/${file}: its unit '${from}' has no place in LAYERS`);
      continue;
    }
    const text = Deno.readTextFileSync(new URL(file, lib));
    for (const m of text.matchAll(_IMPORT)) {
      const target = new URL(m[1], new URL(file, lib)).pathname;
      if (!target.startsWith(lib.pathname)) continue; // outside lib/
      const to = _unitOf(target.slice(lib.pathname.length));
      if (to === from) continue;
      const toRank = LAYERS.indexOf(to);
      if (toRank < 0 || toRank > rank) {
        out.push(`lib/${file} imports ${m[1]}: '${from}' may not import '${to}' (above it)`);
      }
    }
  }
  return out;
}

Deno.test("layers: every import in lib/ points down the layer order (no upward import, no cycle)", () => {
  assertEqual(_violations(), []);
});

Deno.test("layers: an upward import and a cycle are reported with the file and the import", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${dir}/sys`);
    Deno.mkdirSync(`${dir}/commands`);
    Deno.writeTextFileSync(`${dir}/sys/low.ts`, 'import { high } from "../commands/high.ts";\n');
    Deno.writeTextFileSync(`${dir}/commands/high.ts`, 'export * from "../sys/low.ts";\n');
    Deno.writeTextFileSync(`${dir}/stray.ts`, "export {};\n");
    assertEqual(_violations(new URL(`file://${dir}/`)).sort(), [
      "lib/stray.ts: its unit 'stray.ts' has no place in LAYERS",
      "lib/sys/low.ts imports ../commands/high.ts: 'sys' may not import 'commands' (above it)",
    ]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
