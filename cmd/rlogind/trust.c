/*
 * Whom the server trusts without a password, by the rules of ruserok(3):
 * a line "host [user]" of the equivalence file (hosts.equiv) lets the
 * named client user (or, with none, the same user name) of host in as
 * any local user but root; a line of the user's own ~/.rhosts, which must
 * be the user's and writable by nobody else, lets that client in as that
 * user.  An equivalence file named with -e is the administrator's own
 * choice and applies to root too (so that a test run as root controls its
 * trust without touching /etc).  Only a client on a privileged port is
 * ever trusted (handshake.c).
 *
 * Otherwise the user gives a password, checked against the shadow file
 * with crypt(3) (no PAM).
 */
#include <sys/stat.h>
#include <crypt.h>
#include <pwd.h>
#include <shadow.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rlogind.h"

/* One "host [user]" line matches the client. */
static int
line_matches(char *line, const struct rlrequest *rq, const char *defuser)
{
	char *host, *user, *save;

	host = strtok_r(line, " \t\r\n", &save);
	if (host == NULL || host[0] == '#')
		return 0;
	user = strtok_r(NULL, " \t\r\n", &save);
	if (user == NULL)
		user = (char *)defuser;
	if (strcasecmp(host, rq->rq_host) != 0 && strcmp(host, rq->rq_addr) != 0 &&
	    strcmp(host, "+") != 0)
		return 0;
	return strcmp(user, rq->rq_remuser) == 0;
}

static int
file_trusts(const char *path, const struct rlrequest *rq, const char *defuser)
{
	char line[512];
	FILE *fp = fopen(path, "r");
	int ok = 0;

	if (fp == NULL)
		return 0;
	while (!ok && fgets(line, sizeof(line), fp) != NULL)
		ok = line_matches(line, rq, defuser);
	fclose(fp);
	return ok;
}

int
rl_trusted(const struct rlrequest *rq)
{
	struct passwd *pw;
	struct stat st;
	char path[4096];

	if (!rq->rq_reserved)
		return 0;
	pw = getpwnam(rq->rq_locuser);
	if (pw == NULL)
		return 0;
	if ((pw->pw_uid != 0 || rlopts.o_equiv_root) &&
	    file_trusts(rlopts.o_equiv, rq, rq->rq_locuser))
		return 1;
	snprintf(path, sizeof(path), "%s/.rhosts", pw->pw_dir);
	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (st.st_uid != pw->pw_uid && st.st_uid != 0) || (st.st_mode & 022))
		return 0;
	return file_trusts(path, rq, rq->rq_locuser);
}

int
rl_password_ok(const char *user, const char *password)
{
	struct spwd *sp = getspnam(user);
	const char *hash, *c;

	if (sp == NULL)
		return 0;
	hash = sp->sp_pwdp;
	/* "*", "!..." and an empty field never match: the account is closed. */
	if (hash == NULL || hash[0] == '\0' || hash[0] == '*' || hash[0] == '!')
		return 0;
	c = crypt(password, hash);
	return c != NULL && strcmp(c, hash) == 0;
}
