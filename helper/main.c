/*
 * trawl-capture: Trawl's privileged capture helper (Linux, no libpcap).
 *
 * Opens an AF_PACKET socket on one interface, maps a TPACKET_V3 ring, attaches the classic BPF
 * program read from stdin, drops every capability, then writes pcapng to stdout until SIGINT,
 * SIGTERM, stdin closing, or a count/duration limit. Its arguments, stdin, stdout, stderr and exit
 * codes are documented once, in workers/capture-helper.ts (the code that spawns it); keep the two
 * in step. Built from every .c file in helper/ by scripts/build-helper.mjs.
 *
 * Order of work (each step names where it lives and what it may fail with):
 *   parse_args          args.c       validated struct config                       EXIT_USAGE
 *   (--check: check_capture, main.c: open_capture's setup with no interface, `ok`, exit)
 *   link_type_of        iface.c      ARPHRD_* -> LINKTYPE_*                         EXIT_NO_INTERFACE, EXIT_LINK_TYPE
 *   read_program        filter.c     u32 count + count x 8-byte sock_filter (LE)   EXIT_BAD_FILTER
 *   validate_program    filter.c     the kernel's classic-BPF structural rules     EXIT_BAD_FILTER
 *   open_capture        ring.c       socket, reject-all filter, ring, bind, promisc,
 *                                    drain, real filter                             EXIT_PERMISSION, EXIT_SETUP, EXIT_BAD_FILTER
 *   drop_privileges     privileges.c bounding set, ambient, capset(0), NO_NEW_PRIVS EXIT_SETUP
 *   capture_loop        main.c       ring blocks -> EPBs (pcapng.c); stats on stderr each second (stats.c)
 *                                                                                    EXIT_OUTPUT, EXIT_CAPTURE
 *   finish              main.c       last blocks, ISB, flush of the output queue    EXIT_OUTPUT
 *
 * Every stderr line and exit code comes from messages.c (die, warn) or args.c (usage_error), except
 * the `ready` line here and the `stats` line in stats.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>      /* before the linux/ headers, which it conflicts with otherwise */
#include <linux/if_packet.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "filter.h"
#include "iface.h"
#include "messages.h"
#include "pcapng.h"
#include "privileges.h"
#include "ring.h"
#include "stats.h"

static uint64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Walks every block the kernel has handed over; returns 1 once the packet count is reached. */
static int drain_ring(const struct config *cfg, const struct iface *ifc, struct capture *cap, struct totals *t)
{
	for (struct tpacket_block_desc *b; (b = ring_block(&cap->ring)) != NULL;) {
		const uint8_t *p = (const uint8_t *)b + b->hdr.bh1.offset_to_first_pkt;
		for (uint32_t i = 0; i < b->hdr.bh1.num_pkts; i++) {
			const struct tpacket3_hdr *h = (const struct tpacket3_hdr *)p;
			const struct sockaddr_ll *sll = (const struct sockaddr_ll *)(p + TPACKET_ALIGN(sizeof *h));
			int outgoing = sll->sll_pkttype == PACKET_OUTGOING;
			/* Loopback shows each packet twice, outgoing and incoming; keep one (as libpcap). */
			int keep = outgoing ? !ifc->loopback && cfg->direction != DIR_IN : cfg->direction != DIR_OUT;
			if (keep && (cfg->count == 0 || t->written < cfg->count))
				write_packet(cfg, ifc, h, t);
			p += h->tp_next_offset;
		}
		ring_release(&cap->ring, b);
		if (cfg->count != 0 && t->written >= cfg->count)
			return 1;
	}
	return 0;
}

/* ---- the loop ---- */

static volatile sig_atomic_t stop_signal;
static void on_signal(int sig) { stop_signal = sig; }

static void capture_loop(const struct config *cfg, const struct iface *ifc, struct capture *cap)
{
	struct totals t = { .start_ns = realtime_ns() };
	uint64_t now = monotonic_ms(), next_stats = now + 1000;
	uint64_t deadline = cfg->duration_s ? now + (uint64_t)cfg->duration_s * 1000 : 0;
	sigset_t block, waitmask;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	fprintf(stderr, "ready interface=%s ifindex=%u linktype=%u snaplen=%u ring=%zu blocks=%u\n", cfg->ifname,
		cfg->ifindex, ifc->link_type, cfg->snaplen, cap->ring.size, cap->ring.nblocks);
	fflush(stderr);

	int stdin_open = 1, done = 0;
	while (!done) {
		if (drain_ring(cfg, ifc, cap, &t))
			break;
		out_push(); /* what the pipe takes now; the rest waits in the queue, the ring keeps draining */
		now = monotonic_ms();
		if (stop_signal || (deadline && now >= deadline))
			break;
		if (now >= next_stats) {
			read_stats(cap, &t);
			print_stats(&t);
			next_stats = now + 1000;
		}
		uint64_t wake = next_stats;
		if (deadline && deadline < wake)
			wake = deadline;
		struct timespec ts = { .tv_sec = (time_t)((wake - now) / 1000), .tv_nsec = (long)((wake - now) % 1000) * 1000000 };
		struct pollfd fds[3] = { { .fd = cap->fd, .events = POLLIN }, { .fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN },
					 { .fd = out_pending() ? STDOUT_FILENO : -1, .events = POLLOUT } };
		if (ppoll(fds, 3, &ts, &waitmask) < 0) {
			if (errno == EINTR)
				continue;
			die(EXIT_CAPTURE, "waiting for packets failed: %s", strerror(errno));
		}
		if (fds[0].revents & POLLERR)
			socket_error(cfg, cap);
		if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			/* Anything after the program is ignored; end of stdin means stop. */
			uint8_t junk[256];
			ssize_t r = read(STDIN_FILENO, junk, sizeof junk);
			if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
				stdin_open = 0, done = 1;
		}
	}
	/* Stopping: let the kernel retire the block being filled (one block timeout), then take it. */
	if (cfg->count == 0 || t.written < cfg->count) {
		struct timespec ts = { .tv_sec = 0, .tv_nsec = (long)(cfg->timeout_ms + 5) * 1000000 };
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			continue;
		drain_ring(cfg, ifc, cap, &t);
	}
	read_stats(cap, &t);
	write_isb(&t);
	print_stats(&t);
}

/* ---- --check ---- */

/*
 * Whether a capture could start: the very socket setup a capture does (open_capture: so the same
 * privileges and the same permission error, exit 4), bound to no interface in particular (ifindex 0)
 * with a reject-all filter and the smallest ring, then undone. Prints `ok` on stdout.
 */
static int check_capture(void)
{
	static struct program reject_all = { .insns = { BPF_STMT(BPF_RET | BPF_K, 0) }, .len = 1 };
	struct config cfg = { .ifname = "any", .ifindex = 0, .snaplen = 64, .direction = DIR_BOTH,
			      .ring_kib = 128, .timeout_ms = 1 };
	struct capture cap;

	open_capture(&cfg, &reject_all, &cap);
	munmap(cap.ring.map, cap.ring.size);
	close(cap.fd);
	if (puts("ok") == EOF || fflush(stdout) == EOF)
		die(EXIT_OUTPUT, "cannot write to stdout: %s", strerror(errno));
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static struct program prog;
	struct config cfg;
	struct iface ifc;
	struct capture cap;

	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	parse_args(argc, argv, &cfg);
	if (cfg.check)
		return check_capture();
	link_type_of(&cfg, &ifc);
	if (cfg.query_link_type) {
		printf("%u\n", ifc.link_type);
		return EXIT_OK;
	}
	if (isatty(STDOUT_FILENO))
		usage_error("stdout is a terminal; send the capture to a file or a pipe");
	read_program(&prog);
	validate_program(&prog);
	open_capture(&cfg, &prog, &cap);
	drop_privileges();
	/* A pipe holds 64 KiB by default: under load the reader's pauses would stall us while the ring fills.
	 * Ask for the unprivileged maximum (fs.pipe-max-size, 1 MiB by default); a file or a refusal is fine. */
	if (fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20) < 0 && errno != EBADF && errno != EINVAL && errno != EPERM)
		warn("could not enlarge the output pipe: %s", strerror(errno));
	/* When the reader falls behind, the helper holds as much again as the ring in its own memory (grown
	 * only under such a backlog) rather than leave the ring full for the kernel to drop from. */
	out_init((size_t)cfg.ring_kib * 1024u);
	write_headers(&cfg, &ifc);
	capture_loop(&cfg, &ifc, &cap);
	return EXIT_OK;
}
