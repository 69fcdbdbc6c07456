import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { errnoOf } from "./errno.ts";
import { libc } from "./libc.ts";
import { connectThenReset } from "./linger.ts";

// Open libc before the tests: the sanitizer counts a library opened inside a test as a leak.
if (Deno.build.os === "linux") libc();

Deno.test("connectThenReset: the connection is reset before accept returns it (UNP §5.11)", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    assertEqual(await connectThenReset("127.0.0.1", port), { ok: true });
    // Linux's accept succeeds; Deno's accept then fails getpeername: ENOTCONN.
    let errno: string | undefined;
    try {
      (await listener.accept()).close();
    } catch (err) {
      errno = errnoOf(err);
    }
    assertEqual(errno, "ENOTCONN");
  } finally {
    listener.close();
  }
});

Deno.test("connectThenReset: a refused connect reports the call and its errno", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const r = await connectThenReset("127.0.0.1", port);
  assert(!r.ok);
  assertEqual([r.op, r.errno], ["connect", "ECONNREFUSED"]);
});
