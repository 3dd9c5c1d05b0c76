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
#include <stdlib.h>
#include <string.h>

#include "lib/uipc_lib.h"

extern char **environ;

#define MAXSET	32

static int captured;
static const char *entries[MAXSET];	/* "NAME=value", copied at load */
static int nentries;

static int
is_setting(const char *e)
{
	return strncmp(e, "UIPC_", 5) == 0 || strncmp(e, "LD_PRELOAD=", 11) == 0;
}

/*
 * The shim calls this as it loads, before the program's main can touch
 * its environment; the accessors call it too, for a library that is not
 * the shim and for a call from another library's constructor that runs
 * before the shim's.
 */
void
uipc_settings_capture(void)
{
	char **e;
	char *copy;

	if (captured)
		return;
	captured = 1;
	for (e = environ; e != NULL && *e != NULL && nentries < MAXSET; e++)
		if (is_setting(*e) && (copy = strdup(*e)) != NULL)
			entries[nentries++] = copy;
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
