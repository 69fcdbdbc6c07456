/**
 * Test fixture, run as `unshare -rn deno run -A syn_retransmit.ts`: a veth
 * pair in one fresh namespace, a static neighbour for 198.18.0.2 that nobody
 * answers, and a connect to it — so the SYN really is retransmitted (after
 * the initial RTO, 1 s). Captures on v0 for 1.6 s, prints NDJSON events and
 * the stats, then exits (the pending connect dies with the namespace).
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

await ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
await ip("addr", "add", "198.18.0.1/24", "dev", "v0");
await ip("link", "set", "v0", "up");
await ip("link", "set", "v1", "up");
await ip(
  "neigh",
  "add",
  "198.18.0.2",
  "lladdr",
  "02:00:00:00:00:02",
  "dev",
  "v0",
  "nud",
  "permanent",
);
const bus = new EventBus([(e) => console.log(JSON.stringify(e))]);
const capture = startCapture({ bus, ports: [9], iface: Deno.args[0] === "all" ? undefined : "v0" });
Deno.connect({ hostname: "198.18.0.2", port: 9 }).catch(() => {});
await new Promise((r) => setTimeout(r, 1600));
console.log(JSON.stringify({ kind: "capture-stats", ...(await capture.stop()) }));
Deno.exit(0);
