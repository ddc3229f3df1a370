/*
 * The packet socket and its TPACKET_V3 ring: setup (socket, reject-all filter, ring, bind,
 * promiscuity, drain, the real filter) and the one small interface over the ring's blocks.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>      /* before the linux/ headers, which it conflicts with otherwise */
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "messages.h"
#include "ring.h"

/* ---- the ring: the one small interface over TPACKET_V3 blocks ---- */

/* The next block the kernel has handed to us, or NULL. */
struct tpacket_block_desc *ring_block(struct ring *r)
{
	struct tpacket_block_desc *b = (struct tpacket_block_desc *)(r->map + (size_t)r->cur * r->block_size);
	if ((__atomic_load_n(&b->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER) == 0)
		return NULL;
	return b;
}

/* Give the current block back to the kernel and move on. */
void ring_release(struct ring *r, struct tpacket_block_desc *b)
{
	__atomic_store_n(&b->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
	r->cur = (r->cur + 1) % r->nblocks;
}

/* ---- setup ---- */

static void set_filter(int fd, const struct sock_filter *insns, unsigned len)
{
	struct sock_fprog fprog = { .len = (unsigned short)len, .filter = (struct sock_filter *)insns };
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog) < 0) {
		if (errno == ENOMEM)
			die(EXIT_BAD_FILTER, "the kernel refused the filter program: too large for net.core.optmem_max (%u instructions)", len);
		die(EXIT_BAD_FILTER, "the kernel refused the filter program: %s", strerror(errno));
	}
}

static __attribute__((noreturn)) void die_permission(const char *what)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n > 0 ? n : 0] = '\0';
	die(EXIT_PERMISSION, "%s: permission denied. Capturing needs CAP_NET_RAW and CAP_NET_ADMIN; grant them "
	    "once with: sudo setcap cap_net_raw,cap_net_admin=eip %s", what, n > 0 ? self : "PATH/TO/trawl-capture");
}

void open_capture(const struct config *cfg, struct program *prog, struct capture *cap)
{
	static const struct sock_filter reject_all[] = { BPF_STMT(BPF_RET | BPF_K, 0) };

	/* Protocol 0: the socket sees nothing until bind, and by then the reject-all filter is on. */
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		if (errno == EPERM || errno == EACCES)
			die_permission("cannot open a packet socket");
		die(EXIT_SETUP, "cannot open a packet socket: %s", strerror(errno));
	}
	set_filter(fd, reject_all, 1);

	int version = TPACKET_V3;
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) < 0)
		die(EXIT_SETUP, "this kernel has no TPACKET_V3 rings: %s", strerror(errno));

	/* A frame holds the tpacket3 header, sockaddr_ll, up to 31 bytes of alignment and snaplen bytes. */
	unsigned page = (unsigned)sysconf(_SC_PAGESIZE);
	unsigned frame = TPACKET_ALIGN(TPACKET3_HDRLEN + 32 + cfg->snaplen);
	unsigned block = page;
	while (block < frame)
		block <<= 1;
	unsigned nblocks = (unsigned)(((uint64_t)cfg->ring_kib * 1024) / block);
	if (nblocks < 2)
		nblocks = 2;
	struct tpacket_req3 req = {
		.tp_block_size = block,
		.tp_block_nr = nblocks,
		.tp_frame_size = frame,
		.tp_frame_nr = (block / frame) * nblocks,
		.tp_retire_blk_tov = cfg->timeout_ms,
	};
	if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0)
		die(EXIT_SETUP, "cannot set up a %u x %u-byte packet ring: %s", nblocks, block, strerror(errno));
	size_t size = (size_t)block * nblocks;
	void *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LOCKED, fd, 0);
	if (map == MAP_FAILED)
		map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		die(EXIT_SETUP, "cannot map the %zu-byte packet ring: %s", size, strerror(errno));
	cap->ring = (struct ring){ .map = map, .size = size, .block_size = block, .nblocks = nblocks, .cur = 0 };

	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL), .sll_ifindex = (int)cfg->ifindex };
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		if (errno == ENODEV || errno == ENXIO)
			die(EXIT_NO_INTERFACE, "no such interface: '%s' (it disappeared)", cfg->ifname);
		die(EXIT_SETUP, "cannot bind to '%s': %s", cfg->ifname, strerror(errno));
	}
	if (cfg->promisc) {
		/* A membership, not IFF_PROMISC: the kernel undoes it when the socket closes. */
		struct packet_mreq mr = { .mr_ifindex = (int)cfg->ifindex, .mr_type = PACKET_MR_PROMISC };
		if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) < 0) {
			if (errno == EPERM || errno == EACCES)
				die_permission("cannot make the interface promiscuous");
			die(EXIT_SETUP, "cannot make '%s' promiscuous: %s", cfg->ifname, strerror(errno));
		}
	}

	/* Drain what got past before the reject-all filter (as libpcap does), then the real filter. */
	uint8_t drain;
	while (recv(fd, &drain, sizeof drain, MSG_TRUNC | MSG_DONTWAIT) >= 0)
		continue;
	for (struct tpacket_block_desc *b; (b = ring_block(&cap->ring)) != NULL;)
		ring_release(&cap->ring, b);
	cap->ring.cur = 0;
	/* As libpcap for mapped rings: accept whole packets in the kernel and cut to snaplen here. */
	for (unsigned i = 0; i < prog->len; i++)
		if (prog->insns[i].code == (BPF_RET | BPF_K) && prog->insns[i].k != 0)
			prog->insns[i].k = MAX_SNAPLEN;
	set_filter(fd, prog->insns, prog->len);
	cap->fd = fd;
}

/* ---- while capturing ---- */

/* Handles an error the socket reports; returns only if the capture can go on. */
void socket_error(const struct config *cfg, const struct capture *cap)
{
	int err = 0;
	socklen_t len = sizeof err;
	if (getsockopt(cap->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		die(EXIT_CAPTURE, "the packet socket failed: %s", strerror(errno));
	if (err == 0)
		return;
	if (err == ENETDOWN) {
		if (if_nametoindex(cfg->ifname) != cfg->ifindex)
			die(EXIT_CAPTURE, "interface '%s' disappeared", cfg->ifname);
		warn("interface '%s' went down; waiting for it to come back", cfg->ifname);
		return;
	}
	die(EXIT_CAPTURE, "the packet socket failed: %s", strerror(err));
}
