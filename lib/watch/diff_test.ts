import { assert, assertEqual } from "../../tests/helpers/assert.ts";
import type { TcpSocketRow } from "../proc/parse_net_tcp.ts";
import type { ProcessRow } from "../proc/process_table.ts";
import { changeLine } from "./annotate.ts";
import { diffSnapshots } from "./diff.ts";
import { watchedSocket, type WatchSnapshot } from "./snapshot.ts";

const PORT = 9877;

function sock(local: string, foreign: string, state: string, extra: Partial<TcpSocketRow> = {}) {
  const port = (ep: string) => Number(ep.slice(ep.lastIndexOf(":") + 1));
  const row: TcpSocketRow = {
    family: 4,
    local,
    foreign,
    localAddress: local.split(":")[0],
    localPort: port(local),
    foreignAddress: foreign.split(":")[0],
    foreignPort: port(foreign),
    state,
    recvQ: 0,
    sendQ: 0,
    timer: "none",
    timerMs: 0,
    retransmits: 0,
    uid: 0,
    probes: 0,
    inode: 1,
    ...extra,
  };
  return watchedSocket(row, [PORT], "");
}

function proc(pid: number, ppid: number, state: string): ProcessRow {
  return {
    pid,
    ppid,
    stat: state,
    state,
    wchan: state === "Z" ? "-" : "wait_woken",
    args: state === "Z" ? "[tcpserv01] <defunct>" : "./tcpserv01",
    comm: "tcpserv01",
  };
}

const LISTEN = sock("127.0.0.1:9877", "0.0.0.0:0", "LISTEN");
const SERVER = "127.0.0.1:9877";
const CLIENT = "127.0.0.1:40000";

function snap(sockets: ReturnType<typeof sock>[], processes: ProcessRow[]): WatchSnapshot {
  return { sockets, processes, server: 100, ports: [PORT] };
}

Deno.test("watch diff: server child killed — FIN_WAIT2 on the server, CLOSE_WAIT Recv-Q 1 on the client, a zombie", () => {
  const before = snap([
    LISTEN,
    sock(SERVER, CLIENT, "ESTABLISHED"),
    sock(CLIENT, SERVER, "ESTABLISHED"),
  ], [proc(100, 1, "S"), proc(101, 100, "S")]);
  const after = snap([
    LISTEN,
    sock(SERVER, CLIENT, "FIN_WAIT2", { timer: "time-wait", timerMs: 59000 }),
    sock(CLIENT, SERVER, "CLOSE_WAIT", { recvQ: 1 }),
  ], [proc(100, 1, "S"), proc(101, 100, "Z")]);
  const changes = diffSnapshots(before, after);
  assertEqual(changes.map((c) => [c.topic, c.actor]), [
    ["watch-fin-wait2", "server"],
    ["watch-close-wait", "client"],
    ["watch-zombie", "child"],
  ]);
  assertEqual(changes[1].before?.state, "ESTABLISHED");
  assertEqual(changes[1].after?.recvQ, 1);
  assertEqual(
    changeLine(changes[1].topic, changes[1].fields, "en"),
    "CLOSE_WAIT on the client (Recv-Q 1): the server's FIN arrived and nobody has read it — §5.12",
  );
  assertEqual(
    changeLine(changes[2].topic, changes[2].fields, "en"),
    "child 101 is a zombie: it ended and its parent has not waited — §5.7",
  );
  assertEqual(
    changeLine(changes[1].topic, changes[1].fields, "zh"),
    "客户进入 CLOSE_WAIT（Recv-Q 1）：服务器的 FIN 已到达，但还没有人读取它 — §5.12",
  );
});

Deno.test("watch diff: TIME_WAIT, sockets and listener gone, reaped, server gone", () => {
  const before = snap([
    LISTEN,
    sock(SERVER, CLIENT, "FIN_WAIT2"),
    sock(CLIENT, SERVER, "CLOSE_WAIT", { recvQ: 1 }),
  ], [proc(100, 1, "S"), proc(101, 100, "Z")]);
  const after: WatchSnapshot = {
    sockets: [sock(SERVER, CLIENT, "TIME_WAIT", { inode: 0 })],
    processes: [],
    server: undefined,
    ports: [PORT],
  };
  const topics = diffSnapshots(before, after).map((c) => c.topic);
  assertEqual(topics, [
    "watch-time-wait",
    "watch-listen-gone",
    "watch-socket-gone",
    "watch-reaped",
    "watch-server-gone",
  ]);
  const line = changeLine("watch-time-wait", { side: "server" }, "en");
  assertEqual(line, "TIME_WAIT on the server: the side that closed first, for 2MSL — §2.7");
  assertEqual(
    changeLine("watch-listen-gone", {}, "en"),
    "LISTEN gone: the server exited (or closed its listening socket) — §5.6",
  );
});

Deno.test("watch diff: a new connection and child, retransmissions, the accept queue, EOF read", () => {
  const before = snap([LISTEN, sock(CLIENT, SERVER, "CLOSE_WAIT", { recvQ: 1 })], [
    proc(100, 1, "S"),
  ]);
  const after = snap([
    sock("127.0.0.1:9877", "0.0.0.0:0", "LISTEN", { recvQ: 2 }),
    sock(CLIENT, SERVER, "CLOSE_WAIT", { recvQ: 0 }),
    sock("127.0.0.1:40001", SERVER, "ESTABLISHED", { retransmits: 0 }),
  ], [proc(100, 1, "S"), proc(102, 100, "S")]);
  assertEqual(diffSnapshots(before, after).map((c) => c.topic), [
    "watch-listen-queue",
    "watch-close-wait-read",
    "watch-established",
    "watch-child",
  ]);
  const again = snap([
    sock("127.0.0.1:40001", SERVER, "ESTABLISHED", { retransmits: 2, sendQ: 6 }),
  ], [proc(100, 1, "S"), proc(102, 100, "S")]);
  const rtx = diffSnapshots({ ...after, sockets: [after.sockets[2]] }, again);
  assertEqual(rtx.map((c) => c.topic), ["watch-retransmit"]);
  assertEqual(
    changeLine(rtx[0].topic, rtx[0].fields, "en"),
    "the client retransmits (retransmission 2, Send-Q 6): no ACK came back — §5.14",
  );
});

Deno.test("watch diff: nothing changed, nothing reported", () => {
  const s = snap([LISTEN, sock(CLIENT, SERVER, "ESTABLISHED")], [proc(100, 1, "S")]);
  assertEqual(diffSnapshots(s, structuredClone(s)), []);
});

Deno.test("watch diff: the server's end comes after its children's", () => {
  const before = snap([LISTEN], [proc(100, 1, "S"), proc(101, 100, "Z"), proc(102, 100, "Z")]);
  const after: WatchSnapshot = { sockets: [], processes: [], server: undefined, ports: [PORT] };
  const topics = diffSnapshots(before, after).map((c) => c.topic);
  const gone = topics.indexOf("watch-server-gone");
  assert(gone >= 0, topics.join(" "));
  assertEqual(topics.filter((t) => t === "watch-reaped").length, 2);
  assert(topics.lastIndexOf("watch-reaped") < gone, topics.join(" "));
});
