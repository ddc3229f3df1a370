/* The classic BPF program on stdin: read (u32 count, then 8-byte sock_filter records, little-endian) and checked. */
#ifndef TRAWL_FILTER_H
#define TRAWL_FILTER_H

#include <linux/filter.h>

#define MAX_PROGRAM 4096u     /* BPF_MAXINSNS */

struct program {
	struct sock_filter insns[MAX_PROGRAM];
	unsigned len;
};

/* Reads the framed program from stdin, or exits EXIT_BAD_FILTER. */
void read_program(struct program *prog);

/* Checks the kernel's classic-BPF structural rules, or exits EXIT_BAD_FILTER. */
void validate_program(const struct program *prog);

#endif
