#ifndef UIPC_INET_TCP_VAR_H
#define UIPC_INET_TCP_VAR_H
/*
 * TCP's state: the connection block (struct tcpcb, in RFC 9293's own
 * variable names: snd_una, snd_nxt, rcv_nxt ...), the per-host part (its
 * connections, counters, ISS key and tunables), and the functions the TCP
 * files share.  Heads up (smoltcp's phrase): read RFC 9293 §3.3-3.10,
 * RFC 1122 §4.2, RFC 5681, 6298, 6675, 7323 and 5961 before editing.
 *
 * Byte bookkeeping.  The send buffer so_snd holds every byte from snd_una
 * on: the first byte of so_snd is sequence snd_una once our SYN is
 * acknowledged (data never rides on a SYN), and a FIN, once the user has
 * closed, is the sequence number after the last byte of so_snd.  The
 * receive buffer so_rcv holds in-order data not yet read; out-of-order
 * data waits in the reassembly queue (tcp_reass.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "base/batch.h"
#include "base/timer.h"
#include "inet/in_pcb.h"
#include "inet/tcp.h"
#include "inet/tcp_cc.h"
#include "inet/tcp_fsm.h"
#include "inet/tcp_seq.h"
#include "inet/tcp_timer.h"

struct host;
struct socket;
struct pkt;
struct ip_info;
struct ip_ctl;

#define TCP_MAXWIN	65535
#define TCP_DEFMSS	536		/* RFC 9293 §3.7.1: without an MSS option */
#define TCP_SACK_MAXBLK	32		/* scoreboard entries kept */

/* An out-of-order segment's data (tcp_reass.c). */
struct tcp_qent {
	struct tcp_qent *q_next;	/* in sequence order */
	uint32_t q_seq;
	uint32_t q_len;
	int q_fin;			/* a FIN follows the data */
	uint8_t q_data[];
};

/* t_flags */
#define TF_ACKNOW	0x00001		/* send an ACK at once */
#define TF_DELACK	0x00002		/* an ACK is delayed */
#define TF_NODELAY	0x00004		/* TCP_NODELAY: no Nagle */
#define TF_NOOPT	0x00008		/* send no options (scripted tests) */
#define TF_SENTFIN	0x00010		/* our FIN has been sent once */
#define TF_REQ_SCALE	0x00020		/* we offer window scaling */
#define TF_RCVD_SCALE	0x00040		/* the peer did too */
#define TF_REQ_TSTMP	0x00080
#define TF_RCVD_TSTMP	0x00100
#define TF_SACK_PERMIT	0x00200		/* both offered SACK */
#define TF_REQ_SACK	0x00400
#define TF_NEEDFIN	0x00800		/* close in SYN-RECEIVED: FIN after */
#define TF_FASTRECOVERY	0x01000		/* in fast recovery */
#define TF_PASSIVE	0x02000		/* came from a listener */
#define TF_FORCE	0x04000		/* persist probe or urgent: send now */
#define TF_CHALLENGE	0x08000		/* reply is a challenge ACK (count it) */
#define TF_RCVD_MSS	0x10000
#define TF_HAVEURG	0x20000		/* an urgent byte is still to come in */
#define TF_COOKIESENT	0x40000		/* listener: has answered with a SYN cookie */
#define TF_CORK		0x80000		/* TCP_CORK: hold partial segments (Linux tcp(7)) */
#define TF_PINGPONG	0x100000	/* interactive: delay ACKs to ride on replies (tcp_quickack.c) */
#define TF_ACKSTARTED	0x200000	/* data has arrived once: the quick-ACK budget was given */
#define TF_DEFERRED	0x400000	/* TCP_DEFER_ACCEPT: waits for data before accept */

struct tcp_conninfo {		/* per-connection counters, for TCP_INFO */
	uint64_t ci_segs_out, ci_segs_in;
	uint64_t ci_bytes_acked, ci_bytes_received;
	uint64_t ci_rexmits, ci_total_rexmits;
	uint64_t ci_dupacks, ci_fastrexmits;
	uint64_t ci_last_rcv, ci_last_snd;	/* times, ns */
};

struct tcpcb {
	struct tcpcb *t_next;		/* the host's connections */
	struct tcpcb **t_prevp;
	struct socket *t_socket;
	struct host *t_host;
	struct tcp_host *t_th;

	struct inpcb *t_inpcb;		/* addresses and ports (in_pcb.h) */

	int t_state;
	uint32_t t_flags;

	struct timer t_rexmt, t_persist, t_keep, t_2msl, t_delack, t_linger;
	struct timer t_cork;		/* TCP_CORK's ceiling on holding data */
	struct batch_item t_ackbatch;	/* an ACK owed at the input batch's end */
	int t_rxtshift;			/* retransmissions of the oldest data */
	int t_persistshift;
	int t_keepprobes;		/* unanswered keepalive probes */
	uint64_t t_rto;			/* ns, before backoff */
	int64_t t_srtt, t_rttvar;	/* ns; t_srtt 0: no sample yet */
	uint64_t t_rtttime;		/* Karn: when t_rtseq went out; 0 idle */
	uint32_t t_rtseq;
	int t_softerror;		/* ICMP error kept until we give up */

	/* Send sequence space (RFC 9293 §3.3.1). */
	uint32_t snd_una, snd_nxt, snd_max, snd_up;
	uint32_t snd_wl1, snd_wl2, iss;
	uint32_t snd_wnd, max_sndwnd;
	uint32_t snd_cwnd, snd_ssthresh;
	uint32_t snd_recover;		/* RFC 6582 "recover" */
	int t_dupacks;
	uint32_t t_bytes_acked;		/* RFC 5681 byte counting in CA */

	/* Receive sequence space. */
	uint32_t rcv_nxt, rcv_wnd, rcv_adv, rcv_up, irs;	/* rcv_wnd: as last advertised */
	uint32_t last_ack_sent;

	/* Options (RFC 7323, RFC 2018). */
	uint8_t snd_scale, rcv_scale;	/* shifts in use */
	uint8_t request_r_scale;	/* what we offer */
	uint16_t t_maxseg;		/* MSS we send with */
	uint16_t t_ourmss;		/* MSS we offered */
	uint32_t ts_recent;
	uint64_t ts_recent_age;		/* ns */
	uint32_t ts_offset;		/* per-connection TSval offset */

	/* SACK: the receiver's recent blocks, and the sender's scoreboard. */
	struct tcp_sackblk rcv_sacks[TCP_MAX_SACK];
	int rcv_numsacks;
	struct tcp_sackblk snd_sacked[TCP_SACK_MAXBLK];
	int snd_numsacked;
	uint32_t snd_fack;		/* highest SACKed sequence */
	uint32_t snd_rxthigh;		/* RFC 6675 HighRxt */

	struct tcp_qent *t_reass;	/* out-of-order queue */
	uint32_t t_reass_bytes;

	const struct tcp_cc_algo *t_cc;
	struct tcp_cubic t_cubic;

	/* Keepalive tunables, seconds (TCP_KEEPIDLE ...). */
	int t_keepidle, t_keepintvl, t_keepcnt;
	uint16_t t_usermss;		/* TCP_MAXSEG, 0: none */
	int t_quickacks;		/* ACKs still to send at once (tcp_quickack.c) */
	uint64_t t_lastdata;		/* last in-order data received, ns */
	uint64_t t_usertimeout;		/* TCP_USER_TIMEOUT, ns; 0: none (RFC 5482) */
	uint64_t t_unackedsince;	/* data outstanding since, ns; 0: none */
	uint64_t t_persiststart;	/* the peer's window closed at, ns (persist) */
	uint8_t t_deferaccept;		/* listener: TCP_DEFER_ACCEPT, in SYN,ACK resends */
	uint64_t t_deferns;		/* born of such a listener: the longest wait */
	uint64_t t_rcvtime;		/* last segment received, ns */
	uint64_t t_cookietime;		/* listener: last SYN cookie sent, ns */

	/* Buffer autotuning (tcp_autotune.c). */
	uint64_t t_rrtt;		/* receiver's round-trip estimate, ns; 0: none */
	uint64_t t_rrtt_start;		/* its measure began, ns; 0: not yet */
	uint32_t t_rrtt_seq;		/* ... and ends when rcv_nxt reaches this */
	uint32_t t_rqspace;		/* bytes the reader took in the last round trip measured */
	uint64_t t_rqoff;		/* so_rcv's stream offset when it began */
	uint64_t t_rqtime;		/* ... and the time, ns; 0: not yet */

	struct tcp_conninfo t_info;
};

#define intotcpcb(inp)	((struct tcpcb *)(inp)->inp_ppcb)
#define sototcpcb(so)	((so)->so_pcb != NULL ? \
	intotcpcb((struct inpcb *)(so)->so_pcb) : (struct tcpcb *)NULL)

struct tcpstat {
	uint64_t tcps_connattempt;	/* connect() calls */
	uint64_t tcps_accepts;		/* passive connections made */
	uint64_t tcps_connects;		/* connections established */
	uint64_t tcps_drops;		/* established connections dropped */
	uint64_t tcps_conndrops;	/* embryonic connections dropped */
	uint64_t tcps_closed;		/* tcpcbs freed */
	uint64_t tcps_timeoutdrop;	/* dropped by retransmission timeout */
	uint64_t tcps_keepdrops;	/* dropped by keepalive */
	uint64_t tcps_keepprobe;
	uint64_t tcps_persisttimeo;
	uint64_t tcps_rexmttimeo;
	uint64_t tcps_sndtotal;		/* segments sent */
	uint64_t tcps_sndpack, tcps_sndbyte;	/* data segments and bytes */
	uint64_t tcps_sndrexmitpack, tcps_sndrexmitbyte;
	uint64_t tcps_sndacks, tcps_sndprobe, tcps_sndurg, tcps_sndwinup;
	uint64_t tcps_sndctrl;		/* SYN, FIN, RST */
	uint64_t tcps_sndrst;
	uint64_t tcps_rcvtotal;
	uint64_t tcps_rcvbadsum, tcps_rcvbadoff, tcps_rcvshort, tcps_rcvbadopt;
	uint64_t tcps_rcvpack, tcps_rcvbyte;
	uint64_t tcps_rcvduppack, tcps_rcvdupbyte;
	uint64_t tcps_rcvpartduppack;
	uint64_t tcps_rcvoopack, tcps_rcvoobyte;
	uint64_t tcps_rcvpackafterwin, tcps_rcvwinprobe;
	uint64_t tcps_rcvdupack, tcps_rcvacktoomuch, tcps_rcvackpack;
	uint64_t tcps_rcvackbyte, tcps_rcvwinupd;
	uint64_t tcps_pawsdrop;
	uint64_t tcps_rcvafterclose;
	uint64_t tcps_noport;		/* no connection: RST sent */
	uint64_t tcps_listendrop;	/* listen queue full: SYN ignored */
	uint64_t tcps_sc_sendcookie;	/* SYN,ACK with a SYN cookie sent */
	uint64_t tcps_sc_recvcookie;	/* ACK with a good cookie: connection made */
	uint64_t tcps_sc_badcookie;	/* ACK to a listener, cookie refused */
	uint64_t tcps_badsyn;
	uint64_t tcps_rcvrst;
	uint64_t tcps_badrst;		/* RSTs ignored: not at RCV.NXT (RFC 5961 §3.2) */
	uint64_t tcps_challengeack;	/* RFC 5961 */
	uint64_t tcps_challengelimit;	/* not sent: rate limit */
	uint64_t tcps_rttupdated, tcps_segstimed;
	uint64_t tcps_delack;
	uint64_t tcps_fastretransmit, tcps_limitedtransmit;
	uint64_t tcps_sackrecovery, tcps_sackrexmit;
	uint64_t tcps_ecnfallback;
	uint64_t tcps_reassmemdrop;
	uint64_t tcps_timewait;		/* connections entering TIME_WAIT */
	uint64_t tcps_urgent;		/* urgent pointers received */
};

/* A SO_DEBUG trace record (tcp_debug.c). */
#define TCP_NTRACE	64
struct tcp_trace_rec {
	uint64_t tr_time;
	const char *tr_what;		/* "input", "output" */
	uint8_t tr_state, tr_flags;
	uint16_t tr_win;
	uint32_t tr_seq, tr_ack, tr_len;
	uint32_t tr_snd_una, tr_snd_nxt, tr_rcv_nxt, tr_cwnd;
};

/* One host's TCP. */
struct tcp_host {
	struct host *th_host;
	struct tcpcb *th_conns;		/* all connections and listeners */
	struct tcpstat th_stat;
	uint64_t th_key[2];		/* RFC 6528 secret key */
	uint64_t th_cookiekey[2];	/* SYN cookies' key (tcp_syncookie.c) */
	uint64_t th_cookieepoch;	/* ns: their time counter's zero */
	int th_syncookies;		/* as Linux's tcp_syncookies: 0 never, 1 when
					   the half-open queue is full, 2 always */
	uint16_t th_nextport;		/* ephemeral port hint */
	uint64_t th_msl;		/* ns; TIME_WAIT lasts 2 * this */
	uint64_t th_rto_min;
	uint64_t th_delack;
	int th_quickacks;		/* ceiling of the quick-ACK budget (TCP_MAX_QUICKACKS;
					   0: every ACK may be delayed, as scripted tests want) */
	uint64_t th_orphan;		/* bound on a closed socket's life */
	uint32_t th_challenge_limit;	/* per second, RFC 5961 §7 */
	uint32_t th_challenge_count;
	uint64_t th_challenge_sec;
	int th_sack, th_tstamp, th_wscale; /* offer these options */
	const struct tcp_cc_algo *th_cc;   /* default algorithm */
	struct tcp_trace_rec th_trace[TCP_NTRACE];
	unsigned th_tracenext;
};

#define TCPH(h)	((struct tcp_host *)HINET(h)->ih_tcp)

/* tcp_quickack.c */
#define TCP_MAX_QUICKACKS	16	/* Linux's ceiling on the budget */
void	tcp_ackbatch_init(struct tcpcb *);
int	tcp_ackbatch_defer(struct tcpcb *);
void	tcp_ackbatch_cancel(struct tcpcb *);
void	tcp_quickack_data(struct tcpcb *);
int	tcp_quickack_due(const struct tcpcb *);
void	tcp_quickack_sent(struct tcpcb *);
void	tcp_quickack_datasent(struct tcpcb *);
void	tcp_quickack_missed(struct tcpcb *);
void	tcp_quickack_set(struct tcpcb *, int on);

/* tcp_autotune.c */
uint8_t	tcp_rcv_wscale(const struct socket *);
void	tcp_autotune_data(struct tcpcb *);
void	tcp_autotune_rcvd(struct tcpcb *);
void	tcp_autotune_acked(struct tcpcb *, uint32_t held);

/* tcp_defer_accept.c */
int	tcp_defer_accept_set(struct tcpcb *, int secs);
int	tcp_defer_accept_get(const struct tcpcb *);
void	tcp_defer_inherit(struct tcpcb *, const struct tcpcb *lp);
int	tcp_defer_established(struct tcpcb *);
void	tcp_defer_release(struct tcpcb *);

/* tcp_subr.c */
int	tcp_attach(struct host *);
void	tcp_detach(struct host *);
struct tcpcb *tcp_newtcpcb(struct socket *);
void	tcp_initcb(struct tcpcb *);
void	tcp_close(struct tcpcb *);
void	tcp_drop(struct tcpcb *, int error);
void	tcp_state(struct tcpcb *, int state);
uint32_t tcp_iss(struct tcpcb *);
uint32_t tcp_ts_offset(struct tcpcb *);
uint64_t tcp_now(struct tcpcb *);
uint32_t tcp_tsval(struct tcpcb *);
void	tcp_respond(struct host *, uint32_t src, uint32_t dst, uint16_t sport,
	    uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags);
void	tcp_xmit_timer(struct tcpcb *, uint64_t rtt);
uint64_t tcp_rto(struct tcpcb *);
uint16_t tcp_mss_for(struct host *, uint32_t dst);
void	tcp_mss_update(struct tcpcb *, uint16_t offer);
struct tcpcb *tcp_lookup(struct tcp_host *, uint32_t laddr, uint16_t lport,
	    uint32_t faddr, uint16_t fport, int wild);
void	tcp_ctlinput(struct host *, const struct ip_ctl *, void *);
void	tcp_canceltimers(struct tcpcb *);
uint64_t tcp_siphash(const uint64_t key[2], const uint64_t *m, int nwords);

/* tcp_syncookie.c */
void	tcp_syncookie_init(struct tcp_host *);
void	tcp_syncookie_send(struct tcpcb *lp, uint32_t laddr, uint32_t faddr,
	    const struct tcp_seg *syn);
int	tcp_syncookie_ack(struct tcpcb *lp, uint32_t laddr, uint32_t faddr,
	    struct tcp_seg *ack);

/* tcp_input.c */
void	tcp_input(struct host *, struct pkt *, const struct ip_info *, void *);
void	tcp_segment(struct tcpcb *, struct tcp_seg *);
int	tcp_challenge_ok(struct tcp_host *, uint64_t now);
void	tcp_deliver(struct tcpcb *, const uint8_t *, uint32_t len);
void	tcp_syn_prepare(struct tcpcb *);
struct tcpcb *tcp_passive_new(struct tcpcb *lp, uint32_t laddr, uint32_t faddr,
	    const struct tcp_seg *syn, int soflags, const uint32_t *iss);

/* tcp_timewait.c */
int	tcp_timewait_reopens(const struct tcpcb *, const struct tcp_seg *, uint32_t *iss);

/* tcp_output.c */
int	tcp_output(struct tcpcb *);
int	tcp_send_ctl(struct tcpcb *, uint32_t seq, uint8_t flags);
uint32_t tcp_rcvwin(struct tcpcb *);
uint32_t tcp_flight(struct tcpcb *);

/* tcp_reass.c */
int	tcp_reass(struct tcpcb *, uint32_t seq, const uint8_t *, uint32_t len,
	    int fin);
int	tcp_reass_pull(struct tcpcb *);
void	tcp_reass_flush(struct tcpcb *);

/* tcp_sack.c */
void	tcp_sack_rcv_update(struct tcpcb *, uint32_t start, uint32_t end);
void	tcp_sack_rcv_trim(struct tcpcb *);
void	tcp_sack_update(struct tcpcb *, const struct tcp_seg *);
void	tcp_sack_clear(struct tcpcb *);
uint32_t tcp_sack_pipe(struct tcpcb *);
int	tcp_sack_nextseg(struct tcpcb *, uint32_t *seq, uint32_t *len);
uint32_t tcp_sack_bytes(struct tcpcb *);

/* tcp_usrreq.c */
extern const struct pr_usrreqs tcp_usrreqs;
void	tcp_usrclosed(struct tcpcb *);

/* tcp_anew.c */
int	tcp_anew(struct tcpcb *);

/* tcp_check.c */
const char *tcp_invariants(struct host *);

/* tcp_debug.c */
void	tcp_trace(struct tcpcb *, const char *what, const struct tcp_seg *);

#endif
