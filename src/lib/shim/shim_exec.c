/*
 * exec keeps a program on uipc: the environment a program passes to the
 * next one gets back the settings the shim was loaded with (settings.c:
 * LD_PRELOAD, UIPC_SOCKET, UIPC_HOST, UIPC_ETC, any UIPC_*), where the
 * caller removed them.  inetd, sshd and su start their programs with an
 * environment of their own making; those stay on the same uipcd and host.
 * A setting the caller gives itself is left as it is: that is a choice.
 *
 * Every libc name that reaches execve is interposed, since glibc calls
 * its own execve, posix_spawn and clone internally, out of a preload's
 * reach: execve, execv, execvp, execvpe, execl, execlp, execle, fexecve,
 * execveat, posix_spawn, posix_spawnp, and system and popen (which spawn
 * with the process's environ: it is put right for the call).
 *
 * execve runs in vfork children too, where nothing may be allocated: the
 * new environment is built on the stack, and every libc function is
 * looked up when the shim loads.
 */
#include <dlfcn.h>
#include <errno.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/uipc_lib.h"

extern char **environ;

#define SHIM_NAME	"libuipc_preload.so"

typedef int (*execve_fn)(const char *, char *const[], char *const[]);
typedef int (*execvpe_fn)(const char *, char *const[], char *const[]);
typedef int (*fexecve_fn)(int, char *const[], char *const[]);
typedef int (*execveat_fn)(int, const char *, char *const[], char *const[], int);
typedef int (*spawn_fn)(pid_t *, const char *, const posix_spawn_file_actions_t *,
    const posix_spawnattr_t *, char *const[], char *const[]);
typedef int (*system_fn)(const char *);
typedef FILE *(*popen_fn)(const char *, const char *);

static execve_fn real_execve;
static execvpe_fn real_execvpe;
static fexecve_fn real_fexecve;
static execveat_fn real_execveat;
static spawn_fn real_spawn, real_spawnp;
static system_fn real_system;
static popen_fn real_popen;
static const char *shim_path;	/* as the loader found it */

__attribute__((constructor)) static void
exec_init(void)
{
	Dl_info info;

	/* The settings, before the program's main can change its environment. */
	uipc_settings_capture();
	real_execve = (execve_fn)dlsym(RTLD_NEXT, "execve");
	real_execvpe = (execvpe_fn)dlsym(RTLD_NEXT, "execvpe");
	real_fexecve = (fexecve_fn)dlsym(RTLD_NEXT, "fexecve");
	real_execveat = (execveat_fn)dlsym(RTLD_NEXT, "execveat");
	real_spawn = (spawn_fn)dlsym(RTLD_NEXT, "posix_spawn");
	real_spawnp = (spawn_fn)dlsym(RTLD_NEXT, "posix_spawnp");
	real_system = (system_fn)dlsym(RTLD_NEXT, "system");
	real_popen = (popen_fn)dlsym(RTLD_NEXT, "popen");
	if (dladdr((void *)exec_init, &info) != 0)
		shim_path = info.dli_fname;
}

/* The entry "NAME=..." of env, where name is "NAME=". */
static const char *
env_find(char *const env[], const char *name, size_t len)
{
	for (; env != NULL && *env != NULL; env++)
		if (strncmp(*env, name, len) == 0)
			return *env;
	return NULL;
}

/* Whether an LD_PRELOAD list (":" or " " between names) has the shim. */
static int
has_shim(const char *list)
{
	size_t n = strlen(SHIM_NAME);
	const char *p, *end;

	for (p = list; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ": ");
		if ((size_t)(end - p) >= n && strncmp(end - n, SHIM_NAME, n) == 0)
			return 1;
	}
	return 0;
}

/* The LD_PRELOAD entry the new program needs; NULL when env's will do. */
static size_t
preload_need(char *const env[], const char **theirs, const char **captured)
{
	const char *const *set;
	int i, n = uipc_settings(&set);

	*captured = NULL;
	for (i = 0; i < n; i++)
		if (strncmp(set[i], "LD_PRELOAD=", 11) == 0 && has_shim(set[i] + 11))
			*captured = set[i];
	*theirs = env_find(env, "LD_PRELOAD=", 11);
	if (*theirs != NULL && has_shim(*theirs + 11))
		return 0;
	if (*theirs == NULL && *captured != NULL)
		return 0;	/* the captured entry itself */
	if (shim_path == NULL)
		return 0;
	/* "LD_PRELOAD=" shim ":" theirs NUL */
	return 11 + strlen(shim_path) + 1 + (*theirs != NULL ? strlen(*theirs + 11) : 0) + 1;
}

/* How many entries env has, and how many settings it lacks. */
static void
env_count(char *const env[], size_t *have, size_t *lack)
{
	const char *const *set;
	const char *eq;
	int i, n = uipc_settings(&set);

	*have = 0;
	*lack = 0;
	for (; env != NULL && env[*have] != NULL; (*have)++)
		;
	for (i = 0; i < n; i++) {
		if (strncmp(set[i], "LD_PRELOAD=", 11) == 0)
			continue;
		eq = strchr(set[i], '=');
		if (eq != NULL && env_find(env, set[i], (size_t)(eq - set[i]) + 1) == NULL)
			(*lack)++;
	}
}

/*
 * Calls go(arg, env'), with env' the environment env with the settings
 * put back; env itself when it lacks none.
 */
static int
with_settings(char *const env[], int (*go)(void *, char *const[]), void *arg)
{
	const char *const *set;
	const char *theirs, *captured, *eq;
	size_t have, lack, plen, k = 0, i;
	int n;

	env_count(env, &have, &lack);
	plen = preload_need(env, &theirs, &captured);
	if (lack == 0 && plen == 0 && (theirs != NULL || captured == NULL))
		return go(arg, env);
	{
		char *out[have + lack + 2];
		char preload[plen > 0 ? plen : 1];

		for (i = 0; i < have; i++)
			if (plen == 0 || env[i] != theirs)
				out[k++] = env[i];
		if (plen > 0) {
			snprintf(preload, plen, "LD_PRELOAD=%s%s%s", shim_path,
			    theirs != NULL ? ":" : "", theirs != NULL ? theirs + 11 : "");
			out[k++] = preload;
		} else if (theirs == NULL && captured != NULL) {
			out[k++] = (char *)captured;
		}
		n = uipc_settings(&set);
		for (i = 0; i < (size_t)n; i++) {
			if (strncmp(set[i], "LD_PRELOAD=", 11) == 0)
				continue;
			eq = strchr(set[i], '=');
			if (eq != NULL && env_find(env, set[i], (size_t)(eq - set[i]) + 1) == NULL)
				out[k++] = (char *)set[i];
		}
		out[k] = NULL;
		return go(arg, out);
	}
}

struct exec_args {
	int fd, flags;
	const char *path;
	char *const *argv;
	pid_t *pid;
	const posix_spawn_file_actions_t *fa;
	const posix_spawnattr_t *attr;
	FILE *fp;
	const char *mode;
};

static int
go_execve(void *a, char *const env[])
{
	struct exec_args *x = a;

	return real_execve(x->path, x->argv, env);
}

static int
go_execvpe(void *a, char *const env[])
{
	struct exec_args *x = a;

	return real_execvpe(x->path, x->argv, env);
}

static int
go_fexecve(void *a, char *const env[])
{
	struct exec_args *x = a;

	return real_fexecve(x->fd, x->argv, env);
}

static int
go_execveat(void *a, char *const env[])
{
	struct exec_args *x = a;

	return real_execveat(x->fd, x->path, x->argv, env, x->flags);
}

static int
go_spawn(void *a, char *const env[])
{
	struct exec_args *x = a;

	return real_spawn(x->pid, x->path, x->fa, x->attr, x->argv, env);
}

static int
go_spawnp(void *a, char *const env[])
{
	struct exec_args *x = a;

	return real_spawnp(x->pid, x->path, x->fa, x->attr, x->argv, env);
}

/* system and popen spawn with environ: it is the new environment for the call. */
static int
go_system(void *a, char *const env[])
{
	struct exec_args *x = a;
	char **saved = environ;
	int r;

	environ = (char **)env;
	r = real_system(x->path);
	environ = saved;
	return r;
}

static int
go_popen(void *a, char *const env[])
{
	struct exec_args *x = a;
	char **saved = environ;
	int e;

	environ = (char **)env;
	x->fp = real_popen(x->path, x->mode);
	e = errno;
	environ = saved;
	errno = e;
	return 0;
}

static int
missing(void)
{
	errno = ENOSYS;
	return -1;
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
	struct exec_args x = { .path = path, .argv = argv };

	return real_execve != NULL ? with_settings(envp, go_execve, &x) : missing();
}

int
execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

int
execvpe(const char *file, char *const argv[], char *const envp[])
{
	struct exec_args x = { .path = file, .argv = argv };

	return real_execvpe != NULL ? with_settings(envp, go_execvpe, &x) : missing();
}

int
execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

int
fexecve(int fd, char *const argv[], char *const envp[])
{
	struct exec_args x = { .fd = fd, .argv = argv };

	return real_fexecve != NULL ? with_settings(envp, go_fexecve, &x) : missing();
}

int
execveat(int dirfd, const char *path, char *const argv[], char *const envp[], int flags)
{
	struct exec_args x = { .fd = dirfd, .path = path, .argv = argv, .flags = flags };

	return real_execveat != NULL ? with_settings(envp, go_execveat, &x) : missing();
}

/*
 * The execl family: how many arguments follow the first up to the NULL
 * (none when the first is NULL), then the list itself, on the stack.
 */
static size_t
count_args(const char *first, va_list ap)
{
	va_list c;
	size_t n = 0;

	if (first == NULL)
		return 0;
	va_copy(c, ap);
	while (va_arg(c, char *) != NULL)
		n++;
	va_end(c);
	return n;
}

/* Fills argv (room for n + 2) and consumes the list's NULL from ap. */
static void
list_args(const char *first, va_list *ap, size_t n, char **argv)
{
	size_t i;

	argv[0] = (char *)first;
	for (i = 1; i <= n; i++)
		argv[i] = va_arg(*ap, char *);
	argv[n + 1] = NULL;
	if (first != NULL)
		(void)va_arg(*ap, char *);	/* the NULL */
}

int
execl(const char *path, const char *arg, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, arg);
	n = count_args(arg, ap);
	{
		char *argv[n + 2];

		list_args(arg, &ap, n, argv);
		va_end(ap);
		return execve(path, argv, environ);
	}
}

int
execlp(const char *file, const char *arg, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, arg);
	n = count_args(arg, ap);
	{
		char *argv[n + 2];

		list_args(arg, &ap, n, argv);
		va_end(ap);
		return execvpe(file, argv, environ);
	}
}

int
execle(const char *path, const char *arg, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, arg);
	n = count_args(arg, ap);
	{
		char *argv[n + 2];
		char *const *envp;

		list_args(arg, &ap, n, argv);
		envp = va_arg(ap, char *const *);
		va_end(ap);
		return execve(path, argv, envp);
	}
}

int
posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
    const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	struct exec_args x = { .pid = pid, .path = path, .fa = fa, .attr = attr, .argv = argv };

	return real_spawn != NULL ? with_settings(envp, go_spawn, &x) : ENOSYS;
}

int
posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
    const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	struct exec_args x = { .pid = pid, .path = file, .fa = fa, .attr = attr, .argv = argv };

	return real_spawnp != NULL ? with_settings(envp, go_spawnp, &x) : ENOSYS;
}

int
system(const char *cmd)
{
	struct exec_args x = { .path = cmd };

	if (real_system == NULL)
		return missing();
	if (cmd == NULL)
		return real_system(NULL);	/* is there a shell: no exec */
	return with_settings(environ, go_system, &x);
}

FILE *
popen(const char *cmd, const char *mode)
{
	struct exec_args x = { .path = cmd, .mode = mode };

	if (real_popen == NULL) {
		errno = ENOSYS;
		return NULL;
	}
	with_settings(environ, go_popen, &x);
	return x.fp;
}
