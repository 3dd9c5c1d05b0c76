#ifndef UIPC_INET_TCP_SEQ_H
#define UIPC_INET_TCP_SEQ_H
/*
 * Sequence number arithmetic (RFC 9293 §3.4): 32-bit numbers compared
 * modulo 2^32, as 4.4BSD's tcp_seq.h does, by the sign of the difference.
 */
#include <stdint.h>

#define SEQ_LT(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LEQ(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) > 0)
#define SEQ_GEQ(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) >= 0)
#define SEQ_MAX(a, b)	(SEQ_GT(a, b) ? (a) : (b))
#define SEQ_MIN(a, b)	(SEQ_LT(a, b) ? (a) : (b))

#endif
