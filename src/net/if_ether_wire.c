/*
 * Wire formats of the Ethernet header (DIX v2, RFC 894) and of an ARP
 * packet for IPv4 over Ethernet (RFC 826, "Packet format").  The parsers
 * check only lengths; what the fields may hold is if_ether.c's to judge.
 */
#include <string.h>

#include "base/wire.h"
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
	eh->eh_type = get16(b + 12);
	return 0;
}

void
ether_emit(const struct ether_hdr *eh, uint8_t *b)
{
	memcpy(b, eh->eh_dst, ETHER_ADDR_LEN);
	memcpy(b + 6, eh->eh_src, ETHER_ADDR_LEN);
	put16(b + 12, eh->eh_type);
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
	ap->ar_hrd = get16(b);
	ap->ar_pro = get16(b + 2);
	ap->ar_hln = b[4];
	ap->ar_pln = b[5];
	ap->ar_op = get16(b + 6);
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
	put16(b, ARPHRD_ETHER_);
	put16(b + 2, ETHERTYPE_IP);
	b[4] = ETHER_ADDR_LEN;
	b[5] = 4;
	put16(b + 6, ap->ar_op);
	memcpy(b + 8, ap->ar_sha, ETHER_ADDR_LEN);
	put32(b + 14, ap->ar_spa);
	memcpy(b + 18, ap->ar_tha, ETHER_ADDR_LEN);
	put32(b + 24, ap->ar_tpa);
}
