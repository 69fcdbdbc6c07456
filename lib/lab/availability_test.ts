import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { labUnavailable, type Probe } from "./availability.ts";

function fake(over: Partial<Probe> & { proc?: Record<string, string> } = {}): Probe {
  const proc = over.proc ?? {};
  return {
    os: "linux",
    which: (tool) => `/usr/bin/${tool}`,
    readProc: (path) => proc[path],
    run: () => Promise.resolve({ code: 0, stderr: "" }),
    isRoot: false,
    ...over,
  };
}

Deno.test("availability: a Linux system with the tools and namespaces can run the lab", async () => {
  assertEqual(await labUnavailable(fake()), undefined);
});

Deno.test("availability: not Linux", async () => {
  const why = await labUnavailable(fake({ os: "darwin" }));
  assert(why?.en.includes("this OS is darwin"), why?.en);
  assert(why?.zh.includes("darwin"));
});

Deno.test("availability: a missing tool names the package to install", async () => {
  const why = await labUnavailable(fake({ which: (t) => t === "ip" ? undefined : `/bin/${t}` }));
  assert(why?.en.includes("`ip` was not found") && why.en.includes("iproute2"), why?.en);
});

Deno.test("availability: user.max_user_namespaces = 0", async () => {
  let probed = false;
  const why = await labUnavailable(fake({
    proc: { "sys/user/max_user_namespaces": "0\n" },
    run: () => {
      probed = true;
      return Promise.resolve({ code: 0, stderr: "" });
    },
  }));
  assert(why?.en.includes("user.max_user_namespaces=15000"), why?.en);
  assert(!probed, "no probe once a sysctl explains it");
});

Deno.test("availability: Ubuntu's AppArmor restriction is named when the probe fails", async () => {
  const why = await labUnavailable(fake({
    proc: { "sys/kernel/apparmor_restrict_unprivileged_userns": "1\n" },
    run: () => Promise.resolve({ code: 2, stderr: "RTNETLINK answers: Operation not permitted\n" }),
  }));
  assert(why?.en.includes("apparmor_restrict_unprivileged_userns=0"), why?.en);
});

Deno.test("availability: a failing probe without a known cause quotes the error", async () => {
  const why = await labUnavailable(fake({
    run: () =>
      Promise.resolve({ code: 1, stderr: "unshare: unshare failed: Operation not permitted\n" }),
  }));
  assert(why?.en.includes("unshare failed: Operation not permitted"), why?.en);
});

Deno.test("availability: veth missing", async () => {
  const why = await labUnavailable(fake({
    run: () => Promise.resolve({ code: 2, stderr: "Error: Unknown device type.\n" }),
  }));
  assert(why?.en.includes("modprobe veth"), why?.en);
});
