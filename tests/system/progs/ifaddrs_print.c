/*
 * ifaddrs_print: getifaddrs(3)'s Internet entries, one "ifaddr NAME ADDRESS
 * NETMASK" line each, for a test to compare with what the configuration
 * gives each address (an alias's own netmask, not its interface's first).
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>

static const char *
sin_text(const struct sockaddr *sa, char *buf)
{
	if (sa == NULL || sa->sa_family != AF_INET)
		return "-";
	return inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
	    buf, INET_ADDRSTRLEN);
}

int
main(void)
{
	struct ifaddrs *all, *i;
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];

	if (getifaddrs(&all) < 0) {
		perror("getifaddrs");
		return 1;
	}
	for (i = all; i != NULL; i = i->ifa_next)
		if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET)
			printf("ifaddr %s %s %s\n", i->ifa_name,
			    sin_text(i->ifa_addr, a), sin_text(i->ifa_netmask, m));
	freeifaddrs(all);
	return 0;
}
