/**
 * Test fixture, run as `unshare -rn deno run -A loopback_connection.ts [PCAP]`:
 * inside a fresh network namespace, bring lo up, start a capture, make one
 * TCP connection that carries 5 bytes and closes, stop the capture, and print
 * every event as NDJSON (the last line is the capture's stats).
 *
 * @module
 */

import { EventBus } from "../../events.ts";
import { linkUp } from "../link_up.ts";
import { startCapture } from "../start_capture.ts";

const bus = new EventBus([(e) => console.log(JSON.stringify(e))]);
linkUp("lo");
const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const port = listener.addr.port;
const capture = startCapture({ bus, ports: [port], pcap: Deno.args[0] });
const client = await Deno.connect({ hostname: "127.0.0.1", port });
const server = await listener.accept();
bus.emit("client", "connected", {
  local: `127.0.0.1:${(client.localAddr as Deno.NetAddr).port}`,
  peer: `127.0.0.1:${port}`,
});
await client.write(new TextEncoder().encode("hello"));
const got = await server.read(new Uint8Array(16));
bus.emit("server", "read", { bytes: got });
client.close();
await server.read(new Uint8Array(16)); // EOF
server.close();
listener.close();
await new Promise((r) => setTimeout(r, 50)); // let the last ACK land
const stopStart = performance.now();
const stats = await capture.stop();
const stopMs = Math.round(performance.now() - stopStart);
console.log(JSON.stringify({ kind: "capture-stats", ...stats, stopMs }));
