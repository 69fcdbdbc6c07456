import { displayWidth } from "../lib/term/text_width.ts";
import { assert, assertEqual } from "./helpers/assert.ts";
import { runCli } from "./helpers/cli.ts";

for (const [columns, width] of [["", 80], ["60", 60], ["120", 120]] as const) {
  Deno.test(`chaos list piped (COLUMNS='${columns}'): titles wrap under themselves within ${width} columns`, async () => {
    for (const lang of ["en", "zh"]) {
      const r = await runCli(["chaos", "list", "--lang", lang], "", { env: { COLUMNS: columns } });
      assertEqual(r.code, 0, r.stderr);
      const lines = new TextDecoder().decode(r.stdout).trimEnd().split("\n");
      for (const line of lines) assert(displayWidth(line) <= width, `too wide: ${line}`);
      const names = lines.filter((l) => /^ {2}\S/.test(l));
      assert(names.length >= 10, lines.join("\n"));
      // A continuation line starts where the titles do, after the name and section columns.
      const titleAt = names[0].indexOf("§") + "§5.10  ".length;
      for (const line of lines.filter((l) => !/^ {2}\S/.test(l))) {
        assertEqual(line.search(/\S/), titleAt, line);
      }
      if (width === 120 && lang === "en") assertEqual(lines.length, names.length);
    }
  });
}
