/**
 * Test fixture: a server in the book's style — blocking accept, then a
 * blocking read — through FFI to libc, so its wait channels are the
 * kernel's (inet_csk_accept, wait_woken) rather than Deno's epoll loop.
 * Prints `port N`, then `accepted`, then exits when the client closes.
 *
 * @module
 */

const libc = Deno.dlopen("libc.so.6", {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  listen: { parameters: ["i32", "i32"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  accept: { parameters: ["i32", "pointer", "pointer"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  close: { parameters: ["i32"], result: "i32" },
});

const fd = libc.symbols.socket(2, 1, 0); // AF_INET, SOCK_STREAM
const addr = new Uint8Array(16);
const view = new DataView(addr.buffer);
view.setUint16(0, 2, true); // sin_family = AF_INET
addr.set([127, 0, 0, 1], 4); // sin_addr, port 0: the kernel picks one
if (libc.symbols.bind(fd, addr, 16) < 0 || libc.symbols.listen(fd, 5) < 0) Deno.exit(1);
const len = new Uint32Array([16]);
libc.symbols.getsockname(fd, addr, new Uint8Array(len.buffer));
console.log(`port ${view.getUint16(2, false)}`);
const conn = libc.symbols.accept(fd, null, null); // blocks: wchan inet_csk_accept
console.log("accepted");
libc.symbols.read(conn, new Uint8Array(16), 16n); // blocks: wchan wait_woken
libc.symbols.close(conn);
libc.symbols.close(fd);
libc.close();
