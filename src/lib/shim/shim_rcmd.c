/*
 * rcmd(3), rresvport(3), rexec(3) and ruserok(3) with their _af forms,
 * iruserok(3) and bindresvport(3), over uipc (rcmd.c, rexec.c,
 * bindresvport.c, netdb/ruserok.c).  glibc's own call
 * socket, bind and connect inside libc, where the shim cannot see them,
 * and resolve names with glibc's resolver: on uipc they would reach the
 * machine's network.  These are always uipc's under the shim.
 */
#include <netdb.h>
#include <stdint.h>
#include <netinet/in.h>

#include "lib/uipc_lib.h"
#include "uipc/netdb.h"

int
rresvport_af(int *alport, sa_family_t af)
{
	return uipc_rresvport_af(alport, af);
}

int
rresvport(int *alport)
{
	return uipc_rresvport(alport);
}

int
rcmd_af(char **ahost, unsigned short rport, const char *locuser,
    const char *remuser, const char *cmd, int *fd2p, sa_family_t af)
{
	return uipc_rcmd_af(ahost, rport, locuser, remuser, cmd, fd2p, af);
}

int
rcmd(char **ahost, unsigned short rport, const char *locuser,
    const char *remuser, const char *cmd, int *fd2p)
{
	return uipc_rcmd(ahost, rport, locuser, remuser, cmd, fd2p);
}

int
ruserok_af(const char *rhost, int superuser, const char *ruser,
    const char *luser, sa_family_t af)
{
	return uipc_ruserok_af(rhost, superuser, ruser, luser, af);
}

int
ruserok(const char *rhost, int superuser, const char *ruser, const char *luser)
{
	return uipc_ruserok(rhost, superuser, ruser, luser);
}

int
iruserok_af(const void *raddr, int superuser, const char *ruser,
    const char *luser, sa_family_t af)
{
	return uipc_iruserok_af(raddr, superuser, ruser, luser, af);
}

int
iruserok(uint32_t raddr, int superuser, const char *ruser, const char *luser)
{
	return uipc_iruserok(raddr, superuser, ruser, luser);
}

int
rexec_af(char **ahost, int rport, const char *name, const char *pass,
    const char *cmd, int *fd2p, sa_family_t af)
{
	return uipc_rexec_af(ahost, rport, name, pass, cmd, fd2p, af);
}

int
rexec(char **ahost, int rport, const char *name, const char *pass,
    const char *cmd, int *fd2p)
{
	return uipc_rexec(ahost, rport, name, pass, cmd, fd2p);
}

int
bindresvport(int sd, struct sockaddr_in *sin)
{
	return uipc_bindresvport(sd, sin);
}
