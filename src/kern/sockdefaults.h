#ifndef UIPC_KERN_SOCKDEFAULTS_H
#define UIPC_KERN_SOCKDEFAULTS_H
/*
 * Default socket buffer sizes and limits.  Linux's defaults (net.core.
 * wmem_default and rmem_default, 212992 bytes) rather than 4.2BSD's 2 KiB,
 * so that programs tuned on Linux see the numbers they expect from
 * SO_SNDBUF and SO_RCVBUF.
 */
#define SB_DEFAULT_HIWAT	212992
#define SB_MIN_SND		4608		/* the least SO_SNDBUF takes (Linux: 2 * (2048 + skb)) */
#define SB_MIN_RCV		2304		/* the least SO_RCVBUF takes (Linux: 2048 + skb) */
#define SB_MAX			(4 * 1024 * 1024)	/* the most */
#endif
