/* The interface to capture from: its index, ARPHRD_* hardware type and the LINKTYPE_* it captures as. */
#ifndef TRAWL_IFACE_H
#define TRAWL_IFACE_H

#include <stdint.h>

#include "args.h"

struct iface {
	unsigned short arphrd;
	uint16_t link_type;
	int loopback;
};

/* Sets cfg->ifindex and fills ifc, or exits EXIT_NO_INTERFACE, EXIT_LINK_TYPE or EXIT_SETUP. */
void link_type_of(struct config *cfg, struct iface *ifc);

#endif
