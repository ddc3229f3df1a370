/* The interface to capture from: its index, ARPHRD_* hardware type and the LINKTYPE_* it captures as. */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>      /* before the linux/ headers, which it conflicts with otherwise */
#include <net/if_arp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iface.h"
#include "messages.h"

void link_type_of(struct config *cfg, struct iface *ifc)
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
