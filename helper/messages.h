/*
 * Exit codes and stderr messages. Every stderr line starts with a keyword (ready, stats, warning,
 * error); the codes and keywords are part of the contract in workers/capture-helper.ts.
 */
#ifndef TRAWL_MESSAGES_H
#define TRAWL_MESSAGES_H

#include <stdarg.h>

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

/* One stderr line: the keyword, a space, the formatted text; flushed at once. */
void vmessage(const char *keyword, const char *fmt, va_list ap);

/* An `error` line, then exit with code. */
__attribute__((format(printf, 2, 3), noreturn))
void die(enum exit_code code, const char *fmt, ...);

/* A `warning` line; the capture goes on. */
__attribute__((format(printf, 1, 2)))
void warn(const char *fmt, ...);

#endif
