/*
 * ping: send ICMP echo requests (RFC 792) to a host and report the replies,
 * as BSD's ping does, over a raw ICMP socket and the plain socket API, so
 * the same program runs on the Linux kernel and on uipc (`uipc run`).
 *
 *	ping [-c count] [-i interval] [-s size] [-W wait] host
 *
 * Each request carries its send time; replies are matched by identifier
 * (the process id) and sequence number.  At the end (count reached, or
 * SIGINT) it prints the statistics and exits 0 if any reply came, else 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXDATA	(65535 - 20 - 8)

static volatile sig_atomic_t stop;

static void
onintr(int sig)
{
	(void)sig;
	stop = 1;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The Internet checksum (RFC 1071). */
static uint16_t
cksum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t sum = 0;

	for (; n > 1; n -= 2, b += 2)
		sum += (uint32_t)(b[0] << 8 | b[1]);
	if (n == 1)
		sum += (uint32_t)(b[0] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static void
usage(void)
{
	fprintf(stderr, "usage: ping [-c count] [-i interval] [-s size] [-W wait] host\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in to, from;
	struct addrinfo hints, *ai;
	static uint8_t out[8 + MAXDATA], in[65536];
	long count = -1, sent = 0, received = 0;
	double interval = 1.0, wait = 2.0, next, t, rtt;
	double min = 0, max = 0, sum = 0;
	size_t size = 56;
	uint16_t id = (uint16_t)getpid();
	int s, ch, error;

	while ((ch = getopt(argc, argv, "c:i:s:W:")) != -1) {
		switch (ch) {
		case 'c': count = strtol(optarg, NULL, 10); break;
		case 'i': interval = strtod(optarg, NULL); break;
		case 's': size = (size_t)strtoul(optarg, NULL, 10); break;
		case 'W': wait = strtod(optarg, NULL); break;
		default: usage();
		}
	}
	if (optind != argc - 1 || size > MAXDATA || interval < 0.001)
		usage();
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	if ((error = getaddrinfo(argv[optind], NULL, &hints, &ai)) != 0) {
		fprintf(stderr, "ping: %s: %s\n", argv[optind], gai_strerror(error));
		return 2;
	}
	memcpy(&to, ai->ai_addr, sizeof(to));
	freeaddrinfo(ai);
	if ((s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) < 0) {
		perror("ping: socket");
		return 2;
	}
	signal(SIGINT, onintr);
	printf("PING %s (%s): %zu data bytes\n", argv[optind],
	    inet_ntoa(to.sin_addr), size);
	fflush(stdout);
	next = now_ms();
	for (;;) {
		struct pollfd pfd = { s, POLLIN, 0 };
		double deadline;

		if (stop)
			break;
		t = now_ms();
		if (t >= next && (count < 0 || sent < count)) {
			struct icmphdr *ic = (struct icmphdr *)out;

			memset(out, 0, 8 + size);
			ic->type = ICMP_ECHO;
			ic->un.echo.id = htons(id);
			ic->un.echo.sequence = htons((uint16_t)sent);
			if (size >= sizeof(double))
				memcpy(out + 8, &t, sizeof(double));
			ic->checksum = cksum(out, 8 + size);
			if (sendto(s, out, 8 + size, 0, (struct sockaddr *)&to,
			    sizeof(to)) < 0)
				perror("ping: sendto");
			sent++;
			next += interval * 1e3;
		}
		if (count >= 0 && sent >= count)
			deadline = (received >= count) ? t : next - interval * 1e3 + wait * 1e3;
		else
			deadline = next;
		if (count >= 0 && sent >= count && t >= deadline)
			break;
		if (poll(&pfd, 1, (int)(deadline - t) + 1) <= 0)
			continue;
		{
			socklen_t fl = sizeof(from);
			ssize_t n = recvfrom(s, in, sizeof(in), 0,
			    (struct sockaddr *)&from, &fl);
			struct iphdr *ip = (struct iphdr *)in;
			struct icmphdr *ic;
			size_t hl;
			double sentat;

			if (n < (ssize_t)sizeof(*ip))
				continue;
			hl = (size_t)ip->ihl * 4;
			if ((size_t)n < hl + 8)
				continue;
			ic = (struct icmphdr *)(in + hl);
			if (ic->type != ICMP_ECHOREPLY || ntohs(ic->un.echo.id) != id)
				continue;
			rtt = 0;
			if ((size_t)n >= hl + 8 + sizeof(double)) {
				memcpy(&sentat, in + hl + 8, sizeof(double));
				rtt = now_ms() - sentat;
			}
			if (received == 0 || rtt < min)
				min = rtt;
			if (rtt > max)
				max = rtt;
			sum += rtt;
			received++;
			printf("%zd bytes from %s: icmp_seq=%u ttl=%u time=%.3f ms\n",
			    n - (ssize_t)hl, inet_ntoa(from.sin_addr),
			    ntohs(ic->un.echo.sequence), ip->ttl, rtt);
			fflush(stdout);
		}
	}
	printf("\n--- %s ping statistics ---\n", argv[optind]);
	printf("%ld packets transmitted, %ld packets received, %.1f%% packet loss\n",
	    sent, received, sent ? 100.0 * (double)(sent - received) / (double)sent : 0.0);
	if (received > 0)
		printf("round-trip min/avg/max = %.3f/%.3f/%.3f ms\n", min,
		    sum / (double)received, max);
	close(s);
	return received > 0 ? 0 : 1;
}
