#ifndef UIPC_NET_IF_PCAP_H
#define UIPC_NET_IF_PCAP_H
/*
 * Packet capture in the libpcap file format (the classic one that tcpdump,
 * tshark and wireshark read: a 24-byte file header, then a 16-byte record
 * header before each frame), link type LINKTYPE_ETHERNET.  The file is
 * written little-endian with microsecond timestamps, whatever the machine,
 * so that a run's capture is the same bytes everywhere.
 *
 * A writer can be used directly (a segment records its medium) or as a
 * middleware on an interface's device chain that records frames both ways.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct ifdev;
struct stack;

#define PCAP_MAGIC		0xa1b2c3d4u
#define PCAP_VERSION_MAJOR	2
#define PCAP_VERSION_MINOR	4
#define PCAP_SNAPLEN		65535
#define LINKTYPE_ETHERNET	1
#define PCAP_FILEHDR_LEN	24
#define PCAP_RECHDR_LEN		16

struct pcap_writer {
	FILE *pw_fp;
	uint64_t pw_frames;
	int pw_error;			/* first write error, or 0 */
	unsigned pw_refs;		/* devices and segments using it */
};

/* A capture shows others' traffic: by default only its owner reads it. */
#define PCAP_MODE		0600

int	pcap_open(const char *path, struct pcap_writer **);
int	pcap_open_mode(const char *path, unsigned mode, struct pcap_writer **);
int	pcap_record(struct pcap_writer *, uint64_t ns, const uint8_t *,
	    size_t);
void	pcap_close(struct pcap_writer *);

struct ifdev *pcap_dev_create(struct stack *, struct pcap_writer *);

#endif
