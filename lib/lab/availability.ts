/**
 * Can the lab network be made here? Every reason it cannot is said exactly,
 * with how to enable it — a lab scenario then reports `skipped` with that
 * reason, never a fake result.
 *
 * The checks read the real system: the OS, the tools on PATH (`unshare`,
 * `nsenter`, `ip`, `setpriv` is optional), the user-namespace sysctls, and
 * finally a probe that builds a throw-away namespace with a veth pair.
 * Tests make a check fail for real: `PATH=/nonexistent` hides the tools;
 * `ECHOLAB_LAB_PROC=/some/dir` reads the sysctls from a fake /proc tree.
 *
 * @module
 */

import type { Bilingual } from "../lang.ts";
import { LAB_UNSHARE_ARGS } from "./lab_namespaces.ts";

/** What the availability check may look at (real system by default; fakes in tests). */
export interface Probe {
  /** Operating system, as Deno.build.os. */
  os: string;
  /** Full path of `tool` on PATH, or undefined. */
  which(tool: string): string | undefined;
  /** Contents of a /proc file (path relative to /proc), or undefined if missing. */
  readProc(path: string): string | undefined;
  /** Run a command; resolves to its exit code and stderr. */
  run(cmd: string, args: string[]): Promise<{ code: number; stderr: string }>;
  /** True when running as uid 0 outside any namespace of ours. */
  isRoot: boolean;
}

/** The tools the lab needs, with the package that provides them. */
const _TOOLS: readonly [string, string][] = [
  ["unshare", "util-linux"],
  ["nsenter", "util-linux"],
  ["ip", "iproute2"],
  ["sleep", "coreutils"],
  ["sh", "dash or bash"],
];

/**
 * The command that builds the same namespaces a lab does (user, network, PID
 * with its own /proc) and a veth pair inside, then exits.
 *
 * @example
 * ```ts
 * new Deno.Command("unshare", { args: [...PROBE_ARGS] }).outputSync().success;
 * ```
 */
export const PROBE_ARGS: readonly string[] = [
  ...LAB_UNSHARE_ARGS,
  "ip",
  "link",
  "add",
  "name",
  "probe0",
  "type",
  "veth",
  "peer",
  "name",
  "probe1",
];

function _num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** Why user namespaces are off, judged from the sysctls alone (before any probe). */
function _userNsSysctls(p: Probe): Bilingual | undefined {
  const max = _num(p.readProc("sys/user/max_user_namespaces"));
  if (max === 0) {
    return {
      en:
        "user namespaces are disabled (user.max_user_namespaces = 0); enable them with `sudo sysctl -w user.max_user_namespaces=15000`",
      zh:
        "用户命名空间被禁用（user.max_user_namespaces = 0）；用 `sudo sysctl -w user.max_user_namespaces=15000` 启用",
    };
  }
  const clone = _num(p.readProc("sys/kernel/unprivileged_userns_clone"));
  if (clone === 0 && !p.isRoot) {
    return {
      en:
        "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0); enable them with `sudo sysctl -w kernel.unprivileged_userns_clone=1`",
      zh:
        "非特权用户命名空间被禁用（kernel.unprivileged_userns_clone = 0）；用 `sudo sysctl -w kernel.unprivileged_userns_clone=1` 启用",
    };
  }
  return undefined;
}

function _apparmor(p: Probe): Bilingual | undefined {
  const restrict = _num(p.readProc("sys/kernel/apparmor_restrict_unprivileged_userns"));
  if (restrict !== 1 || p.isRoot) return undefined;
  return {
    en:
      "AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1, the Ubuntu 24.04 default): the namespace is created but gets no capabilities. Allow it with `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` (or an AppArmor profile with `userns,` for the deno binary)",
    zh:
      "AppArmor 限制了非特权用户命名空间（kernel.apparmor_restrict_unprivileged_userns = 1，Ubuntu 24.04 的默认值）：命名空间能创建，但没有任何能力。用 `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` 放开（或为 deno 程序写一个含 `userns,` 的 AppArmor 配置）",
  };
}

/** Turn the probe's failure into the exact reason. */
function _probeFailure(p: Probe, stderr: string): Bilingual {
  const line = stderr.trim().split("\n").filter(Boolean).at(-1) ?? "no message";
  const armor = _apparmor(p);
  if (armor) return armor;
  if (/Unknown device type|veth/i.test(stderr)) {
    return {
      en:
        `the kernel cannot make veth pairs inside a namespace (${line}); load the module with \`sudo modprobe veth\``,
      zh: `内核无法在命名空间内创建 veth 对（${line}）；用 \`sudo modprobe veth\` 加载该模块`,
    };
  }
  if (/mount/i.test(stderr)) {
    return {
      en:
        `a private /proc cannot be mounted in the lab's PID namespace (${line}); this happens inside containers that mask parts of /proc — run echolab on the host or in a VM`,
      zh:
        `无法在实验室的 PID 命名空间中挂载私有 /proc（${line}）；这通常发生在屏蔽了部分 /proc 的容器中——请在宿主机或虚拟机上运行 echolab`,
    };
  }
  return {
    en:
      `unprivileged user and network namespaces are not allowed here (${line}); on Linux enable them (user.max_user_namespaces > 0, kernel.unprivileged_userns_clone = 1, kernel.apparmor_restrict_unprivileged_userns = 0) or run in a VM`,
    zh:
      `此处不允许非特权用户命名空间和网络命名空间（${line}）；请在 Linux 上启用它们（user.max_user_namespaces > 0、kernel.unprivileged_userns_clone = 1、kernel.apparmor_restrict_unprivileged_userns = 0），或在虚拟机中运行`,
  };
}

/**
 * Why the lab cannot be made on this system, or undefined when it can.
 *
 * @example
 * ```ts
 * const why = await labUnavailable(systemProbe());
 * if (why) console.log(why.en);
 * ```
 */
export async function labUnavailable(p: Probe): Promise<Bilingual | undefined> {
  if (p.os !== "linux") {
    return {
      en:
        `the lab network needs Linux user and network namespaces; this OS is ${p.os} — run echolab in a Linux VM or container host`,
      zh:
        `实验室网络需要 Linux 的用户命名空间和网络命名空间；本机操作系统是 ${p.os}——请在 Linux 虚拟机中运行 echolab`,
    };
  }
  for (const [tool, pkg] of _TOOLS) {
    if (!p.which(tool)) {
      return {
        en: `\`${tool}\` was not found on PATH; install ${pkg} (e.g. \`sudo apt-get install ${
          pkg.split(" ")[0]
        }\`)`,
        zh: `在 PATH 中找不到 \`${tool}\`；请安装 ${pkg}（例如 \`sudo apt-get install ${
          pkg.split(" ")[0]
        }\`）`,
      };
    }
  }
  const sysctl = _userNsSysctls(p);
  if (sysctl) return sysctl;
  const probe = await p.run(p.which("unshare")!, [...PROBE_ARGS]);
  if (probe.code !== 0) return _probeFailure(p, probe.stderr);
  return undefined;
}
