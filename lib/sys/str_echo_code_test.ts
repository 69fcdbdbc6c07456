import { assertEqual } from "../../tests/helpers/assert.ts";
import { STR_ECHO_X86_64 } from "./str_echo_code.ts";

async function _has(tool: string): Promise<boolean> {
  try {
    return (await new Deno.Command(tool, { args: ["--version"], stdout: "null", stderr: "null" })
      .output()).success;
  } catch {
    return false;
  }
}

Deno.test("str_echo_code.ts holds exactly the bytes of asm/str_echo_x86_64.S (assembled again here)", async () => {
  if (!(await _has("as")) || !(await _has("objcopy"))) {
    console.log("skipped: GNU as/objcopy (binutils) not installed");
    return;
  }
  const dir = await Deno.makeTempDir();
  try {
    const source = new URL("./asm/str_echo_x86_64.S", import.meta.url).pathname;
    const run = async (cmd: string, args: string[]) => {
      const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
      assertEqual(out.success, true, new TextDecoder().decode(out.stderr));
    };
    await run("as", ["--64", "-o", `${dir}/o`, source]);
    await run("objcopy", ["-O", "binary", "-j", ".text", `${dir}/o`, `${dir}/bin`]);
    const assembled = await Deno.readFile(`${dir}/bin`);
    assertEqual(STR_ECHO_X86_64, assembled, "regenerate with lib/sys/asm/build.sh");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
