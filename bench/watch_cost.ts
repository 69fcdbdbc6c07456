/**
 * Benchmark (not a test): what `echolab watch` costs and how fast it
 * notices. An `echolab serve` on a free port holds CONNECTIONS clients (one
 * child each); `echolab watch --port P --json` runs at its default refresh.
 *
 * - CPU: utime + stime of the watch process from /proc/PID/stat over SECONDS,
 *   as a share of one core.
 * - Reaction: TRIALS times, a client closes (its socket goes to TIME_WAIT,
 *   the server's child ends); the time from close() to the watch line for
 *   that socket arriving on the pipe.
 *
 * Usage: deno run -A bench/watch_cost.ts [CONNECTIONS] [SECONDS] [TRIALS]
 *        (default 64 30 20)
 *
 * @module
 */

import { selfCommand } from "../lib/sys/self_command.ts";

const connections = Number(Deno.args[0] ?? 64);
const seconds = Number(Deno.args[1] ?? 30);
const trials = Number(Deno.args[2] ?? 20);
const HZ = 100; // USER_HZ: /proc/PID/stat counts clock ticks of 1/100 s

function _cpuTicks(pid: number): number {
  const f = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const after = f.slice(f.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 (utime, stime) are after[11] and after[12] (field 3 is after[0]).
  return Number(after[11]) + Number(after[12]);
}

function _spawn(args: string[]): Deno.ChildProcess {
  const self = selfCommand(args);
  return new Deno.Command(self.cmd, {
    args: self.args,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).spawn();
}

/** NDJSON lines of a child's stdout, each with its arrival time. */
function _lines(
  child: Deno.ChildProcess,
  onLine: (o: Record<string, unknown>, at: number) => void,
) {
  return (async () => {
    const dec = new TextDecoder();
    let pending = "";
    for await (const chunk of child.stdout) {
      const at = performance.now();
      pending += dec.decode(chunk, { stream: true });
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.trim()) onLine(JSON.parse(line), at);
      }
    }
  })();
}

const serve = _spawn(["serve", "--port", "0", "--json", "--max-clients", "256"]);
let port = 0;
const serveDone = _lines(serve, (o) => {
  if (o.kind === "listening") port = o.port as number;
});
while (port === 0) await new Promise((r) => setTimeout(r, 20));

const held: Deno.TcpConn[] = [];
const line = new TextEncoder().encode("hello\n");
for (let i = 0; i < connections; i++) {
  const c = await Deno.connect({ hostname: "127.0.0.1", port });
  await c.write(line);
  await c.read(new Uint8Array(16));
  held.push(c);
}

const extra = (Deno.env.get("WATCH_ARGS") ?? "").split(" ").filter(Boolean);
const watch = _spawn(["watch", "--port", String(port), "--json", ...extra]);
const waiters = new Map<string, (at: number) => void>();
const watchDone = _lines(watch, (o, at) => {
  const key = String(o.key ?? "");
  if (o.kind === "state-change" && waiters.has(key)) {
    waiters.get(key)!(at);
    waiters.delete(key);
  }
});
await new Promise((r) => setTimeout(r, 3000)); // start-up and the first looks

const t0 = _cpuTicks(watch.pid);
const w0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const cpuShare = (_cpuTicks(watch.pid) - t0) / HZ / ((performance.now() - w0) / 1000);

const reactions: number[] = [];
for (let i = 0; i < trials && held.length > 0; i++) {
  const c = held.pop()!;
  const local = `127.0.0.1:${(c.localAddr as Deno.NetAddr).port}`;
  const key = `|${local}|127.0.0.1:${port}`;
  const seen = new Promise<number>((resolve) => waiters.set(key, resolve));
  // Close at a random phase of the refresh, as a real change would come.
  await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
  const closedAt = performance.now();
  c.close();
  reactions.push((await seen) - closedAt);
}
reactions.sort((a, b) => a - b);
const med = reactions[Math.floor(reactions.length / 2)];
const max = reactions.at(-1)!;

for (const c of held) c.close();
watch.kill("SIGTERM");
serve.kill("SIGTERM");
await Promise.all([watch.status, serve.status, watchDone, serveDone]);

const cores = navigator.hardwareConcurrency;
console.log(JSON.stringify({
  kind: "watch-cost",
  connections,
  seconds,
  cpuPercentOfOneCore: Math.round(cpuShare * 1000) / 10,
  reactionMs: { median: Math.round(med), max: Math.round(max), trials: reactions.length },
  cores,
  date: new Date().toISOString(),
}));
