#ifndef UIPC_INET_TCP_FSM_H
#define UIPC_INET_TCP_FSM_H
/*
 * The connection states of RFC 9293 §3.3.2 (Figure 5), numbered as 4.4BSD
 * numbers them so that "synchronized" and "user has closed" are ranges.
 */
#define TCPS_CLOSED		0
#define TCPS_LISTEN		1
#define TCPS_SYN_SENT		2
#define TCPS_SYN_RECEIVED	3
#define TCPS_ESTABLISHED	4
#define TCPS_CLOSE_WAIT		5
#define TCPS_FIN_WAIT_1		6	/* user closed, FIN sent */
#define TCPS_CLOSING		7
#define TCPS_LAST_ACK		8
#define TCPS_FIN_WAIT_2		9
#define TCPS_TIME_WAIT		10
#define TCP_NSTATES		11

/* A SYN has been received (RFC 9293's "synchronized" states and SYN-RCVD). */
#define TCPS_HAVERCVDSYN(s)	((s) >= TCPS_SYN_RECEIVED)
#define TCPS_HAVEESTABLISHED(s)	((s) >= TCPS_ESTABLISHED)
/* No more data will come from the peer: its FIN is in. */
#define TCPS_HAVERCVDFIN(s)	((s) == TCPS_CLOSE_WAIT || (s) == TCPS_CLOSING || \
				 (s) == TCPS_LAST_ACK || (s) == TCPS_TIME_WAIT)
/* The user closed or shut down for writing: a FIN goes after the data. */
#define TCPS_SENDFIN(s)		((s) == TCPS_FIN_WAIT_1 || (s) == TCPS_CLOSING || \
				 (s) == TCPS_LAST_ACK)

extern const char *const tcpstates[TCP_NSTATES];

#endif
