/* pcapng output on stdout (host byte order; the SHB's byte-order magic says which): SHB, IDB, EPBs, ISB. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "messages.h"
#include "pcapng.h"

#define VLAN_TAG_LEN 4u
/* Blocks are built in segments of this size (an EPB is at most 262144 + 48 bytes). */
#define SEGMENT_SIZE (1u << 20)

/*
 * The output queue. Blocks are built in the tail segment; stdout is non-blocking, and what the pipe
 * does not take now waits in the queue while the capture loop goes on draining the ring: a reader
 * that falls behind for a moment costs memory here (up to `max_segments`, then the helper waits for
 * it as before) instead of packets in the kernel. Segments are kept for reuse once written.
 */
struct segment {
	struct segment *next;
	size_t len, off;        /* bytes built; bytes of them already written */
	uint8_t buf[SEGMENT_SIZE];
};

static struct {
	struct segment *head, *tail, *spare;
	size_t segments, max_segments;
	size_t pending;         /* bytes built and not yet written */
} out;

static struct segment *new_segment(void)
{
	struct segment *s = out.spare;
	if (s != NULL) {
		out.spare = s->next;
	} else {
		s = malloc(sizeof *s);
		if (s == NULL)
			die(EXIT_OUTPUT, "cannot allocate %u bytes for the output queue", SEGMENT_SIZE);
		out.segments++;
	}
	s->next = NULL;
	s->len = s->off = 0;
	return s;
}

void out_init(size_t queue_bytes)
{
	out.max_segments = queue_bytes / SEGMENT_SIZE + 1;
	out.head = out.tail = new_segment();
	int fl = fcntl(STDOUT_FILENO, F_GETFL);
	if (fl < 0 || fcntl(STDOUT_FILENO, F_SETFL, fl | O_NONBLOCK) < 0)
		die(EXIT_OUTPUT, "cannot make stdout non-blocking: %s", strerror(errno));
}

size_t out_pending(void) { return out.pending; }

int out_push(void)
{
	while (out.pending > 0) {
		struct segment *h = out.head;
		if (h->off == h->len) {
			/* Written: reuse it (the tail always stays, so `head` is never NULL). */
			out.head = h->next;
			h->next = out.spare;
			out.spare = h;
			continue;
		}
		ssize_t w = write(STDOUT_FILENO, h->buf + h->off, h->len - h->off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			die(EXIT_OUTPUT, "cannot write the capture to stdout: %s", strerror(errno));
		}
		h->off += (size_t)w;
		out.pending -= (size_t)w;
	}
	/* All written: start again at the beginning of the tail segment. */
	out.tail->len = out.tail->off = 0;
	return 1;
}

/* Waits until stdout takes more (or fails, which the next write reports). */
static void wait_writable(void)
{
	struct pollfd p = { .fd = STDOUT_FILENO, .events = POLLOUT };
	while (poll(&p, 1, -1) < 0)
		if (errno != EINTR)
			die(EXIT_OUTPUT, "waiting for stdout failed: %s", strerror(errno));
}

void out_flush(void)
{
	while (!out_push())
		wait_writable();
}

static void out_reserve(size_t n)
{
	if (out.tail->len + n <= SEGMENT_SIZE)
		return;
	/* The queue is at its limit: wait for the reader until a segment is free (the old behaviour). */
	while (out.spare == NULL && out.segments >= out.max_segments && !out_push())
		wait_writable();
	if (out.pending == 0)
		return; /* out_push emptied the tail */
	struct segment *s = new_segment();
	out.tail->next = s;
	out.tail = s;
}

static void put(const void *p, size_t n) { memcpy(out.tail->buf + out.tail->len, p, n); out.tail->len += n; out.pending += n; }
static void put32(uint32_t v) { put(&v, 4); }
static void put16(uint16_t v) { put(&v, 2); }
static void put_pad(size_t n) { static const uint8_t zero[4]; put(zero, (4 - n % 4) % 4); }
static size_t padded(size_t n) { return (n + 3) & ~(size_t)3; }

/* Option sizes including their 4-byte header. */
static size_t opt_size(size_t len) { return 4 + padded(len); }
static void put_opt(uint16_t code, const void *v, size_t len) { put16(code); put16((uint16_t)len); put(v, len); put_pad(len); }
static void put_opt64(uint16_t code, uint64_t v) { put_opt(code, &v, 8); }
static void put_opt_ts(uint16_t code, uint64_t ns) { uint32_t t[2] = { (uint32_t)(ns >> 32), (uint32_t)ns }; put_opt(code, t, 8); }

void write_headers(const struct config *cfg, const struct iface *ifc)
{
	static const char appl[] = "Trawl trawl-capture";
	struct utsname u;
	char os[200] = "Linux", hw[80] = "";
	if (uname(&u) == 0) {
		snprintf(os, sizeof os, "%s %s", u.sysname, u.release);
		snprintf(hw, sizeof hw, "%s", u.machine);
	}
	size_t shb = 28 + opt_size(strlen(hw)) + opt_size(strlen(os)) + opt_size(strlen(appl)) + 4;
	out_reserve(shb);
	put32(0x0A0D0D0A); put32((uint32_t)shb); put32(0x1A2B3C4D); put16(1); put16(0);
	put32(0xFFFFFFFF); put32(0xFFFFFFFF);            /* section length unknown */
	put_opt(2, hw, strlen(hw));                      /* shb_hardware */
	put_opt(3, os, strlen(os));                      /* shb_os */
	put_opt(4, appl, strlen(appl));                  /* shb_userappl */
	put32(0); put32((uint32_t)shb);

	uint8_t tsresol = 9;
	size_t idb = 20 + opt_size(strlen(cfg->ifname)) + opt_size(1) + 4;
	out_reserve(idb);
	put32(1); put32((uint32_t)idb); put16(ifc->link_type); put16(0); put32(cfg->snaplen);
	put_opt(2, cfg->ifname, strlen(cfg->ifname));   /* if_name */
	put_opt(9, &tsresol, 1);                         /* if_tsresol: nanoseconds */
	put32(0); put32((uint32_t)idb);
	out_flush();
}

uint64_t realtime_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* epb_flags: direction in bits 0-1, reception type in bits 2-4 (from sll_pkttype). */
static uint32_t epb_flags(unsigned char pkttype)
{
	switch (pkttype) {
	case PACKET_HOST: return 1 | 1 << 2;
	case PACKET_MULTICAST: return 1 | 2 << 2;
	case PACKET_BROADCAST: return 1 | 3 << 2;
	case PACKET_OTHERHOST: return 1 | 4 << 2;
	case PACKET_OUTGOING: return 2;
	default: return 1;
	}
}

/* Writes one packet as an EPB, putting back a VLAN tag the kernel took off (as libpcap does). */
void write_packet(const struct config *cfg, const struct iface *ifc, const struct tpacket3_hdr *h, struct totals *t)
{
	const struct sockaddr_ll *sll = (const struct sockaddr_ll *)((const uint8_t *)h + TPACKET_ALIGN(sizeof *h));
	const uint8_t *data = (const uint8_t *)h + h->tp_mac;
	uint32_t caplen = h->tp_snaplen, origlen = h->tp_len;
	int vlan = ifc->link_type == 1 && caplen >= 2 * ETH_ALEN &&
		   (h->hv1.tp_vlan_tci != 0 || (h->tp_status & TP_STATUS_VLAN_VALID));
	if (vlan) {
		caplen += VLAN_TAG_LEN;
		origlen += VLAN_TAG_LEN;
	}
	if (caplen > cfg->snaplen)
		caplen = cfg->snaplen;
	size_t total = 28 + padded(caplen) + 12 + 4;
	out_reserve(total);
	uint64_t ns = (uint64_t)h->tp_sec * 1000000000u + h->tp_nsec;
	put32(6); put32((uint32_t)total); put32(0); put32((uint32_t)(ns >> 32)); put32((uint32_t)ns);
	put32(caplen); put32(origlen);
	if (vlan) {
		uint16_t tpid = (h->tp_status & TP_STATUS_VLAN_TPID_VALID) && h->hv1.tp_vlan_tpid ? h->hv1.tp_vlan_tpid : ETH_P_8021Q;
		uint8_t tag[4] = { (uint8_t)(tpid >> 8), (uint8_t)tpid, (uint8_t)(h->hv1.tp_vlan_tci >> 8), (uint8_t)h->hv1.tp_vlan_tci };
		uint32_t head = caplen < 2 * ETH_ALEN ? caplen : 2 * ETH_ALEN;
		put(data, head);
		uint32_t tagged = caplen - head < VLAN_TAG_LEN ? caplen - head : VLAN_TAG_LEN;
		put(tag, tagged);
		put(data + head, caplen - head - tagged);
	} else {
		put(data, caplen);
	}
	put_pad(caplen);
	uint32_t flags = epb_flags(sll->sll_pkttype);
	put_opt(2, &flags, 4);                           /* epb_flags */
	put32(0); put32((uint32_t)total);
	t->written++;
}

void write_isb(const struct totals *t)
{
	uint64_t end = realtime_ns();
	size_t total = 20 + 5 * opt_size(8) + 4 + 4;
	out_reserve(total);
	put32(5); put32((uint32_t)total); put32(0); put32((uint32_t)(end >> 32)); put32((uint32_t)end);
	put_opt_ts(2, t->start_ns);                      /* isb_starttime */
	put_opt_ts(3, end);                              /* isb_endtime */
	put_opt64(4, t->received);                       /* isb_ifrecv */
	put_opt64(5, t->dropped);                        /* isb_ifdrop */
	put_opt64(8, t->written);                        /* isb_usrdeliv */
	put32(0); put32((uint32_t)total);
	out_flush();
}
