/*
 * The process's uipc settings, captured once: by the preload shim when it
 * is loaded (shim_exec.c), elsewhere at first use (the uipc command sets
 * UIPC_HOST for -H before that):
 * UIPC_SOCKET (which uipcd), UIPC_HOST (which host), UIPC_ETC (its
 * database files), every other UIPC_* and LD_PRELOAD.  A program may clear
 * or rewrite its environment afterwards (nginx's workers do, so do inetd,
 * sshd and su for the programs they start); the process stays on the uipcd
 * and host it started with, and its children after fork with it.  The shim
 * puts the same settings back into the environment of a program it execs
 * (shim_exec.c), so the link survives exec too.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/uipc_lib.h"

extern char **environ;

#define MAXSET	32

static pthread_once_t captured = PTHREAD_ONCE_INIT;
static const char *entries[MAXSET];	/* "NAME=value", copied at load */
static int nentries;

static int
is_setting(const char *e)
{
	return strncmp(e, "UIPC_", 5) == 0 || strncmp(e, "LD_PRELOAD=", 11) == 0;
}

static void
capture(void)
{
	char **e;
	char *copy;

	for (e = environ; e != NULL && *e != NULL && nentries < MAXSET; e++)
		if (is_setting(*e) && (copy = strdup(*e)) != NULL)
			entries[nentries++] = copy;
}

/*
 * The shim calls this as it loads, before the program's main can touch
 * its environment; the accessors call it too, for a library that is not
 * the shim and for a call from another library's constructor that runs
 * before the shim's.  Once, and whole before any thread reads it: `uipc
 * run`'s supervisor serves a program's calls on many threads, and one
 * that found the capture begun but not finished took the default socket
 * path, and with it "uipcd is gone" for the whole process (a Go server
 * under `uipc run` lost uipcd that way, one run in ten).
 */
void
uipc_settings_capture(void)
{
	(void)pthread_once(&captured, capture);
}

/* The captured value of NAME, or NULL when it was not set (or empty). */
static const char *
setting(const char *name)
{
	size_t n = strlen(name);
	int i;

	uipc_settings_capture();
	for (i = 0; i < nentries; i++)
		if (strncmp(entries[i], name, n) == 0 && entries[i][n] == '=')
			return entries[i][n + 1] != '\0' ? entries[i] + n + 1 : NULL;
	return NULL;
}

const char *
uipc_setting_socket(void)
{
	const char *p = setting("UIPC_SOCKET");

	return p != NULL ? p : UIPC_DEFAULT_SOCKET;
}

/* Whether UIPC_SOCKET was given, rather than the default path assumed. */
int
uipc_setting_socket_given(void)
{
	return setting("UIPC_SOCKET") != NULL;
}

const char *
uipc_setting_host(void)
{
	return setting("UIPC_HOST");
}

const char *
uipc_setting_etc(void)
{
	return setting("UIPC_ETC");
}

int
uipc_setting_eager(void)
{
	return setting("UIPC_EAGER") != NULL;
}

/* The captured "NAME=value" strings, for an exec's environment. */
int
uipc_settings(const char *const **list)
{
	uipc_settings_capture();
	*list = entries;
	return nentries;
}
