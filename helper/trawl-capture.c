/*
 * trawl-capture: Trawl's privileged capture helper (Linux, no libpcap).
 *
 * Opens an AF_PACKET socket on one interface, maps a TPACKET_V3 ring, attaches the classic BPF
 * program read from stdin, drops every capability, then writes pcapng to stdout until SIGINT,
 * SIGTERM, stdin closing, or a count/duration limit. Its arguments, stdin, stdout, stderr and exit
 * codes are documented once, in workers/capture-helper.ts (the code that spawns it); keep the two
 * in step. Built by scripts/build-helper.mjs.
 *
 * Order of work (each step names what it may fail with):
 *   parse_args          validated struct config                       EXIT_USAGE
 *   link_type_of        ARPHRD_* -> LINKTYPE_*                         EXIT_NO_INTERFACE, EXIT_LINK_TYPE
 *   read_program        u32 count + count x 8-byte sock_filter (LE)   EXIT_BAD_FILTER
 *   validate_program    the kernel's classic-BPF structural rules     EXIT_BAD_FILTER
 *   open_capture        socket, reject-all filter, ring, bind, promisc,
 *                       drain, real filter                             EXIT_PERMISSION, EXIT_SETUP, EXIT_BAD_FILTER
 *   drop_privileges     bounding set, ambient, capset(0), NO_NEW_PRIVS EXIT_SETUP
 *   capture_loop        ring blocks -> EPBs; stats on stderr each second EXIT_OUTPUT, EXIT_CAPTURE
 *   finish              last blocks, ISB, flush                        EXIT_OUTPUT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <net/if.h>      /* before the linux/ headers, which it conflicts with otherwise */
#include <net/if_arp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

enum exit_code {
	EXIT_OK = 0,
	EXIT_USAGE = 2,
	EXIT_NO_INTERFACE = 3,
	EXIT_PERMISSION = 4,
	EXIT_BAD_FILTER = 5,
	EXIT_LINK_TYPE = 6,
	EXIT_SETUP = 7,
	EXIT_OUTPUT = 8,
	EXIT_CAPTURE = 9,
};

#define MAX_SNAPLEN 262144u   /* libpcap's MAXIMUM_SNAPLEN */
#define MAX_PROGRAM 4096u     /* BPF_MAXINSNS */
#define VLAN_TAG_LEN 4u
#define OUT_BUFFER (1u << 20)

enum direction { DIR_BOTH, DIR_IN, DIR_OUT };

struct config {
	char ifname[IF_NAMESIZE];
	unsigned ifindex;
	uint32_t snaplen;      /* 1..262144 */
	int promisc;
	enum direction direction;
	uint32_t ring_kib;     /* 128..1048576 */
	uint32_t timeout_ms;   /* block retire timeout, 1..1000; --immediate = 1 */
	uint64_t count;        /* 0 = no limit */
	uint32_t duration_s;   /* 0 = no limit */
	int query_link_type;
};

static const char USAGE[] =
	"usage: trawl-capture --interface IFACE [--snaplen N] [--promisc] [--direction in|out|both]\n"
	"                     [--ring-size KIB] [--block-timeout MS | --immediate] [--count N]\n"
	"                     [--duration SECONDS]   < program   > capture.pcapng\n"
	"       trawl-capture --link-type --interface IFACE\n"
	"stdin: u32 count, then count x (u16 code, u8 jt, u8 jf, u32 k), little-endian; keep it open:\n"
	"closing it stops the capture. See workers/capture-helper.ts for the whole contract.\n";

/* ---- messages: every stderr line starts with a keyword (ready, stats, warning, error) ---- */

static void line(const char *keyword, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = snprintf(buf, sizeof buf, "%s ", keyword);
	vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", buf);
	fflush(stderr);
}

__attribute__((format(printf, 2, 3), noreturn))
static void die(enum exit_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line("error", fmt, ap);
	va_end(ap);
	exit(code);
}

__attribute__((format(printf, 1, 2)))
static void warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line("warning", fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 1, 2), noreturn))
static void usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line("error", fmt, ap);
	va_end(ap);
	fputs(USAGE, stderr);
	exit(EXIT_USAGE);
}

/* ---- arguments ---- */

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

static void parse_args(int argc, char **argv, struct config *cfg)
{
	enum { O_INTERFACE = 'i', O_SNAPLEN = 's', O_PROMISC = 'p', O_DIRECTION = 'd', O_RING = 'r',
	       O_TIMEOUT = 't', O_IMMEDIATE = 'I', O_COUNT = 'c', O_DURATION = 'D', O_LINKTYPE = 'L' };
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
		{ NULL, 0, NULL, 0 },
	};
	const char *ifname = NULL;
	int seen_timeout = 0, seen_immediate = 0;
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
		default: usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (ifname == NULL)
		usage_error("--interface is required");
	if (seen_timeout && seen_immediate)
		usage_error("--block-timeout and --immediate exclude each other");
	check_ifname(ifname);
	memcpy(cfg->ifname, ifname, strlen(ifname) + 1);
}

/* ---- the BPF program on stdin ---- */

struct program {
	struct sock_filter insns[MAX_PROGRAM];
	unsigned len;
};

/* Reads exactly n bytes; returns how many were read before EOF. */
static size_t read_full(int fd, uint8_t *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			die(EXIT_BAD_FILTER, "cannot read the filter program from stdin: %s", strerror(errno));
		}
		got += (size_t)r;
	}
	return got;
}

static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

static void read_program(struct program *prog)
{
	static uint8_t raw[MAX_PROGRAM * 8];
	uint8_t head[4];
	size_t got = read_full(STDIN_FILENO, head, 4);
	if (got != 4)
		die(EXIT_BAD_FILTER, "the filter program on stdin ended after %zu of its 4 count bytes", got);
	uint32_t count = le32(head);
	if (count == 0 || count > MAX_PROGRAM)
		die(EXIT_BAD_FILTER, "a filter program has 1 to %u instructions; stdin says %u", MAX_PROGRAM, count);
	got = read_full(STDIN_FILENO, raw, (size_t)count * 8);
	if (got != (size_t)count * 8)
		die(EXIT_BAD_FILTER, "the filter program on stdin ended after %zu of its %u bytes", got, count * 8);
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *r = raw + 8 * i;
		prog->insns[i] = (struct sock_filter){ .code = (uint16_t)(r[0] | r[1] << 8), .jt = r[2], .jf = r[3], .k = le32(r + 4) };
	}
	prog->len = count;
}

/* The structural rules of the kernel's bpf_check_classic (the kernel still has the last word). */
static void validate_program(const struct program *prog)
{
	static const uint16_t valid[] = {
		BPF_LD | BPF_W | BPF_ABS, BPF_LD | BPF_H | BPF_ABS, BPF_LD | BPF_B | BPF_ABS,
		BPF_LD | BPF_W | BPF_IND, BPF_LD | BPF_H | BPF_IND, BPF_LD | BPF_B | BPF_IND,
		BPF_LD | BPF_W | BPF_LEN, BPF_LD | BPF_IMM, BPF_LD | BPF_MEM,
		BPF_LDX | BPF_W | BPF_LEN, BPF_LDX | BPF_B | BPF_MSH, BPF_LDX | BPF_IMM, BPF_LDX | BPF_MEM,
		BPF_ST, BPF_STX,
		BPF_ALU | BPF_ADD | BPF_K, BPF_ALU | BPF_ADD | BPF_X, BPF_ALU | BPF_SUB | BPF_K, BPF_ALU | BPF_SUB | BPF_X,
		BPF_ALU | BPF_MUL | BPF_K, BPF_ALU | BPF_MUL | BPF_X, BPF_ALU | BPF_DIV | BPF_K, BPF_ALU | BPF_DIV | BPF_X,
		BPF_ALU | BPF_MOD | BPF_K, BPF_ALU | BPF_MOD | BPF_X, BPF_ALU | BPF_AND | BPF_K, BPF_ALU | BPF_AND | BPF_X,
		BPF_ALU | BPF_OR | BPF_K, BPF_ALU | BPF_OR | BPF_X, BPF_ALU | BPF_XOR | BPF_K, BPF_ALU | BPF_XOR | BPF_X,
		BPF_ALU | BPF_LSH | BPF_K, BPF_ALU | BPF_LSH | BPF_X, BPF_ALU | BPF_RSH | BPF_K, BPF_ALU | BPF_RSH | BPF_X,
		BPF_ALU | BPF_NEG,
		BPF_JMP | BPF_JA, BPF_JMP | BPF_JEQ | BPF_K, BPF_JMP | BPF_JEQ | BPF_X, BPF_JMP | BPF_JGT | BPF_K,
		BPF_JMP | BPF_JGT | BPF_X, BPF_JMP | BPF_JGE | BPF_K, BPF_JMP | BPF_JGE | BPF_X,
		BPF_JMP | BPF_JSET | BPF_K, BPF_JMP | BPF_JSET | BPF_X,
		BPF_RET | BPF_K, BPF_RET | BPF_A, BPF_MISC | BPF_TAX, BPF_MISC | BPF_TXA,
	};
	for (unsigned pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *f = &prog->insns[pc];
		int known = 0;
		for (size_t j = 0; j < sizeof valid / sizeof valid[0]; j++)
			known |= valid[j] == f->code;
		if (!known)
			die(EXIT_BAD_FILTER, "filter instruction %u has an unknown opcode 0x%02x", pc, f->code);
		switch (f->code) {
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_MOD | BPF_K:
			if (f->k == 0)
				die(EXIT_BAD_FILTER, "filter instruction %u divides by the constant 0", pc);
			break;
		case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM: case BPF_ST: case BPF_STX:
			if (f->k >= BPF_MEMWORDS)
				die(EXIT_BAD_FILTER, "filter instruction %u uses memory slot %u (there are %d)", pc, f->k, BPF_MEMWORDS);
			break;
		case BPF_JMP | BPF_JA:
			if (f->k >= prog->len - pc - 1)
				die(EXIT_BAD_FILTER, "filter instruction %u jumps past the end of the program", pc);
			break;
		default:
			if (BPF_CLASS(f->code) == BPF_JMP && (pc + f->jt + 1u >= prog->len || pc + f->jf + 1u >= prog->len))
				die(EXIT_BAD_FILTER, "filter instruction %u jumps past the end of the program", pc);
		}
	}
	uint16_t last = prog->insns[prog->len - 1].code;
	if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A))
		die(EXIT_BAD_FILTER, "the filter program's last instruction (%u) is not a return", prog->len - 1);
}

/* ---- the interface ---- */

struct iface {
	unsigned short arphrd;
	uint16_t link_type;
	int loopback;
};

static void link_type_of(struct config *cfg, struct iface *ifc)
{
	cfg->ifindex = if_nametoindex(cfg->ifname);
	if (cfg->ifindex == 0)
		die(EXIT_NO_INTERFACE, "no such interface: '%s' (see `ip link`)", cfg->ifname);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	memcpy(ifr.ifr_name, cfg->ifname, strlen(cfg->ifname) + 1);
	if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		if (errno == ENODEV)
			die(EXIT_NO_INTERFACE, "no such interface: '%s' (see `ip link`)", cfg->ifname);
		die(EXIT_SETUP, "cannot read the hardware type of '%s': %s", cfg->ifname, strerror(errno));
	}
	close(fd);
	ifc->arphrd = ifr.ifr_hwaddr.sa_family;
	ifc->loopback = ifc->arphrd == ARPHRD_LOOPBACK;
	switch (ifc->arphrd) {
	case ARPHRD_ETHER: case ARPHRD_LOOPBACK: ifc->link_type = 1; break;   /* LINKTYPE_ETHERNET */
	case ARPHRD_IEEE802: ifc->link_type = 6; break;                      /* LINKTYPE_IEEE802_5 */
	case ARPHRD_IEEE80211_RADIOTAP: ifc->link_type = 127; break;         /* LINKTYPE_IEEE802_11_RADIOTAP */
	case ARPHRD_NONE: case ARPHRD_RAWIP: case ARPHRD_TUNNEL: case ARPHRD_TUNNEL6: case ARPHRD_SIT:
		ifc->link_type = 101; break;                                 /* LINKTYPE_RAW */
	default:
		die(EXIT_LINK_TYPE, "interface '%s' has hardware type %u (ARPHRD_*), which trawl-capture cannot "
		    "capture from (it captures Ethernet, loopback, 802.11 radiotap and raw-IP devices)", cfg->ifname, ifc->arphrd);
	}
}

/* ---- the ring: the one small interface over TPACKET_V3 blocks ---- */

struct ring {
	uint8_t *map;
	size_t size;
	unsigned block_size, nblocks, cur;
};

/* The next block the kernel has handed to us, or NULL. */
static struct tpacket_block_desc *ring_block(struct ring *r)
{
	struct tpacket_block_desc *b = (struct tpacket_block_desc *)(r->map + (size_t)r->cur * r->block_size);
	if ((__atomic_load_n(&b->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER) == 0)
		return NULL;
	return b;
}

/* Give the current block back to the kernel and move on. */
static void ring_release(struct ring *r, struct tpacket_block_desc *b)
{
	__atomic_store_n(&b->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
	r->cur = (r->cur + 1) % r->nblocks;
}

struct capture {
	int fd;
	struct ring ring;
};

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

static void open_capture(const struct config *cfg, struct program *prog, struct capture *cap)
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

/* ---- privileges ---- */

static void drop_privileges(void)
{
	/* The bounding set needs CAP_SETPCAP (root has it; file capabilities do not): best effort. */
	for (int c = 0; c <= 63; c++)
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno == EINVAL)
			break;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		die(EXIT_SETUP, "cannot clear the ambient capabilities: %s", strerror(errno));
	if (getuid() != geteuid() || getgid() != getegid()) {
		/* Installed setuid root: become the user who ran us. */
		if (setresgid(getgid(), getgid(), getgid()) < 0 || setresuid(getuid(), getuid(), getuid()) < 0)
			die(EXIT_SETUP, "cannot give up the set-user-ID identity: %s", strerror(errno));
	}
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof data);
	if (syscall(SYS_capset, &hdr, data) < 0)
		die(EXIT_SETUP, "cannot drop capabilities: %s", strerror(errno));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die(EXIT_SETUP, "cannot set no_new_privs: %s", strerror(errno));
	if (syscall(SYS_capget, &hdr, data) < 0 || data[0].effective || data[0].permitted || data[1].effective || data[1].permitted)
		die(EXIT_SETUP, "capabilities are still held after dropping them");
}

/* ---- pcapng output (host byte order; the SHB's byte-order magic says which) ---- */

struct out {
	uint8_t buf[OUT_BUFFER];
	size_t len;
};

static struct out out;

static void out_flush(void)
{
	size_t off = 0;
	while (off < out.len) {
		ssize_t w = write(STDOUT_FILENO, out.buf + off, out.len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			die(EXIT_OUTPUT, "cannot write the capture to stdout: %s", strerror(errno));
		}
		off += (size_t)w;
	}
	out.len = 0;
}

static void out_reserve(size_t n)
{
	if (out.len + n > sizeof out.buf)
		out_flush();
}

static void put(const void *p, size_t n) { memcpy(out.buf + out.len, p, n); out.len += n; }
static void put32(uint32_t v) { put(&v, 4); }
static void put16(uint16_t v) { put(&v, 2); }
static void put_pad(size_t n) { static const uint8_t zero[4]; put(zero, (4 - n % 4) % 4); }
static size_t padded(size_t n) { return (n + 3) & ~(size_t)3; }

/* Option sizes including their 4-byte header. */
static size_t opt_size(size_t len) { return 4 + padded(len); }
static void put_opt(uint16_t code, const void *v, size_t len) { put16(code); put16((uint16_t)len); put(v, len); put_pad(len); }
static void put_opt64(uint16_t code, uint64_t v) { put_opt(code, &v, 8); }
static void put_opt_ts(uint16_t code, uint64_t ns) { uint32_t t[2] = { (uint32_t)(ns >> 32), (uint32_t)ns }; put_opt(code, t, 8); }

static void write_headers(const struct config *cfg, const struct iface *ifc)
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

static uint64_t realtime_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
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

struct totals {
	uint64_t received, dropped, written;
	uint64_t start_ns;
};

/* Writes one packet as an EPB, putting back a VLAN tag the kernel took off (as libpcap does). */
static void write_packet(const struct config *cfg, const struct iface *ifc, const struct tpacket3_hdr *h, struct totals *t)
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

static void read_stats(const struct capture *cap, struct totals *t)
{
	struct tpacket_stats_v3 st;
	socklen_t len = sizeof st;
	/* Reading resets the kernel's counters: accumulate. */
	if (getsockopt(cap->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0) {
		t->received += st.tp_packets;
		t->dropped += st.tp_drops;
	}
}

static void print_stats(const struct totals *t)
{
	fprintf(stderr, "stats received=%llu dropped=%llu written=%llu\n", (unsigned long long)t->received,
		(unsigned long long)t->dropped, (unsigned long long)t->written);
	fflush(stderr);
}

static void write_isb(const struct totals *t)
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

/* ---- the loop ---- */

static volatile sig_atomic_t stop_signal;
static void on_signal(int sig) { stop_signal = sig; }

/* Handles an error the socket reports; returns only if the capture can go on. */
static void socket_error(const struct config *cfg, const struct capture *cap)
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
		out_flush();
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
		struct pollfd fds[2] = { { .fd = cap->fd, .events = POLLIN }, { .fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN } };
		if (ppoll(fds, 2, &ts, &waitmask) < 0) {
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

int main(int argc, char **argv)
{
	static struct program prog;
	struct config cfg;
	struct iface ifc;
	struct capture cap;

	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	parse_args(argc, argv, &cfg);
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
	write_headers(&cfg, &ifc);
	capture_loop(&cfg, &ifc, &cap);
	return EXIT_OK;
}
