/* Dropping every capability, and setting no_new_privs, once the socket is set up. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "messages.h"
#include "privileges.h"

void drop_privileges(void)
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
