/*
 * pcapng output on stdout, host byte order (the SHB's byte-order magic says which): SHB and IDB, one
 * EPB per packet, a final ISB. Blocks are built whole in a queue that stdout (non-blocking) drains
 * as fast as its reader takes it; the reader keeps only whole blocks, so a killed helper leaves a
 * file that reads up to its last complete block.
 */
#ifndef TRAWL_PCAPNG_H
#define TRAWL_PCAPNG_H

#include <stddef.h>
#include <stdint.h>
#include <linux/if_packet.h>

#include "args.h"
#include "iface.h"
#include "stats.h"

/* Sets up the output queue (queue_bytes, rounded down to 1 MiB segments, plus one) and makes stdout non-blocking. */
void out_init(size_t queue_bytes);

/* Writes what stdout takes now without waiting; 1 when nothing is left queued. Exits EXIT_OUTPUT on error. */
int out_push(void);

/* Bytes queued and not yet written. */
size_t out_pending(void);

/* Writes every queued block to stdout, waiting for it as needed, or exits EXIT_OUTPUT. */
void out_flush(void);

/* The SHB and the IDB, flushed. */
void write_headers(const struct config *cfg, const struct iface *ifc);

/* Buffers one packet from the ring as an EPB and counts it in t->written. */
void write_packet(const struct config *cfg, const struct iface *ifc, const struct tpacket3_hdr *h, struct totals *t);

/* The closing ISB from t, flushed. */
void write_isb(const struct totals *t);

/* CLOCK_REALTIME in nanoseconds: the clock of pcapng timestamps. */
uint64_t realtime_ns(void);

#endif
