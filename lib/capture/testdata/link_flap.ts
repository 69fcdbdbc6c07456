/**
 * Test fixture, run as `unshare -rn deno run -A link_flap.ts`: capture bound
 * to v0 of a veth pair; v0 goes down and up again while a SYN to a silent
 * neighbour (198.18.0.2) is being retransmitted. The capture must neither
 * spin nor die, and must see the SYNs sent after the link came back.
 * Prints NDJSON events, then the stats with the CPU time the process used.
 *
 * @module
 */

import { EventBus } from "../../events.ts";
import { startCapture } from "../start_capture.ts";

async function ip(...args: string[]): Promise<void> {
  const out = await new Deno.Command("ip", { args, stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`ip ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

const deadline = setTimeout(() => Deno.exit(3), 15000);
await ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
await ip("addr", "add", "198.18.0.1/24", "dev", "v0");
await ip("link", "set", "v0", "up");
await ip("link", "set", "v1", "up");
const neigh = [
  "neigh",
  "replace",
  "198.18.0.2",
  "lladdr",
  "02:00:00:00:00:02",
  "dev",
  "v0",
  "nud",
  "permanent",
];
await ip(...neigh);
const bus = new EventBus([(e) => console.log(JSON.stringify(e))]);
const capture = startCapture({ bus, ports: [9], iface: "v0" });
Deno.connect({ hostname: "198.18.0.2", port: 9 }).catch(() => {});
await new Promise((r) => setTimeout(r, 300));
await ip("link", "set", "v0", "down");
bus.emit("lab", "link-down", { iface: "v0" });
await new Promise((r) => setTimeout(r, 300));
await ip("link", "set", "v0", "up");
await ip(...neigh); // a link going down flushes its neighbours
bus.emit("lab", "link-up", { iface: "v0" });
await new Promise((r) => setTimeout(r, 2700)); // the SYN retransmissions at 1 s and 3 s
const stats = await capture.stop();
// utime + stime (fields 14 and 15 of /proc/self/stat) in clock ticks of 10 ms.
const stat = Deno.readTextFileSync("/proc/self/stat");
const [utime, stime] = stat.slice(stat.lastIndexOf(")") + 2).split(" ").slice(11, 13).map(Number);
console.log(JSON.stringify({ kind: "capture-stats", ...stats, cpuMs: (utime + stime) * 10 }));
clearTimeout(deadline);
Deno.exit(0);
