/*
 * UNP §5.2–5.3 without exec: fork's child running str_echo, as machine code
 * echolab places in executable memory and calls through Deno FFI.
 *
 *   long spawn_str_echo(int connfd, void *stack_top);
 *
 * clone(CLONE_VM | SIGCHLD): a new process (own pid, own copy of the
 * descriptor table and of the signal handlers, SIGCHLD to the parent when it
 * ends — everything fork gives) that shares the parent's memory instead of
 * copying it, so starting it costs what starting a thread costs. The parent
 * gets the child's pid (or -errno) and returns at once. The child never
 * returns into the parent's code: on its own stack it
 *   1. names itself str_echo (prctl PR_SET_NAME: ps shows it),
 *   2. resets signals 1–31 to their default actions (the parent's handlers
 *      are the runtime's; a C child after fork + exec starts with defaults,
 *      and SIGPIPE kills it as in §5.13) and unblocks them all — they are
 *      blocked around clone so none can reach a handler before that,
 *   3. closes every descriptor but the connected socket (the book's child
 *      closes listenfd; this one also drops the runtime's epoll fd, pipes
 *      and the server's stdout, so no one waits on them) — close_range, or
 *      one close per descriptor below 1024 where close_range is missing,
 *   4. loops read(connfd) → write all to connfd (str_echo), and
 *   5. exits: 0 at EOF, 1 on a read or write error (str_echo's err_sys).
 * Only raw system calls: no libc, no TLS, no shared state is touched.
 *
 * Regenerate the bytes in str_echo_code.ts: lib/sys/asm/build.sh
 */
	.text
	.globl spawn_str_echo
spawn_str_echo:
	sub	$16, %rsp		/* 0(%rsp): the old signal mask; 8(%rsp): the stack top */
	mov	%rsi, 8(%rsp)
	mov	%edi, %r9d		/* connfd: r9 survives syscall, is caller-saved */
	/* Block every signal around clone: the child must not run the parent's
	   handlers before it has reset them (it inherits this mask). */
	mov	$2, %edi		/* SIG_SETMASK */
	lea	ones(%rip), %rsi
	mov	%rsp, %rdx		/* the old mask */
	mov	$8, %r10d
	mov	$14, %eax		/* SYS_rt_sigprocmask */
	syscall
	mov	$0x111, %edi		/* CLONE_VM | SIGCHLD */
	mov	8(%rsp), %rsi		/* the child's stack top */
	xor	%edx, %edx		/* parent_tid */
	xor	%r10d, %r10d		/* child_tid */
	xor	%r8d, %r8d		/* tls */
	mov	$56, %eax		/* SYS_clone */
	syscall
	test	%rax, %rax
	jnz	parent			/* pid > 0, or -errno */

	/* ---- the child, on its own stack ---- */
	mov	%r9d, %r12d		/* connfd */
	mov	$15, %edi		/* PR_SET_NAME */
	lea	name(%rip), %rsi
	mov	$157, %eax		/* SYS_prctl */
	syscall

	mov	$1, %r13d		/* signals 1..31 to SIG_DFL */
sigloop:
	cmp	$9, %r13d		/* SIGKILL and SIGSTOP cannot be changed */
	je	signext
	cmp	$19, %r13d
	je	signext
	mov	%r13d, %edi
	lea	zeros(%rip), %rsi	/* struct sigaction: SIG_DFL, no flags, empty mask */
	xor	%edx, %edx
	mov	$8, %r10d		/* sizeof(sigset_t) for the kernel */
	mov	$13, %eax		/* SYS_rt_sigaction */
	syscall
signext:
	inc	%r13d
	cmp	$32, %r13d
	jb	sigloop
	mov	$2, %edi		/* SIG_SETMASK */
	lea	zeros(%rip), %rsi	/* the empty set */
	xor	%edx, %edx
	mov	$8, %r10d
	mov	$14, %eax		/* SYS_rt_sigprocmask */
	syscall

	test	%r12d, %r12d		/* close_range(0, connfd - 1) */
	jz	above
	xor	%edi, %edi
	lea	-1(%r12), %esi
	xor	%edx, %edx
	mov	$436, %eax		/* SYS_close_range */
	syscall
above:
	lea	1(%r12), %edi		/* close_range(connfd + 1, ~0U) */
	mov	$-1, %esi
	xor	%edx, %edx
	mov	$436, %eax
	syscall
	test	%rax, %rax
	jns	closed
	/* No close_range (Linux < 5.9, or a seccomp filter): close 0..1023 one by one. */
	xor	%r13d, %r13d
closeloop:
	cmp	%r12d, %r13d
	je	closenext
	mov	%r13d, %edi
	mov	$3, %eax		/* SYS_close */
	syscall
closenext:
	inc	%r13d
	cmp	$1024, %r13d
	jb	closeloop
closed:

	sub	$65536, %rsp		/* the buffer, on this stack */
readloop:
	mov	%r12d, %edi
	mov	%rsp, %rsi
	mov	$65536, %edx
	xor	%eax, %eax		/* SYS_read */
	syscall
	test	%rax, %rax
	jz	eof
	js	fail
	mov	%rax, %r14		/* bytes left to write */
	mov	%rsp, %r15
writeloop:
	mov	%r12d, %edi
	mov	%r15, %rsi
	mov	%r14, %rdx
	mov	$1, %eax		/* SYS_write */
	syscall
	test	%rax, %rax
	jle	fail
	add	%rax, %r15
	sub	%rax, %r14
	jnz	writeloop
	jmp	readloop
eof:
	xor	%edi, %edi
	jmp	done
fail:
	mov	$1, %edi
done:
	mov	$60, %eax		/* SYS_exit */
	syscall
	hlt

parent:
	mov	%rax, %r8		/* the pid (r8 survives syscall) */
	mov	$2, %edi		/* SIG_SETMASK: the old mask back */
	mov	%rsp, %rsi
	xor	%edx, %edx
	mov	$8, %r10d
	mov	$14, %eax
	syscall
	mov	%r8, %rax
	add	$16, %rsp
	ret

	.p2align 3
name:
	.asciz	"str_echo"
	.p2align 3
zeros:
	.zero	32
ones:
	.quad	-1
