/* The classic BPF program on stdin: read (u32 count, then 8-byte sock_filter records, little-endian) and checked. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "filter.h"
#include "messages.h"

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

void read_program(struct program *prog)
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
void validate_program(const struct program *prog)
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
