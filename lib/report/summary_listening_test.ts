import { assertEqual } from "../../tests/helpers/assert.ts";
import type { EchoEvent } from "../events.ts";
import { summarize } from "./summary.ts";

const _event = (kind: string, fields: Record<string, unknown>): EchoEvent =>
  ({ t: 1, actor: "server", kind, ...fields }) as EchoEvent;

Deno.test("summary: listening brackets an IPv6 host as an address with a port must be", () => {
  const at = (host: string) => summarize(_event("listening", { host, port: 9877, pid: 7 }));
  assertEqual(at("::1"), "listening on [::1]:9877 (pid 7, engine deno)");
  assertEqual(at("::"), "listening on [::]:9877 (pid 7, engine deno)");
  assertEqual(at("127.0.0.1"), "listening on 127.0.0.1:9877 (pid 7, engine deno)");
});

Deno.test("summary: the wildcard warning is a sentence in both languages, not a raw event", () => {
  const e = _event("warning-wildcard", { host: "0.0.0.0" });
  assertEqual(
    summarize(e, "en"),
    "warning: listening on every interface (0.0.0.0): other machines can connect",
  );
  assertEqual(summarize(e, "zh"), "警告：在所有接口上监听（0.0.0.0）：其他机器也能连接");
});
