#ifndef UIPC_BASE_PROC_STATUS_H
#define UIPC_BASE_PROC_STATUS_H
/*
 * A process's /proc/PID/status (proc(5)), read whole and its fields found
 * by name: uipcd's check of a supervisor's claim (src/sys/ctl_actfor.c)
 * and the supervisor's view of the program it serves
 * (cmd/uipc/supervise_cred.c).  Inline, since the two link no common
 * object.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROC_STATUS_MAX	4096	/* the fields asked for are in its first lines */

/* Reads /proc/PID/status into BUF (NUL-terminated): 0, or -1. */
static inline int
proc_status_read(long pid, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/*
 * The N numbers after "NAME:" at the start of a line of TEXT, in BASE
 * (10, or 16 for the capability sets): 0, or -1 when the line or a
 * number is missing.
 */
static inline int
proc_status_field(const char *text, const char *name, unsigned long long *v, int n, int base)
{
	const char *at = text;
	size_t nl = strlen(name);
	char *end;
	int i;

	for (;;) {
		if (strncmp(at, name, nl) == 0 && at[nl] == ':')
			break;
		if ((at = strchr(at, '\n')) == NULL)
			return -1;
		at++;
	}
	at += nl + 1;
	for (i = 0; i < n; i++) {
		v[i] = strtoull(at, &end, base);
		if (end == at)
			return -1;
		at = end;
	}
	return 0;
}

#endif
