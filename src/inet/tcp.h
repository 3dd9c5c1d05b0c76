#ifndef UIPC_INET_TCP_H
#define UIPC_INET_TCP_H
/*
 * The TCP header (RFC 793 §3.1) and its options as a validated host-order
 * structure (struct tcp_seg), with its parser and emitter.  Options:
 * MSS (RFC 793; RFC 1122 §4.2.2.6), window scale and timestamps (RFC
 * 7323 §2, §3), SACK-permitted and SACK blocks (RFC 2018).  The state
 * machine above never reads a byte of the header.
 */
#include <stddef.h>
#include <stdint.h>

#define TCP_MINHLEN	20
#define TCP_MAXHLEN	60
#define TCP_MAXOLEN	(TCP_MAXHLEN - TCP_MINHLEN)

#define TH_FIN		0x01
#define TH_SYN		0x02
#define TH_RST		0x04
#define TH_PUSH		0x08
#define TH_ACK		0x10
#define TH_URG		0x20
#define TH_ECE		0x40
#define TH_CWR		0x80

#define TCPOPT_EOL		0
#define TCPOPT_NOP		1
#define TCPOPT_MAXSEG		2
#define TCPOPT_WINDOW		3
#define TCPOPT_SACK_PERMITTED	4
#define TCPOPT_SACK		5
#define TCPOPT_TIMESTAMP	8

#define TCP_MAX_WINSHIFT	14	/* RFC 7323 §2.3 */
#define TCP_MAX_SACK		4

/* to_flags: which options are present */
#define TOF_MSS		0x01
#define TOF_SCALE	0x02
#define TOF_SACKPERM	0x04
#define TOF_SACK	0x08
#define TOF_TS		0x10

struct tcp_sackblk {
	uint32_t start, end;
};

struct tcp_seg {
	uint16_t th_sport;
	uint16_t th_dport;
	uint32_t th_seq;
	uint32_t th_ack;
	uint8_t th_off;			/* header length, bytes */
	uint8_t th_flags;
	uint16_t th_win;
	uint16_t th_sum;
	uint16_t th_urp;
	unsigned to_flags;
	uint16_t to_mss;
	uint8_t to_wscale;		/* clamped to TCP_MAX_WINSHIFT */
	uint8_t to_nsacks;
	struct tcp_sackblk to_sacks[TCP_MAX_SACK];
	uint32_t to_tsval, to_tsecr;
	const uint8_t *th_data;		/* payload, into the parsed bytes */
	size_t th_datalen;
};

enum tcp_perr {
	TCPE_OK = 0,
	TCPE_TOOSHORT,		/* fewer than 20 bytes */
	TCPE_BADOFF,		/* data offset < 5 words or beyond the data */
	TCPE_BADSUM,
	TCPE_BADOPT,		/* an option's length runs off the header */
};

enum tcp_perr tcp_parse(const uint8_t *, size_t, uint32_t src, uint32_t dst,
	    struct tcp_seg *);
size_t	tcp_hdrlen(const struct tcp_seg *);
void	tcp_emit(const struct tcp_seg *, uint8_t *, uint32_t src,
	    uint32_t dst);

#endif
