import { assert, assertEqual } from "../../../tests/helpers/assert.ts";
import { CATALOGUE, lookup } from "../catalogue.ts";
import { EVIDENCE_ENTRIES } from "./evidence.ts";

const USED_BY_CODE = [
  "ps-self",
  "states-none",
  "wchan-inet_csk_accept",
  "wchan-wait_woken",
  "wchan-do_epoll_wait",
  "wchan-do_wait",
  "defunct",
  "tcp-listen-queue",
  "tcp-FIN_WAIT2",
  "tcp-CLOSE_WAIT",
  "tcp-close-wait-fin-unread",
  "tcp-TIME_WAIT",
  "tcp-retransmitting",
  "packet",
  "icmp",
  "retransmit",
  "tail-loss-probe",
  "rto-backoff",
  "capture-skipped",
  "capture-stats",
  "states-point",
  "states",
];

Deno.test("evidence entries: every id the code emits resolves to its own entry", () => {
  for (const id of USED_BY_CODE) assertEqual(lookup(id)?.id, id, id);
});

Deno.test("evidence entries: English and Chinese for every text, ids unique in the catalogue", () => {
  const cjk = /[\u4e00-\u9fff]/;
  for (const e of EVIDENCE_ENTRIES) {
    for (const text of [e.title, e.text, ...(e.os ? [e.os] : [])]) {
      assert(text.en.trim() && !cjk.test(text.en), `${e.id}: en`);
      assert(cjk.test(text.zh), `${e.id}: zh`);
    }
  }
  // None of these ids or aliases is taken by another entry (lookup finds the first).
  for (const e of EVIDENCE_ENTRIES) {
    for (const key of [e.id, ...(e.aliases ?? [])]) {
      assertEqual(
        CATALOGUE.find((o) =>
          [o.id, ...(o.aliases ?? [])].some((k) => k.toLowerCase() === key.toLowerCase())
        ),
        e,
        key,
      );
    }
  }
});

Deno.test("evidence entries: the book's old names find today's wait channels", () => {
  assertEqual(lookup("wait_for_connect")?.id, "wchan-inet_csk_accept");
  assertEqual(lookup("tcp_data_wait")?.id, "wchan-wait_woken");
  assertEqual(lookup("read_chan")?.id, "wchan-wait_woken");
});
