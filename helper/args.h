/* The command line: argv parsed into a validated struct config, and the usage text. */
#ifndef TRAWL_ARGS_H
#define TRAWL_ARGS_H

#include <net/if.h>      /* before the linux/ headers, which it conflicts with otherwise */
#include <stdint.h>

#define MAX_SNAPLEN 262144u   /* libpcap's MAXIMUM_SNAPLEN */

enum direction { DIR_BOTH, DIR_IN, DIR_OUT };

struct config {
	char ifname[IF_NAMESIZE];
	unsigned ifindex;      /* set by link_type_of (iface.h), not by parse_args */
	uint32_t snaplen;      /* 1..262144 */
	int promisc;
	enum direction direction;
	uint32_t ring_kib;     /* 128..1048576 */
	uint32_t timeout_ms;   /* block retire timeout, 1..1000; --immediate = 1 */
	uint64_t count;        /* 0 = no limit */
	uint32_t duration_s;   /* 0 = no limit */
	int query_link_type;
	int check;             /* --check: open the capture socket as a capture would, say `ok`, exit */
};

/* Fills cfg from argv, or exits EXIT_USAGE with an `error` line and the usage text. */
void parse_args(int argc, char **argv, struct config *cfg);

/* An `error` line, the usage text, then exit EXIT_USAGE. */
__attribute__((format(printf, 1, 2), noreturn))
void usage_error(const char *fmt, ...);

#endif
