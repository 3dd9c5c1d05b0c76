/*
 * The error queue's entries onto the wire (ctl_errq.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kern/so_errq.h"
#include "kern/socket.h"
#include "sys/ctl_errq.h"
#include "sys/ctl_proto.h"

size_t
ctl_errq_take(struct socket *so, void *buf, size_t cap, int *error)
{
	struct ctl_errq ce;
	struct so_err *e;
	size_t n;

	if (cap < sizeof(ce) || (e = soerrq_take(so)) == NULL) {
		*error = EAGAIN;
		return 0;
	}
	memset(&ce, 0, sizeof(ce));
	ce.ce_errno = e->se_errno;
	ce.ce_origin = e->se_origin;
	ce.ce_type = e->se_type;
	ce.ce_code = e->se_code;
	ce.ce_info = e->se_info;
	ce.ce_offender = htonl(e->se_offender);
	ce.ce_dst = htonl(e->se_dst);
	ce.ce_dport = htons(e->se_dport);
	n = e->se_len < cap - sizeof(ce) ? e->se_len : cap - sizeof(ce);
	ce.ce_len = (uint32_t)n;
	memcpy(buf, &ce, sizeof(ce));
	memcpy((char *)buf + sizeof(ce), e->se_data, n);
	free(e);
	if (so->so_errq != NULL)
		soseterror(so, (int)so->so_errq->se_errno);
	else
		so->so_error = 0;
	*error = 0;
	return sizeof(ce) + n;
}
