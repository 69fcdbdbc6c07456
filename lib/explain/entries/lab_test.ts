import { assert } from "../../../tests/helpers/assert.ts";
import { lookup } from "../catalogue.ts";
import { LAB_ENTRIES } from "./lab.ts";

const CJK = /[\u4e00-\u9fff]/;

Deno.test("lab entries: every entry is bilingual, the Chinese really Chinese", () => {
  for (const e of LAB_ENTRIES) {
    for (const t of [e.title, e.text, ...(e.os ? [e.os] : [])]) {
      assert(t.en.trim() && t.zh.trim(), e.id);
      assert(CJK.test(t.zh) && !CJK.test(t.en), `${e.id}: ${t.zh}`);
    }
    assert(/^\d+\.\d+$/.test(e.section), `${e.id} cites a section`);
  }
});

Deno.test("lab entries: every kind and topic the lab emits is explained", () => {
  const emitted = [
    "lab-ready",
    "lab-demo",
    "sysctl:tcp_retries2",
    "sysctl:keepalive",
    "sysctl:neigh",
    "host-crash",
    "host-reboot",
    "host-shutdown",
    "host-off",
    "host-cut",
    "host-restore",
    "rto-retransmit",
    "rto-retransmit-unreachable",
    "tail-loss-probe",
    "rto-revert",
    "tcp-gave-up",
    "tcp-still-trying",
    "rst-received",
    "keepalive-probe",
    "keepalive-timeout",
    "tcp-state",
    "neighbour",
    "ETIMEDOUT",
    "EHOSTUNREACH",
    "ECONNRESET",
    "ENETUNREACH",
    "router-unreachable",
    "router-no-route",
    "router-blackhole",
    "router-forwarding",
    "router-icmp",
    "sysctl:icmp_ratelimit",
    "sysctl:tcp_syn_retries",
    "icmp-rate-limit",
    "icmp-errno",
    "IP_RECVERR",
  ];
  for (const key of emitted) assert(lookup(key), `no catalogue entry for ${key}`);
});
