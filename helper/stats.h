/* The capture's running totals: what the kernel counted (accumulated) and how many EPBs were written. */
#ifndef TRAWL_STATS_H
#define TRAWL_STATS_H

#include <stdint.h>

#include "ring.h"

struct totals {
	uint64_t received, dropped, written;
	uint64_t start_ns;
};

/* Adds the kernel's PACKET_STATISTICS since the last call to t. */
void read_stats(const struct capture *cap, struct totals *t);

/* The `stats received=N dropped=N written=N` line on stderr. */
void print_stats(const struct totals *t);

#endif
