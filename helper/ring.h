/*
 * The packet socket and its TPACKET_V3 ring. open_capture does the whole setup in the order that
 * keeps unfiltered packets out; afterwards blocks are walked through one small interface:
 * ring_block (the next block the kernel handed over, or NULL) and ring_release (give it back).
 */
#ifndef TRAWL_RING_H
#define TRAWL_RING_H

#include <stddef.h>
#include <stdint.h>
#include <linux/if_packet.h>

#include "args.h"
#include "filter.h"

struct ring {
	uint8_t *map;
	size_t size;
	unsigned block_size, nblocks, cur;
};

/* The next block the kernel has handed to us, or NULL. */
struct tpacket_block_desc *ring_block(struct ring *r);

/* Give the current block back to the kernel and move on. */
void ring_release(struct ring *r, struct tpacket_block_desc *b);

struct capture {
	int fd;
	struct ring ring;
};

/*
 * Socket, reject-all filter, ring, bind, promiscuity, drain, then prog (whose `ret #k` it rewrites):
 * exits EXIT_PERMISSION, EXIT_NO_INTERFACE, EXIT_SETUP or EXIT_BAD_FILTER on failure.
 */
void open_capture(const struct config *cfg, struct program *prog, struct capture *cap);

/* Handles an error the socket reports; returns only if the capture can go on. */
void socket_error(const struct config *cfg, const struct capture *cap);

#endif
