/**
 * Bring a network interface up (ioctl SIOCSIFFLAGS, what `ip link set IF up`
 * does) — needed for `lo` in a fresh `unshare -rn` namespace, where it starts down.
 *
 * @module
 */

import { SysError } from "../errors.ts";
import { LINUX_ERRNO_NAMES } from "../sys/errno.ts";
import { lastErrno, libc } from "../sys/libc.ts";

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
  const c = libc();
  const errno = () => {
    const n = lastErrno();
    return LINUX_ERRNO_NAMES[n] ?? `E${n}`;
  };
  const fd = c.socket(2, 2, 0); // AF_INET, SOCK_DGRAM: any socket takes these ioctls
  try {
    if (fd < 0) {
      throw new SysError("socket", errno(), {
        en: "cannot open a socket for SIOCSIFFLAGS",
        zh: "无法为 SIOCSIFFLAGS 打开套接字",
      });
    }
    const ifreq = new Uint8Array(40); // char ifr_name[16]; short ifr_flags; …
    ifreq.set(new TextEncoder().encode(iface).subarray(0, 15));
    if (c.ioctl(fd, BigInt(SIOCGIFFLAGS), ifreq) < 0) {
      throw new SysError(`SIOCGIFFLAGS ${iface}`, errno(), {
        en: `no interface '${iface}'`,
        zh: `没有网络接口 '${iface}'`,
      });
    }
    const view = new DataView(ifreq.buffer);
    view.setUint16(16, view.getUint16(16, true) | IFF_UP, true);
    if (c.ioctl(fd, BigInt(SIOCSIFFLAGS), ifreq) < 0) {
      throw new SysError(`SIOCSIFFLAGS ${iface}`, errno(), {
        en: `cannot bring '${iface}' up`,
        zh: `无法启用网络接口 '${iface}'`,
      });
    }
  } finally {
    if (fd >= 0) c.close(fd);
  }
}
