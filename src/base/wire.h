#ifndef UIPC_BASE_WIRE_H
#define UIPC_BASE_WIRE_H
/*
 * Reading and writing the big-endian ("network byte order", RFC 791
 * Appendix B) 16- and 32-bit fields of a header at any alignment, one byte
 * at a time.  Every wire file (if_ether_wire.c, ip_wire.c, udp_wire.c,
 * tcp_wire.c) uses these, so there is one definition to read; static
 * inline, so a parse costs what the hand-written shifts did.
 */
#include <stdint.h>

static inline uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static inline void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
