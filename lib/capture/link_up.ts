/**
 * Bring a network interface up (ioctl SIOCSIFFLAGS, what `ip link set IF up`
 * does) — needed for `lo` in a fresh `unshare -rn` namespace, where it starts down.
 *
 * @module
 */

import { SysError } from "../cli/errors.ts";
import { LINUX_ERRNO_NAMES } from "../sys/errno.ts";

const SIOCGIFFLAGS = 0x8913;
const SIOCSIFFLAGS = 0x8914;
const IFF_UP = 0x1;

/**
 * Set IFF_UP on `iface` (default `lo`). Needs CAP_NET_ADMIN in the namespace
 * (any user inside `unshare -rn`). Throws a SysError on failure.
 *
 * @example
 * ```ts
 * linkUp("lo"); // inside unshare -rn, before any loopback traffic
 * ```
 */
export function linkUp(iface = "lo"): void {
  const libc = Deno.dlopen("libc.so.6", {
    socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
    ioctl: { parameters: ["i32", "u64", "buffer"], result: "i32" },
    close: { parameters: ["i32"], result: "i32" },
    __errno_location: { parameters: [], result: "pointer" },
  });
  const errno = () => {
    const n = new Deno.UnsafePointerView(libc.symbols.__errno_location()!).getInt32();
    return LINUX_ERRNO_NAMES[n] ?? `E${n}`;
  };
  const fd = libc.symbols.socket(2, 2, 0); // AF_INET, SOCK_DGRAM: any socket takes these ioctls
  try {
    if (fd < 0) throw new SysError("socket", errno(), "cannot open a socket for SIOCSIFFLAGS");
    const ifreq = new Uint8Array(40); // char ifr_name[16]; short ifr_flags; …
    ifreq.set(new TextEncoder().encode(iface).subarray(0, 15));
    if (libc.symbols.ioctl(fd, BigInt(SIOCGIFFLAGS), ifreq) < 0) {
      throw new SysError(`SIOCGIFFLAGS ${iface}`, errno(), `no interface '${iface}'`);
    }
    const view = new DataView(ifreq.buffer);
    view.setUint16(16, view.getUint16(16, true) | IFF_UP, true);
    if (libc.symbols.ioctl(fd, BigInt(SIOCSIFFLAGS), ifreq) < 0) {
      throw new SysError(`SIOCSIFFLAGS ${iface}`, errno(), `cannot bring '${iface}' up`);
    }
  } finally {
    if (fd >= 0) libc.symbols.close(fd);
    libc.close();
  }
}
