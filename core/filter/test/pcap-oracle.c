/*
 * The libpcap oracle for filter conformance: what pcap_compile + pcap_offline_filter decide.
 *
 * Usage: pcap-oracle [-y DLTNAME] FILE...   (all files of one link type; with -y, files are optional
 *        and expressions compile for that link type)
 * Reads every packet of every FILE into memory, prints "FILE <count>" per file, then reads filter
 * expressions from stdin, one per line, and for each prints one line:
 *   "OK <insns> <matches> <ranges>"  ranges = comma-separated global packet indices or a-b runs
 *   "ERR <libpcap's message>"
 * Global indices count packets across the files in argument order, from 0. Exit 2 on bad usage or
 * an unreadable file (the caller only passes files libpcap reads).
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct packet {
	struct pcap_pkthdr hdr;
	u_char *data;
};

static struct packet *packets;
static size_t npackets, cap;

static void keep(const struct pcap_pkthdr *h, const u_char *bytes)
{
	if (npackets == cap) {
		cap = cap ? cap * 2 : 4096;
		packets = realloc(packets, cap * sizeof *packets);
		if (!packets) {
			perror("realloc");
			exit(2);
		}
	}
	packets[npackets].hdr = *h;
	packets[npackets].data = malloc(h->caplen ? h->caplen : 1);
	if (!packets[npackets].data) {
		perror("malloc");
		exit(2);
	}
	memcpy(packets[npackets].data, bytes, h->caplen);
	npackets++;
}

int main(int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *compiler = NULL;
	char line[65536];

	int first = 1;

	if (argc >= 3 && strcmp(argv[1], "-y") == 0) {
		int dlt = pcap_datalink_name_to_val(argv[2]);
		if (dlt < 0) {
			fprintf(stderr, "unknown link type %s\n", argv[2]);
			return 2;
		}
		compiler = pcap_open_dead(dlt, 262144);
		first = 3;
	}
	if (argc <= first && !compiler) {
		fprintf(stderr, "usage: pcap-oracle [-y DLTNAME] FILE... < expressions\n");
		return 2;
	}
	for (int i = first; i < argc; i++) {
		pcap_t *p = pcap_open_offline(argv[i], errbuf);
		struct pcap_pkthdr *h;
		const u_char *bytes;
		size_t before = npackets;
		int rc;

		if (!p) {
			fprintf(stderr, "%s: %s\n", argv[i], errbuf);
			return 2;
		}
		while ((rc = pcap_next_ex(p, &h, &bytes)) == 1)
			keep(h, bytes);
		printf("FILE %zu %d\n", npackets - before, rc == -1 ? 1 : 0);
		if (!compiler)
			compiler = pcap_open_dead(pcap_datalink(p), 262144);
		pcap_close(p);
	}
	fflush(stdout);
	while (fgets(line, sizeof line, stdin)) {
		struct bpf_program prog;
		size_t len = strlen(line);
		size_t matches = 0;
		long run_start = -1, prev = -2;
		int first_run = 1;

		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (pcap_compile(compiler, &prog, line, 1, PCAP_NETMASK_UNKNOWN) != 0) {
			printf("ERR %s\n", pcap_geterr(compiler));
			fflush(stdout);
			continue;
		}
		for (size_t i = 0; i < npackets; i++)
			if (pcap_offline_filter(&prog, &packets[i].hdr, packets[i].data))
				matches++;
		printf("OK %u %zu ", prog.bf_len, matches);
		for (size_t i = 0; i <= npackets; i++) {
			int hit = i < npackets && pcap_offline_filter(&prog, &packets[i].hdr, packets[i].data);
			if (hit && (long)i == prev + 1) {
				prev = (long)i;
				continue;
			}
			if (run_start >= 0) {
				printf(first_run ? "" : ",");
				first_run = 0;
				if (prev == run_start)
					printf("%ld", run_start);
				else
					printf("%ld-%ld", run_start, prev);
				run_start = -1;
			}
			if (hit) {
				run_start = prev = (long)i;
			}
		}
		printf("\n");
		fflush(stdout);
		pcap_freecode(&prog);
	}
	return 0;
}
