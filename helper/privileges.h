/*
 * Dropping privileges right after the socket is set up and before the first packet: every capability
 * from every set (bounding where allowed, ambient, capset to zero; a set-user-ID install returns to the
 * real uid/gid), then no_new_privs, then a check that nothing is still held.
 */
#ifndef TRAWL_PRIVILEGES_H
#define TRAWL_PRIVILEGES_H

/* Exits EXIT_SETUP if any step fails or a capability is still held. */
void drop_privileges(void);

#endif
