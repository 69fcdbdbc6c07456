/**
 * Test fixture, run as `unshare -rn deno run -A lost_segment.ts [SECONDS]`:
 * two network namespaces joined by a veth pair (this one 198.18.0.1, a
 * nested one 198.18.0.2 running a Deno echo server), one connection that
 * echoes a line, then the server's address is removed so its host silently
 * drops everything (as if it crashed, UNP §5.14), and the client sends a
 * second line. Captures on v0 for SECONDS (default 2.5) and prints NDJSON
 * events, then the stats; the nested namespace dies with its process.
 *
 * @module
 */

import { EventBus } from "../../events.ts";
import { startCapture } from "../start_capture.ts";

async function run(cmd: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

const seconds = Number(Deno.args[0] ?? 2.5);
const deadline = setTimeout(() => Deno.exit(3), (seconds + 10) * 1000); // never hang a test
const echo =
  "const l = Deno.listen({ hostname: '198.18.0.2', port: 9877 }); console.log('ready'); " +
  "const c = await l.accept(); const b = new Uint8Array(64); for (let n; (n = await c.read(b)) !== null;) await c.write(b.subarray(0, n));";
// The peer: a new network namespace (we are root in our user namespace, so we may make one).
const peer = new Deno.Command("unshare", { args: ["-n", "sleep", "30"] }).spawn();
await new Promise((r) => setTimeout(r, 100));
const inPeer = (...args: string[]) => run("nsenter", "-t", String(peer.pid), "-n", ...args);
await run("ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1");
await run("ip", "link", "set", "v1", "netns", String(peer.pid));
await run("ip", "addr", "add", "198.18.0.1/24", "dev", "v0");
await run("ip", "link", "set", "v0", "up");
await inPeer("ip", "addr", "add", "198.18.0.2/24", "dev", "v1");
await inPeer("ip", "link", "set", "v1", "up");
const server = new Deno.Command("nsenter", {
  args: ["-t", String(peer.pid), "-n", Deno.execPath(), "eval", echo],
  stdout: "piped",
}).spawn();
const serverOut = server.stdout.getReader();
await serverOut.read(); // "ready"

const bus = new EventBus([(e) => console.log(JSON.stringify(e))]);
const capture = startCapture({ bus, ports: [9877], iface: "v0" });
const conn = await Deno.connect({ hostname: "198.18.0.2", port: 9877 });
bus.emit("client", "connected", { local: "198.18.0.1", peer: "198.18.0.2:9877" });
await conn.write(new TextEncoder().encode("one\n"));
await conn.read(new Uint8Array(16));
bus.emit("client", "echo", { bytes: 4 });
await inPeer("ip", "addr", "del", "198.18.0.2/24", "dev", "v1"); // the peer now drops everything
bus.emit("lab", "peer-silent", { how: "address removed from v1" });
await conn.write(new TextEncoder().encode("two\n"));
bus.emit("client", "wrote", { bytes: 4 });
await new Promise((r) => setTimeout(r, seconds * 1000));
console.log(JSON.stringify({ kind: "capture-stats", ...(await capture.stop()) }));
conn.close();
// Leave nothing behind: end and reap the server and the peer namespace's process.
server.kill("SIGKILL");
peer.kill("SIGKILL");
await serverOut.cancel();
await Promise.all([server.status, peer.status]);
clearTimeout(deadline);
