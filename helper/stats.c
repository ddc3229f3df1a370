/* The capture's running totals: the kernel's counters, accumulated, and the `stats` line on stderr. */
#define _GNU_SOURCE
#include <linux/if_packet.h>
#include <stdio.h>
#include <sys/socket.h>

#include "stats.h"

void read_stats(const struct capture *cap, struct totals *t)
{
	struct tpacket_stats_v3 st;
	socklen_t len = sizeof st;
	/* Reading resets the kernel's counters: accumulate. */
	if (getsockopt(cap->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0) {
		t->received += st.tp_packets;
		t->dropped += st.tp_drops;
	}
}

void print_stats(const struct totals *t)
{
	fprintf(stderr, "stats received=%llu dropped=%llu written=%llu\n", (unsigned long long)t->received,
		(unsigned long long)t->dropped, (unsigned long long)t->written);
	fflush(stderr);
}
