import { assertEqual } from "../../tests/helpers/assert.ts";
import {
  LINKTYPE_LINUX_SLL,
  pcapGlobalHeader,
  pcapRecordHeader,
  PcapWriter,
  sllHeader,
} from "./pcap_writer.ts";

Deno.test("pcapGlobalHeader: magic, version 2.4, snaplen, linktype (little-endian)", () => {
  const v = new DataView(pcapGlobalHeader(LINKTYPE_LINUX_SLL, 65535).buffer);
  assertEqual([v.getUint32(0, true), v.getUint16(4, true), v.getUint16(6, true)], [
    0xa1b2c3d4,
    2,
    4,
  ]);
  assertEqual([v.getUint32(16, true), v.getUint32(20, true)], [65535, 113]);
});

Deno.test("pcapRecordHeader: seconds and microseconds from nanoseconds", () => {
  const v = new DataView(pcapRecordHeader(1_700_000_000_123_456_789n, 60, 1500).buffer);
  assertEqual([
    v.getUint32(0, true),
    v.getUint32(4, true),
    v.getUint32(8, true),
    v.getUint32(12, true),
  ], [1_700_000_000, 123456, 60, 1500]);
});

Deno.test("sllHeader: big-endian packet type, hardware type, address length and protocol", () => {
  const h = sllHeader({
    packetType: 4,
    hardwareType: 772,
    address: new Uint8Array(6),
    protocol: 0x86dd,
  });
  assertEqual([...h], [0, 4, 3, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x86, 0xdd]);
});

Deno.test("PcapWriter: writes header + records; snaplen cuts the stored bytes only", () => {
  const path = Deno.makeTempFileSync({ suffix: ".pcap" });
  try {
    const w = PcapWriter.create(path, 16 + 20);
    const link = { packetType: 0, hardwareType: 772, address: new Uint8Array(6), protocol: 0x0800 };
    w.write(1_000_000_000n, new Uint8Array(40).fill(0x45), 40, link);
    assertEqual(w.records, 1);
    w.close();
    const bytes = Deno.readFileSync(path);
    assertEqual(bytes.length, 24 + 16 + 16 + 20);
    const v = new DataView(bytes.buffer);
    assertEqual([v.getUint32(24 + 8, true), v.getUint32(24 + 12, true)], [36, 56]);
  } finally {
    Deno.removeSync(path);
  }
});
