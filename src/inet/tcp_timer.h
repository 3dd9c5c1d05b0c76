#ifndef UIPC_INET_TCP_TIMER_H
#define UIPC_INET_TCP_TIMER_H
/*
 * TCP's timers, on the stack's timer queue (src/base/timer.h); each is a
 * struct timer inside the tcpcb, so arming one allocates nothing, and each
 * fires its own function in tcp_timer.c.  As 4.4BSD's tcp_timer.h tells
 * it, one paragraph each:
 *
 * REXMT, the retransmission timer (RFC 6298): armed while data or a SYN or
 * FIN is outstanding, with the current RTO; on expiry the RTO doubles
 * (backoff, up to TCP_RTO_MAX) and sending restarts at snd_una.  After
 * TCP_MAXRXTSHIFT expiries (TCP_SYNRETRIES for a SYN) the connection is
 * dropped with ETIMEDOUT, or with the soft error ICMP left (BSD).
 *
 * PERSIST, the zero-window probe (RFC 9293 §3.8.6.1; RFC 1122 §4.2.2.17):
 * armed when the peer's window is closed and data waits; on expiry one
 * byte is forced out, and the timer re-armed with backoff.  It never gives
 * up while the peer answers.
 *
 * KEEP: while connecting, the connection-establishment bound
 * (TCP_KEEPINIT); once established and with SO_KEEPALIVE, the idle time
 * (TCP_KEEPIDLE) before a probe, then the interval (TCP_KEEPINTVL) between
 * probes, TCP_KEEPCNT of them unanswered dropping the connection
 * (RFC 1122 §4.2.3.6).
 *
 * 2MSL: TIME_WAIT's 2 MSL (RFC 9293 §3.3.2), and the FIN_WAIT_2 bound of
 * a connection whose user has closed (as BSD and Linux bound it).
 *
 * DELACK: a delayed ACK (RFC 1122 §4.2.3.2; RFC 9293 §3.8.6.3): at most
 * TCP_DELACK_NS after the segment it acknowledges.
 *
 * LINGER: the bound on a closed socket's background delivery: so_linger
 * seconds with SO_LINGER, TCP_ORPHAN_NS without; on expiry the connection
 * is reset.
 */
#include "base/clock.h"

#define TCP_RTO_INIT		(1 * NS_PER_SEC)	/* RFC 6298 (2.1) */
#define TCP_RTO_MIN		(200 * NS_PER_MS)	/* as Linux; RFC 6298 (2.4) says 1 s */
#define TCP_RTO_MAX		(60 * NS_PER_SEC)	/* RFC 6298 (2.5) */
#define TCP_RTO_GRAN		(1 * NS_PER_MS)		/* G: our clock's tick */
#define TCP_MAXRXTSHIFT		12
#define TCP_SYNRETRIES		6
#define TCP_PERSMIN		(1 * NS_PER_SEC)
#define TCP_PERSMAX		(60 * NS_PER_SEC)
#define TCP_KEEPINIT		(75 * NS_PER_SEC)
#define TCP_KEEPIDLE_DEF	7200			/* seconds, Linux's defaults */
#define TCP_KEEPINTVL_DEF	75
#define TCP_KEEPCNT_DEF		9
#define TCP_MSL_DEF		(30 * NS_PER_SEC)	/* RFC 9293 says 2 minutes; Linux 30 s */
#define TCP_FINWAIT2_NS		(60 * NS_PER_SEC)
#define TCP_DELACK_NS		(100 * NS_PER_MS)	/* RFC 9293 §3.8.6.3: < 500 ms; BSD 200 */
/* tcp(7): "a 200 millisecond ceiling on the time for which output is corked" */
#define TCP_CORK_NS		(200 * NS_PER_MS)
#define TCP_ORPHAN_NS		(600 * NS_PER_SEC)

struct tcpcb;

void	tcp_timer_init(struct tcpcb *);
void	tcp_timers_cancel(struct tcpcb *);
void	tcp_rexmt_arm(struct tcpcb *);
void	tcp_setpersist(struct tcpcb *);
void	tcp_keep_arm(struct tcpcb *);
void	tcp_linger_arm(struct tcpcb *, uint64_t ns);

#endif
