/* The command line: argv parsed into a validated struct config (long options only), and the usage text. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "messages.h"

static const char USAGE[] =
	"usage: trawl-capture --interface IFACE [--snaplen N] [--promisc] [--direction in|out|both]\n"
	"                     [--ring-size KIB] [--block-timeout MS | --immediate] [--count N]\n"
	"                     [--duration SECONDS]   < program   > capture.pcapng\n"
	"       trawl-capture --link-type --interface IFACE\n"
	"       trawl-capture --check\n"
	"stdin: u32 count, then count x (u16 code, u8 jt, u8 jf, u32 k), little-endian; keep it open:\n"
	"closing it stops the capture. See workers/capture-helper.ts for the whole contract.\n";

void usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage("error", fmt, ap);
	va_end(ap);
	fputs(USAGE, stderr);
	exit(EXIT_USAGE);
}

static uint64_t parse_number(const char *opt, const char *s, uint64_t min, uint64_t max)
{
	if (*s == '\0' || strspn(s, "0123456789") != strlen(s) || strlen(s) > 19)
		usage_error("--%s wants a decimal number, not '%s'", opt, s);
	uint64_t v = strtoull(s, NULL, 10);
	if (v < min || v > max)
		usage_error("--%s must be between %llu and %llu, not %s", opt,
			    (unsigned long long)min, (unsigned long long)max, s);
	return v;
}

/* Linux's dev_valid_name, restricted to printable ASCII. */
static void check_ifname(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= IF_NAMESIZE)
		usage_error("an interface name has 1 to %d characters; '%.40s' has %zu", IF_NAMESIZE - 1, s, n);
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		usage_error("'%s' is not an interface name", s);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f || c == '/' || c == ':')
			usage_error("an interface name may not contain '/', ':', spaces or non-ASCII characters");
	}
}

void parse_args(int argc, char **argv, struct config *cfg)
{
	enum { O_INTERFACE = 'i', O_SNAPLEN = 's', O_PROMISC = 'p', O_DIRECTION = 'd', O_RING = 'r',
	       O_TIMEOUT = 't', O_IMMEDIATE = 'I', O_COUNT = 'c', O_DURATION = 'D', O_LINKTYPE = 'L',
	       O_CHECK = 'C' };
	static const struct option longopts[] = {
		{ "interface", required_argument, NULL, O_INTERFACE },
		{ "snaplen", required_argument, NULL, O_SNAPLEN },
		{ "promisc", no_argument, NULL, O_PROMISC },
		{ "direction", required_argument, NULL, O_DIRECTION },
		{ "ring-size", required_argument, NULL, O_RING },
		{ "block-timeout", required_argument, NULL, O_TIMEOUT },
		{ "immediate", no_argument, NULL, O_IMMEDIATE },
		{ "count", required_argument, NULL, O_COUNT },
		{ "duration", required_argument, NULL, O_DURATION },
		{ "link-type", no_argument, NULL, O_LINKTYPE },
		{ "check", no_argument, NULL, O_CHECK },
		{ NULL, 0, NULL, 0 },
	};
	const char *ifname = NULL;
	int seen_timeout = 0, seen_immediate = 0, options = 0;
	char seen[128] = { 0 };

	*cfg = (struct config){ .snaplen = MAX_SNAPLEN, .direction = DIR_BOTH, .ring_kib = 4096, .timeout_ms = 100 };
	opterr = 0;
	for (;;) {
		/* Long options only: the short letters are internal ids ("" as optstring). */
		int o = getopt_long(argc, argv, "+", longopts, NULL);
		if (o == -1)
			break;
		if (o == '?' || o == ':')
			usage_error("unknown option or missing value: '%s'", argv[optind - 1]);
		if (seen[o])
			usage_error("option '%s' given twice", argv[optind - 1]);
		seen[o] = 1;
		options++;
		switch (o) {
		case O_INTERFACE: ifname = optarg; break;
		case O_SNAPLEN: cfg->snaplen = (uint32_t)parse_number("snaplen", optarg, 1, MAX_SNAPLEN); break;
		case O_PROMISC: cfg->promisc = 1; break;
		case O_DIRECTION:
			if (strcmp(optarg, "in") == 0) cfg->direction = DIR_IN;
			else if (strcmp(optarg, "out") == 0) cfg->direction = DIR_OUT;
			else if (strcmp(optarg, "both") == 0) cfg->direction = DIR_BOTH;
			else usage_error("--direction is in, out or both, not '%s'", optarg);
			break;
		case O_RING: cfg->ring_kib = (uint32_t)parse_number("ring-size", optarg, 128, 1048576); break;
		case O_TIMEOUT:
			cfg->timeout_ms = (uint32_t)parse_number("block-timeout", optarg, 1, 1000);
			seen_timeout = 1;
			break;
		case O_IMMEDIATE: cfg->timeout_ms = 1; seen_immediate = 1; break;
		case O_COUNT: cfg->count = parse_number("count", optarg, 1, UINT64_MAX / 2); break;
		case O_DURATION: cfg->duration_s = (uint32_t)parse_number("duration", optarg, 1, 31536000); break;
		case O_LINKTYPE: cfg->query_link_type = 1; break;
		case O_CHECK: cfg->check = 1; break;
		default: usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (cfg->check) {
		/* Only whether a capture could open its socket: no interface, nothing else. */
		if (options > 1)
			usage_error("--check takes no other option");
		return;
	}
	if (ifname == NULL)
		usage_error("--interface is required");
	if (seen_timeout && seen_immediate)
		usage_error("--block-timeout and --immediate exclude each other");
	check_ifname(ifname);
	memcpy(cfg->ifname, ifname, strlen(ifname) + 1);
}
