/*
 * res_query: asks glibc's resolver for NAME's A record (res_query(3)).
 * The resolver lives inside libc and makes its socket calls there (socket,
 * connect, sendmmsg, recvfrom), out of a preload shim's sight: on uipc they
 * must still be uipc's (DESIGN.md, "A net under the shim").
 *
 *	res_query NAME
 *
 * Prints the answer's length, or "no answer: h_errno N"; exits 0 either
 * way (the test looks at where the query went, not at an answer).
 */
#include <netdb.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	unsigned char ans[512];
	int n;

	if (argc != 2) {
		fprintf(stderr, "usage: res_query NAME\n");
		return 2;
	}
	n = res_query(argv[1], ns_c_in, ns_t_a, ans, sizeof(ans));
	if (n < 0)
		printf("no answer: h_errno %d\n", h_errno);
	else
		printf("answer of %d bytes\n", n);
	return 0;
}
