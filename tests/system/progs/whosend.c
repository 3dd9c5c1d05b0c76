/*
 * whosend: sends one crafted rwho status packet (struct whod, network
 * byte order) to ADDR port 513, from port SPORT, for the malformed-packet
 * checks of tests/system/rwho_malformed_packets.t.  A plain BSD-socket
 * program: it runs on uipc and on the Linux kernel alike.
 *
 *	whosend ADDR SPORT CASE [NAME]
 *
 * CASE: good (NAME, two users), short (59 bytes), vers (version 2), type
 * (type 2), nonul (32 name bytes, no NUL), high (a byte 0x80 in the name),
 * blank (a space in it), empty (no name), slash (NAME with a '/').
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <protocols/rwhod.h>

#include "tap.h"

#define WHDRSIZE	((int)(sizeof(struct whod) - sizeof(((struct whod *)0)->wd_we)))

int
main(int argc, char **argv)
{
	struct sockaddr_in to, from;
	struct whod wd;
	const char *c, *name;
	int s, len = WHDRSIZE, one = 1;

	if (argc < 4)
		bail("usage: whosend ADDR SPORT CASE [NAME]");
	c = argv[3];
	name = argc > 4 ? argv[4] : "crafted";
	memset(&wd, 0, sizeof(wd));
	wd.wd_vers = WHODVERSION;
	wd.wd_type = WHODTYPE_STATUS;
	wd.wd_sendtime = (int)htonl((uint32_t)time(NULL));
	wd.wd_boottime = (int)htonl((uint32_t)time(NULL) - 3600);
	wd.wd_loadav[0] = (int)htonl(123);
	snprintf(wd.wd_hostname, sizeof(wd.wd_hostname), "%s", name);
	if (strcmp(c, "good") == 0) {
		memcpy(wd.wd_we[0].we_utmp.out_line, "ttyp0", 5);
		memcpy(wd.wd_we[0].we_utmp.out_name, "alice", 5);
		memcpy(wd.wd_we[1].we_utmp.out_line, "console", 7);
		memcpy(wd.wd_we[1].we_utmp.out_name, "bob", 3);
		wd.wd_we[1].we_idle = (int)htonl(7200);
		len += 2 * (int)sizeof(struct whoent);
	} else if (strcmp(c, "short") == 0) {
		len = WHDRSIZE - 1;
	} else if (strcmp(c, "vers") == 0) {
		wd.wd_vers = 2;
	} else if (strcmp(c, "type") == 0) {
		wd.wd_type = 2;
	} else if (strcmp(c, "nonul") == 0) {
		memset(wd.wd_hostname, 'n', sizeof(wd.wd_hostname));
	} else if (strcmp(c, "high") == 0) {
		wd.wd_hostname[2] = (char)0x80;
	} else if (strcmp(c, "blank") == 0) {
		wd.wd_hostname[2] = ' ';
	} else if (strcmp(c, "empty") == 0) {
		memset(wd.wd_hostname, 0, sizeof(wd.wd_hostname));
	} else if (strcmp(c, "slash") == 0) {
		snprintf(wd.wd_hostname, sizeof(wd.wd_hostname), "../%s", name);
	} else {
		bail("unknown case %s", c);
	}
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons(513);
	if (inet_aton(argv[1], &to.sin_addr) == 0)
		bail("bad address %s", argv[1]);
	memset(&from, 0, sizeof(from));
	from.sin_family = AF_INET;
	from.sin_port = htons((unsigned short)atoi(argv[2]));
	s = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	/* rwhod holds port 513 too: share it to send from there. */
	SYS(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	SYS(bind(s, (struct sockaddr *)&from, sizeof(from)));
	check(sendto(s, &wd, (size_t)len, 0, (struct sockaddr *)&to, sizeof(to)) == len,
	    "sent the %s packet (%d bytes) from port %s", c, len, argv[2]);
	close(s);
	return t_failed ? 1 : 0;
}
