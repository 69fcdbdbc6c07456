import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import { CATALOGUE, lookup } from "./catalogue.ts";
import { normalizeKey } from "./suggest.ts";

Deno.test("catalogue: every id and alias finds exactly one entry", () => {
  const owner = new Map<string, string>();
  const clashes: string[] = [];
  const ids = CATALOGUE.map((e) => e.id);
  for (const [i, id] of ids.entries()) {
    if (ids.indexOf(id) !== i) clashes.push(`${id}: defined twice`);
  }
  for (const entry of CATALOGUE) {
    for (const key of [entry.id, ...(entry.aliases ?? [])]) {
      // Case differences are allowed (SIGCHLD the signal, sigchld the event).
      const seen = owner.get(key);
      if (seen !== undefined && seen !== entry.id) clashes.push(`${key}: ${seen} and ${entry.id}`);
      owner.set(key, entry.id);
    }
  }
  assertEqual(clashes, []);
});

Deno.test("catalogue: every text exists in English and Chinese", () => {
  const cjk = /[\u4e00-\u9fff]/;
  for (const entry of CATALOGUE) {
    for (const field of ["title", "text", "os", "fix"] as const) {
      const text = entry[field];
      if (!text) continue;
      assert(text.en.trim().length > 0, `${entry.id}.${field}.en`);
      assert(cjk.test(text.zh), `${entry.id}.${field}.zh is Chinese`);
    }
    assert(/^\d+\.\d+$/.test(entry.section), `${entry.id} cites a section`);
  }
});

Deno.test("catalogue: 'zombie' is a topic of its own, found loosely", () => {
  const zombie = CATALOGUE.find((e) =>
    [e.id, ...(e.aliases ?? [])].some((k) => normalizeKey(k) === "zombie")
  );
  assertEqual(zombie?.id, "zombie");
});

Deno.test("catalogue: lookup tries the exact spelling first, then ignores case", () => {
  assertEqual(lookup("EPIPE")?.id, "EPIPE");
  assertEqual(lookup("epipe")?.id, "EPIPE");
  assertEqual(lookup("sigchld")?.id, "sigchld");
  assertEqual(lookup("SIGCHLD")?.id, "SIGCHLD");
});

Deno.test("catalogue: every entry that states an OS fact names a source beyond the book", () => {
  const beyondBook = (e: (typeof CATALOGUE)[number]) =>
    ["man", "kernel", "rfc", "other"].some((k) =>
      (e.sources?.[k as "man" | "kernel" | "rfc" | "other"]?.length ?? 0) > 0
    );
  // The sources rule (entry.ts): an `os` text is an OS fact, and so is every errno and signal.
  const missing = CATALOGUE.filter((e) =>
    (e.os !== undefined || /^(E[A-Z]+|SIG[A-Z]+)$/.test(e.id)) && !beyondBook(e)
  ).map((e) => e.id);
  assertEqual(missing, []);
  // The claims issue #13 fixed cite the kernel functions that decide them.
  const cites = (id: string, ...names: string[]) => {
    const all = Object.values(lookup(id)?.sources ?? {}).flat();
    for (const name of names) assert(all.includes(name), `${id} cites ${name}: ${all.join(", ")}`);
  };
  cites("RST", "tcp_reset", "sk_stream_error");
  cites("EPIPE", "tcp_reset", "sk_stream_error", "signal(7)");
  cites("ECONNRESET", "tcp_reset");
  cites("EHOSTUNREACH", "arp_error_report", "ipv4_link_failure", "icmp_send", "RFC 6069");
  cites("rto-retransmit-unreachable", "arp_error_report", "RFC 6069");
  cites("ENOTCONN", "POSIX accept()", "inet_csk_accept");
  cites("ECONNABORTED", "POSIX accept()");
  cites("check-client-killed", "tcp_reset", "sk_stream_error");
});

Deno.test("catalogue: the wrong claims issue #13 found are gone, the right ones are there", () => {
  const text = (id: string, lang: "en" | "zh" = "en") => {
    const e = lookup(id)!;
    return [e.title, e.text, e.os, e.fix].map((t) => t?.[lang] ?? "").join(" ");
  };
  const everything = CATALOGUE.flatMap((e) =>
    [e.title, e.text, e.os, e.fix].flatMap((t) => t ? [t.en, t.zh] : [])
  ).join("\n");
  // RST: the effect depends on the state it meets (tcp_reset, sk_stream_error).
  assert(!text("RST").includes("the next write raises SIGPIPE/EPIPE"), "RST: old claim");
  assert(/CLOSE_WAIT.*EPIPE.*read returns 0/.test(text("RST")), text("RST"));
  assert(/ESTABLISHED.*ECONNRESET.*no SIGPIPE/.test(text("RST")), text("RST"));
  assert(!text("check-client-killed").includes("ECONNRESET or EPIPE — and SIGPIPE"));
  assert(/ECONNRESET, without SIGPIPE/.test(text("check-client-killed")));
  // A failed ARP resolution is an ICMP host unreachable the kernel sends itself.
  assert(!everything.includes("no router and no ICMP"), "EHOSTUNREACH: old claim");
  assert(!everything.includes("也没有 ICMP"), "EHOSTUNREACH zh: old claim");
  for (const id of ["EHOSTUNREACH", "sysctl:neigh", "rto-retransmit-unreachable"]) {
    assert(text(id).includes("arp_error_report → ipv4_link_failure → icmp_send"), id);
  }
  // RST before accept: 4.4BSD drops it, FreeBSD and POSIX say ECONNABORTED, SVR4 EPROTO.
  assert(!/(?<!Free)BSD returns ECONNABORTED/.test(text("check-rst-before-accept")));
  for (const id of ["ENOTCONN", "check-rst-before-accept"]) {
    assert(/4\.4BSD drops/.test(text(id)), `${id}: 4.4BSD`);
    assert(/FreeBSD returns ECONNABORTED/.test(text(id)), `${id}: FreeBSD`);
    assert(text(id).includes("EPROTO"), `${id}: SVR4`);
  }
  assert(text("ECONNABORTED").includes("Linux never returns ECONNABORTED"));
  // No number measured once on one machine; no contradiction about how children start.
  assert(!/on this machine \d|本机上 \d|4–5 (deliveries|次)/.test(everything), "measured numbers");
  assert(!/\d+ ?MiB|\d+-\d+ ms of CPU|tens of microseconds/.test(everything), "measured sizes");
  assert(!everything.includes("posix_spawn in the book engine"), "fork: clone is the default");
  assert(!everything.includes("book 引擎使用 posix_spawn"), "fork zh");
  // A child killed with kill -TERM is §5.12, not the §5.16 shutdown.
  assertEqual(lookup("SIGTERM")?.section, "5.12");
  // child-killed is shown by both engines: it must not say the child's kernel closed the socket.
  assert(text("child-killed").includes("deno engine"), "child-killed names both engines");
});
