/*
 * getaddrinfo_a(3) and its companions over uipc's getaddrinfo.  glibc's
 * runs each lookup on a thread of its own inside libc, past the shim, with
 * glibc's resolver.  uipc's lookups read files only and finish at once, so
 * each request is answered before the call returns: GAI_WAIT and
 * GAI_NOWAIT differ only in that the latter then notifies as sevp asks
 * (a signal, or a thread that runs the function), once for the list, as
 * glibc does.  gai_error reads the answer kept in the request; gai_cancel
 * and gai_suspend find every request done (EAI_ALLDONE, as glibc says
 * when none is still running).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "netdb_int.h"

struct notify {
	void (*n_fn)(union sigval);
	union sigval n_val;
};

static void *
notify_thread(void *arg)
{
	struct notify n = *(struct notify *)arg;

	free(arg);
	n.n_fn(n.n_val);
	return NULL;
}

static int
notify(const struct sigevent *sev)
{
	pthread_attr_t attr, *ap = NULL;
	struct notify *n;
	pthread_t t;

	if (sev == NULL || sev->sigev_notify == SIGEV_NONE)
		return 0;
	if (sev->sigev_notify == SIGEV_SIGNAL)
		return sigqueue(getpid(), sev->sigev_signo, sev->sigev_value);
	if (sev->sigev_notify != SIGEV_THREAD)
		return 0;
	if ((n = malloc(sizeof(*n))) == NULL)
		return -1;
	n->n_fn = sev->sigev_notify_function;
	n->n_val = sev->sigev_value;
	if (sev->sigev_notify_attributes != NULL)
		ap = sev->sigev_notify_attributes;
	else if (pthread_attr_init(&attr) == 0) {
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		ap = &attr;
	}
	if (pthread_create(&t, ap, notify_thread, n) != 0) {
		free(n);
		return -1;
	}
	if (ap == &attr)
		pthread_attr_destroy(&attr);
	return 0;
}

int
uipc_getaddrinfo_a(int mode, struct gaicb *list[], int nitems,
    struct sigevent *sevp)
{
	int i;

	if (mode != GAI_WAIT && mode != GAI_NOWAIT) {
		errno = EINVAL;
		return EAI_SYSTEM;
	}
	for (i = 0; i < nitems; i++) {
		if (list[i] == NULL)
			continue;
		list[i]->ar_result = NULL;
		list[i]->__return = uipc_getaddrinfo(list[i]->ar_name,
		    list[i]->ar_service, list[i]->ar_request,
		    &list[i]->ar_result);
	}
	if (mode == GAI_NOWAIT && notify(sevp) < 0)
		return EAI_SYSTEM;
	return 0;
}

int
uipc_gai_error(struct gaicb *req)
{
	return req->__return;
}

int
uipc_gai_cancel(struct gaicb *req)
{
	(void)req;
	return EAI_ALLDONE;
}

int
uipc_gai_suspend(const struct gaicb *const list[], int nitems,
    const struct timespec *timeout)
{
	(void)list;
	(void)nitems;
	(void)timeout;
	return EAI_ALLDONE;
}
