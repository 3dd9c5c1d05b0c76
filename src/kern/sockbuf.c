/*
 * Socket buffers (4.4BSD kern/uipc_socket2.c, the sb* half).
 *
 * A stream buffer holds bytes in a ring, with any ancillary data tied to
 * the stream offset of the byte it arrived with; an atomic buffer holds a
 * queue of records.  sb_cc counts the bytes of either kind, and sbspace()
 * compares it with the high-water mark, as BSD does.  A buffer may be
 * overfilled by one record (a datagram is never cut to fit).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kern/socket.h"

struct so_control *
so_control_new(int nfds)
{
	struct so_control *c;

	c = calloc(1, sizeof(*c) + (size_t)nfds * sizeof(int));
	if (c != NULL)
		c->ctl_nfds = nfds;
	return c;
}

/* Discarding a control closes the descriptors in it: they were in flight. */
void
so_control_free(struct so_control *ctl)
{
	int i;

	if (ctl == NULL)
		return;
	for (i = 0; i < ctl->ctl_nfds; i++)
		if (ctl->ctl_fds[i] >= 0)
			close(ctl->ctl_fds[i]);
	if (ctl->ctl_owner != NULL) {
		ctl->ctl_owner->ow_fds -= ctl->ctl_nfds;
		ctl->ctl_owner->ow_freed = 1;
	}
	free(ctl);
}

/* The control's descriptors count against ow's until it is discarded. */
void
so_control_charge(struct so_control *ctl, struct so_owner *ow)
{
	if (ctl == NULL || ctl->ctl_owner != NULL || ow == NULL)
		return;
	ctl->ctl_owner = ow;
	ow->ow_fds += ctl->ctl_nfds;
}

/* Storage given back: the owner's count falls. */
static void
sb_uncharge(struct sockbuf *sb, size_t n)
{
	if (sb->sb_owner != NULL && n > 0) {
		sb->sb_owner->ow_bytes -= n;
		sb->sb_owner->ow_freed = 1;
	}
}

/* Charges the buffer's storage (ring and records) to ow from now on. */
static void
sb_setowner(struct sockbuf *sb, struct so_owner *ow)
{
	size_t held = sb->sb_ring.r_cap + (sb->sb_records ? sb->sb_cc : 0);

	sb_uncharge(sb, held);
	sb->sb_owner = ow;
	if (ow != NULL)
		ow->ow_bytes += held;
}

void
so_setowner(struct socket *so, struct so_owner *ow)
{
	so->so_owner = ow;
	sb_setowner(&so->so_rcv, ow);
	sb_setowner(&so->so_snd, ow);
}

/* What the owner may still be charged; SIZE_MAX without a limit. */
static size_t
sb_allowance(const struct sockbuf *sb)
{
	const struct so_owner *ow = sb->sb_owner;

	if (ow == NULL || ow->ow_maxbytes == 0)
		return SIZE_MAX;
	return ow->ow_bytes >= ow->ow_maxbytes ? 0 : (size_t)(ow->ow_maxbytes - ow->ow_bytes);
}

/* The name after the data starts on an aligned boundary. */
#define SBREC_ALIGN(n)	(((n) + 15) & ~(size_t)15)

struct sbrec *
sbrec_new(const void *data, size_t len, const struct sockaddr *addr, socklen_t addrlen)
{
	struct sbrec *r;

	if (len > UINT32_MAX || addrlen > sizeof(struct sockaddr_storage))
		return NULL;
	/* addr NULL with addrlen > 0 reserves room for a name the protocol fills. */
	r = malloc(sizeof(*r) + SBREC_ALIGN(len) + (addrlen > 0 ? sizeof(struct sockaddr_storage) : 0));
	if (r == NULL)
		return NULL;
	r->r_next = NULL;
	r->r_ctl = NULL;
	r->r_len = (uint32_t)len;
	r->r_flags = 0;
	r->r_addrlen = 0;
	r->r_addr = NULL;
	if (data != NULL && len > 0)
		memcpy(r->r_data, data, len);
	if (addrlen > 0) {
		r->r_addr = (struct sockaddr_storage *)(r->r_data + SBREC_ALIGN(len));
		if (addr != NULL) {
			memcpy(r->r_addr, addr, addrlen);
			r->r_addrlen = (uint16_t)addrlen;
		}
	}
	return r;
}

void
sbrec_free(struct sbrec *r)
{
	if (r == NULL)
		return;
	so_control_free(r->r_ctl);
	free(r);
}

void
sbinit(struct sockbuf *sb, uint32_t hiwat, int records)
{
	memset(sb, 0, sizeof(*sb));
	ring_init(&sb->sb_ring);
	sb->sb_rectail = &sb->sb_rec;
	sb->sb_hiwat = hiwat;
	sb->sb_lowat = 1;
	sb->sb_records = records != 0;
}

void
sbflush(struct sockbuf *sb)
{
	struct sbrec *r;
	struct sbctl *c;

	while ((r = sbdequeue(sb)) != NULL)
		sbrec_free(r);
	while ((c = sb->sb_ctl) != NULL) {
		sb->sb_ctl = c->c_next;
		so_control_free(c->c_ctl);
		free(c);
	}
	sb->sb_off += ring_len(&sb->sb_ring);
	ring_consume(&sb->sb_ring, ring_len(&sb->sb_ring));
	sb->sb_cc = 0;
}

void
sbrelease(struct sockbuf *sb)
{
	sbflush(sb);
	sb_uncharge(sb, sb->sb_ring.r_cap);
	ring_free(&sb->sb_ring);
}

/*
 * The socket's user closed it: nothing will read this buffer again, or
 * write to it.  Its storage goes as soon as it holds nothing (at once, or
 * when the protocol drops the last byte sent), so that a connection in
 * TIME_WAIT, or lingering to deliver what was sent, holds no empty ring.
 */
void
sbclosed(struct sockbuf *sb)
{
	sb->sb_closed = 1;
	if (sb->sb_cc == 0 && sb->sb_ring.r_cap > 0) {
		sb_uncharge(sb, sb->sb_ring.r_cap);
		ring_free(&sb->sb_ring);
	}
}

/*
 * Room below the high-water mark, and within the owner's limit: a stream
 * buffer whose ring cannot grow to the mark has the room of the ring it
 * has; a record buffer, the owner's allowance.
 */
long
sbspace(const struct sockbuf *sb)
{
	long space = (long)sb->sb_hiwat - (long)sb->sb_cc;
	size_t allow = sb_allowance(sb);

	if (allow == SIZE_MAX)
		return space;
	if (sb->sb_records)
		return (size_t)space > allow ? (long)allow : space;
	if (sb->sb_ring.r_cap < sb->sb_hiwat && allow < sb->sb_hiwat - sb->sb_ring.r_cap) {
		long have = (long)sb->sb_ring.r_cap - (long)sb->sb_cc;

		return have < space ? have : space;
	}
	return space;
}

/*
 * The ring is sized to the high-water mark when first used or when raised,
 * unless the owner may not hold that much more (ENOBUFS).
 */
static int
sbring(struct sockbuf *sb)
{
	size_t grow;
	int error;

	if (sb->sb_ring.r_cap >= sb->sb_hiwat)
		return 0;
	if (sb->sb_closed)
		return ENOBUFS;
	grow = sb->sb_hiwat - sb->sb_ring.r_cap;
	if (sb_allowance(sb) < grow)
		return ENOBUFS;
	if ((error = ring_reserve(&sb->sb_ring, sb->sb_hiwat)) != 0)
		return error;
	if (sb->sb_owner != NULL)
		sb->sb_owner->ow_bytes += grow;
	return 0;
}

int
sbappend_space(struct sockbuf *sb, size_t max, struct iovec iov[2])
{
	long space = sbspace(sb);

	if (space <= 0 || sbring(sb) != 0)
		return 0;
	if ((size_t)space < max)
		max = (size_t)space;
	return ring_space_iov(&sb->sb_ring, max, iov);
}

void
sbappend_commit(struct sockbuf *sb, size_t n)
{
	ring_produce(&sb->sb_ring, n);
	sb->sb_cc += (uint32_t)n;
}

int
sbappend_stream(struct sockbuf *sb, const void *p, size_t n)
{
	size_t done;

	if (sbring(sb) != 0)
		return 0;
	done = ring_write(&sb->sb_ring, p, n);
	sb->sb_cc += (uint32_t)done;
	return (int)done;
}

void
sbappendrecord(struct sockbuf *sb, struct sbrec *r)
{
	r->r_next = NULL;
	*sb->sb_rectail = r;
	sb->sb_rectail = &r->r_next;
	sb->sb_cc += r->r_len;
	sb->sb_nrec++;
	if (sb->sb_owner != NULL)
		sb->sb_owner->ow_bytes += r->r_len;
}

/* Ties ctl to the stream byte at offset at (BSD's sbappendcontrol). */
void
sbappendcontrol(struct sockbuf *sb, uint64_t at, struct so_control *ctl)
{
	struct sbctl *c, **cp;

	if ((c = malloc(sizeof(*c))) == NULL) {
		so_control_free(ctl);
		return;
	}
	c->c_at = at;
	c->c_ctl = ctl;
	c->c_next = NULL;
	for (cp = &sb->sb_ctl; *cp != NULL; cp = &(*cp)->c_next)
		;
	*cp = c;
}

/*
 * Drops n bytes from the front of a stream buffer.  Controls riding on the
 * dropped bytes are discarded with them (their descriptors closed), as BSD
 * discards the control mbufs that sbdrop passes.
 */
void
sbdrop(struct sockbuf *sb, size_t n)
{
	struct sbctl *c;

	ring_consume(&sb->sb_ring, n);
	sb->sb_cc -= (uint32_t)n;
	sb->sb_off += n;
	while ((c = sb->sb_ctl) != NULL && c->c_at < sb->sb_off) {
		sb->sb_ctl = c->c_next;
		so_control_free(c->c_ctl);
		free(c);
	}
	if (sb->sb_closed && sb->sb_cc == 0)
		sbclosed(sb);
}

struct sbrec *
sbdequeue(struct sockbuf *sb)
{
	struct sbrec *r = sb->sb_rec;

	if (r == NULL)
		return NULL;
	sb->sb_rec = r->r_next;
	if (sb->sb_rec == NULL)
		sb->sb_rectail = &sb->sb_rec;
	sb->sb_cc -= r->r_len;
	sb->sb_nrec--;
	sb_uncharge(sb, r->r_len);
	r->r_next = NULL;
	return r;
}
