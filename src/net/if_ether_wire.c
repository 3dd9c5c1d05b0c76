/*
 * Wire formats of the Ethernet header (DIX v2, RFC 894) and of an ARP
 * packet for IPv4 over Ethernet (RFC 826, "Packet format").  The parsers
 * check only lengths; what the fields may hold is if_ether.c's to judge.
 */
#include <string.h>

#include "net/if_ether.h"

const uint8_t ether_broadcast[ETHER_ADDR_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

/* Returns 0, or -1 when fewer than ETHER_HDR_LEN bytes are there. */
int
ether_parse(const uint8_t *b, size_t len, struct ether_hdr *eh)
{
	if (len < ETHER_HDR_LEN)
		return -1;
	memcpy(eh->eh_dst, b, ETHER_ADDR_LEN);
	memcpy(eh->eh_src, b + 6, ETHER_ADDR_LEN);
	eh->eh_type = (uint16_t)(b[12] << 8 | b[13]);
	return 0;
}

void
ether_emit(const struct ether_hdr *eh, uint8_t *b)
{
	memcpy(b, eh->eh_dst, ETHER_ADDR_LEN);
	memcpy(b + 6, eh->eh_src, ETHER_ADDR_LEN);
	b[12] = (uint8_t)(eh->eh_type >> 8);
	b[13] = (uint8_t)eh->eh_type;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * Parses an ARP packet.  Returns 0; -1 when too short for its header;
 * -2 when it is not Ethernet/IPv4 with 6- and 4-byte addresses (the only
 * pair this stack speaks, RFC 826 "?Do I have the hardware type").
 */
int
arp_parse(const uint8_t *b, size_t len, struct arp_pkt *ap)
{
	if (len < 8)
		return -1;
	ap->ar_hrd = (uint16_t)(b[0] << 8 | b[1]);
	ap->ar_pro = (uint16_t)(b[2] << 8 | b[3]);
	ap->ar_hln = b[4];
	ap->ar_pln = b[5];
	ap->ar_op = (uint16_t)(b[6] << 8 | b[7]);
	if (ap->ar_hrd != ARPHRD_ETHER_ || ap->ar_pro != ETHERTYPE_IP ||
	    ap->ar_hln != ETHER_ADDR_LEN || ap->ar_pln != 4)
		return -2;
	if (len < ARP_PKT_LEN)
		return -1;
	memcpy(ap->ar_sha, b + 8, ETHER_ADDR_LEN);
	ap->ar_spa = get32(b + 14);
	memcpy(ap->ar_tha, b + 18, ETHER_ADDR_LEN);
	ap->ar_tpa = get32(b + 24);
	return 0;
}

/* Writes ARP_PKT_LEN bytes. */
void
arp_emit(const struct arp_pkt *ap, uint8_t *b)
{
	b[0] = (uint8_t)(ARPHRD_ETHER_ >> 8);
	b[1] = (uint8_t)ARPHRD_ETHER_;
	b[2] = (uint8_t)(ETHERTYPE_IP >> 8);
	b[3] = (uint8_t)ETHERTYPE_IP;
	b[4] = ETHER_ADDR_LEN;
	b[5] = 4;
	b[6] = (uint8_t)(ap->ar_op >> 8);
	b[7] = (uint8_t)ap->ar_op;
	memcpy(b + 8, ap->ar_sha, ETHER_ADDR_LEN);
	put32(b + 14, ap->ar_spa);
	memcpy(b + 18, ap->ar_tha, ETHER_ADDR_LEN);
	put32(b + 24, ap->ar_tpa);
}
