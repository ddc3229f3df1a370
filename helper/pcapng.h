/*
 * pcapng output on stdout, host byte order (the SHB's byte-order magic says which): SHB and IDB, one
 * EPB per packet, a final ISB. Blocks are buffered whole and written by out_flush, so a killed helper
 * leaves a file that reads up to its last complete block.
 */
#ifndef TRAWL_PCAPNG_H
#define TRAWL_PCAPNG_H

#include <stdint.h>
#include <linux/if_packet.h>

#include "args.h"
#include "iface.h"
#include "stats.h"

/* Writes the buffered blocks to stdout, or exits EXIT_OUTPUT. */
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
