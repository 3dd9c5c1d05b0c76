/*
 * libpcap capture files.  The record layout is the classic format's:
 * ts_sec, ts_usec, incl_len, orig_len, each 32 bits in the file's byte
 * order (little-endian here; readers learn it from the magic number).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "base/timer.h"
#include "kern/host.h"
#include "net/if_var.h"
#include "net/if_pcap.h"

static void
le32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static void
le16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

int
pcap_open(const char *path, struct pcap_writer **pwp)
{
	return pcap_open_mode(path, PCAP_MODE, pwp);
}

/*
 * A new file at path, never through a symbolic link or into a file that is
 * there already: made under a fresh name beside it (O_CREAT|O_EXCL, which
 * follows no link), given its mode by descriptor, and renamed over path,
 * which replaces a link rather than writing where it points.  The mode is
 * exact (no umask): a capture holds every user's traffic.
 */
static FILE *
pcap_create(const char *path, unsigned mode, int *error)
{
	char tmp[4096];
	FILE *fp;
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp)) {
		*error = ENAMETOOLONG;
		return NULL;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		*error = errno;
		return NULL;
	}
	if ((fp = fdopen(fd, "wb")) == NULL) {
		*error = errno;
		unlink(tmp);
		close(fd);
		return NULL;
	}
	if (fchmod(fd, (mode_t)mode) < 0 || rename(tmp, path) < 0) {
		*error = errno;
		unlink(tmp);
		fclose(fp);
		return NULL;
	}
	return fp;
}

/*
 * Creates a capture file at path (replacing what is there) with mode, and
 * writes its header.  Returns 0 or the errno of the failed open or write.
 * The writer starts with one reference, the caller's.
 */
int
pcap_open_mode(const char *path, unsigned mode, struct pcap_writer **pwp)
{
	struct pcap_writer *pw;
	uint8_t h[PCAP_FILEHDR_LEN];
	int error;

	*pwp = NULL;
	if ((pw = calloc(1, sizeof(*pw))) == NULL)
		return ENOMEM;
	if ((pw->pw_fp = pcap_create(path, mode & 0777, &error)) == NULL) {
		free(pw);
		return error;
	}
	le32(h, PCAP_MAGIC);
	le16(h + 4, PCAP_VERSION_MAJOR);
	le16(h + 6, PCAP_VERSION_MINOR);
	le32(h + 8, 0);			/* thiszone: UTC */
	le32(h + 12, 0);		/* sigfigs */
	le32(h + 16, PCAP_SNAPLEN);
	le32(h + 20, LINKTYPE_ETHERNET);
	if (fwrite(h, sizeof(h), 1, pw->pw_fp) != 1 || fflush(pw->pw_fp) != 0) {
		error = errno ? errno : EIO;
		fclose(pw->pw_fp);
		free(pw);
		return error;
	}
	pw->pw_refs = 1;
	*pwp = pw;
	return 0;
}

/*
 * Appends one frame taken at ns (on the stack's clock).  Each record is
 * flushed, so that a capture can be read while the stack runs.  Returns 0
 * or the first write error (after which nothing more is written).
 */
int
pcap_record(struct pcap_writer *pw, uint64_t ns, const uint8_t *frame,
    size_t len)
{
	uint8_t h[PCAP_RECHDR_LEN];
	size_t incl = len > PCAP_SNAPLEN ? PCAP_SNAPLEN : len;

	if (pw->pw_error)
		return pw->pw_error;
	le32(h, (uint32_t)(ns / NS_PER_SEC));
	le32(h + 4, (uint32_t)(ns % NS_PER_SEC / NS_PER_US));
	le32(h + 8, (uint32_t)incl);
	le32(h + 12, (uint32_t)len);
	if (fwrite(h, sizeof(h), 1, pw->pw_fp) != 1 ||
	    (incl > 0 && fwrite(frame, incl, 1, pw->pw_fp) != 1) ||
	    fflush(pw->pw_fp) != 0)
		pw->pw_error = errno ? errno : EIO;
	else
		pw->pw_frames++;
	return pw->pw_error;
}

/* Drops one reference; the last closes the file. */
void
pcap_close(struct pcap_writer *pw)
{
	if (pw == NULL || --pw->pw_refs > 0)
		return;
	fclose(pw->pw_fp);
	free(pw);
}

/* The capture middleware: records frames passing either way. */

struct pcap_dev {
	struct ifdev pd_dev;		/* first */
	struct stack *pd_stack;
	struct pcap_writer *pd_w;
};

static int
pcap_dev_output(struct ifdev *d, struct pkt *p)
{
	struct pcap_dev *pd = (struct pcap_dev *)d;

	pcap_record(pd->pd_w, clock_now(pd->pd_stack->st_clock), p->pk_data,
	    p->pk_len);
	return ifdev_output(d, p);
}

static void
pcap_dev_input(struct ifdev *d, struct pkt *p)
{
	struct pcap_dev *pd = (struct pcap_dev *)d;

	pcap_record(pd->pd_w, clock_now(pd->pd_stack->st_clock), p->pk_data,
	    p->pk_len);
	ifdev_input(d, p);
}

static void
pcap_dev_free(struct ifdev *d)
{
	struct pcap_dev *pd = (struct pcap_dev *)d;

	pcap_close(pd->pd_w);
	free(pd);
}

/*
 * Creates a capture stage writing to pw, taking a reference on it.
 * Returns NULL when memory is short.
 */
struct ifdev *
pcap_dev_create(struct stack *st, struct pcap_writer *pw)
{
	struct pcap_dev *pd = calloc(1, sizeof(*pd));

	if (pd == NULL)
		return NULL;
	pd->pd_dev.d_kind = "pcap";
	pd->pd_dev.d_output = pcap_dev_output;
	pd->pd_dev.d_input = pcap_dev_input;
	pd->pd_dev.d_free = pcap_dev_free;
	pd->pd_stack = st;
	pd->pd_w = pw;
	pw->pw_refs++;
	return &pd->pd_dev;
}
