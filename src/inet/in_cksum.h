#ifndef UIPC_INET_IN_CKSUM_H
#define UIPC_INET_IN_CKSUM_H
/*
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's
 * complement sum of the data taken as 16-bit big-endian words.  Sums are
 * built up in a uint32_t with in_cksum_add() (over pieces: pseudo-header,
 * header, payload) and closed with in_cksum_fold().
 */
#include <stddef.h>
#include <stdint.h>

uint32_t in_cksum_add(uint32_t sum, const void *, size_t);
uint16_t in_cksum_fold(uint32_t sum);
uint16_t in_cksum(const void *, size_t);
uint32_t in_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len);

#endif
