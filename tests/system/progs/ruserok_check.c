/*
 * ruserok_check: ruserok(3) and iruserok(3) against ~root/.rhosts as the
 * test wrote it (see ruserok_rhosts_by_uipc_names.t for the lines), each
 * answer the one glibc's rules give.
 *
 *	ruserok_check CLIENT CLIENT_ADDR RHOSTS
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <pwd.h>

#include "tap.h"

int
main(int argc, char **argv)
{
	const char *client, *rhosts;
	struct passwd *nobody;
	in_addr_t addr;

	t_start(30);
	if (argc != 4)
		bail("usage: ruserok_check CLIENT CLIENT_ADDR RHOSTS");
	client = argv[1];
	addr = inet_addr(argv[2]);
	rhosts = argv[3];
	check_eq(ruserok(client, 1, "alice", "root"), 0, "alice: a line naming the host (upper case) and her");
	check_eq(ruserok(client, 1, "carol", "root"), -1, "carol: her line names another address");
	check_eq(ruserok(client, 1, "dave", "root"), 0, "dave: his line names the host's address");
	check_eq(ruserok(client, 1, "frank", "root"), -1, "frank: a 'host -user' line refuses him");
	check_eq(ruserok(client, 1, "erin", "root"), 0, "erin: a '+' host line");
	check_eq(ruserok(client, 1, "root", "root"), 0, "root: a line with no user means the local user");
	check_eq(ruserok(client, 1, "bob", "root"), -1, "bob: the '-host' line refuses him");
	check_eq(ruserok(client, 1, "mallory", "root"), -1,
	    "mallory: the '-host' line ends the search before '+ mallory'");
	check_eq(ruserok("10.9.9.8", 1, "mallory", "root"), 0, "mallory from another host: '+ mallory'");
	check_eq(ruserok("10.9.9.8", 1, "alice", "root"), -1, "alice from another host: no");
	check_eq(ruserok(client, 0, "alice", "root"), 0, "not as super-user: hosts.equiv first, then .rhosts");
	check_eq(iruserok(addr, 1, "alice", "root"), 0, "iruserok by the host's address: alice");
	check_eq(iruserok(addr, 1, "bob", "root"), -1, "iruserok by the host's address: not bob");
	check_eq(ruserok(client, 1, "alice", "nosuchuser-x"), -1, "an unknown local user: no");

	SYS(chmod(rhosts, 0666));
	check_eq(ruserok(client, 1, "alice", "root"), -1, ".rhosts writable by others is not believed");
	SYS(chmod(rhosts, 0600));
	if ((nobody = getpwnam("nobody")) != NULL) {
		SYS(chown(rhosts, nobody->pw_uid, (gid_t)-1));
		check_eq(ruserok(client, 1, "alice", "root"), -1, ".rhosts owned by another user is not believed");
		SYS(chown(rhosts, 0, (gid_t)-1));
	}
	check_eq(ruserok(client, 1, "alice", "root"), 0, "believed again once put right");
	return t_end();
}
