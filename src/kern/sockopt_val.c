/*
 * Option values in and out, with Linux's length policy (sockopt_val.h).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "kern/sockopt_val.h"

int
sockopt_in(const void *val, socklen_t len, void *v, size_t vlen)
{
	if (val == NULL || len < vlen)
		return EINVAL;
	memcpy(v, val, vlen);
	return 0;
}

int
sockopt_in_int(const void *val, socklen_t len, int *v)
{
	return sockopt_in(val, len, v, sizeof(*v));
}

int
sockopt_in_ipint(const void *val, socklen_t len, int *v)
{
	if (len >= sizeof(int))
		return sockopt_in_int(val, len, v);
	if (len == 0) {
		*v = 0;
		return 0;
	}
	if (val == NULL)
		return EINVAL;
	*v = *(const uint8_t *)val;
	return 0;
}

int
sockopt_out(void *val, socklen_t *len, const void *v, size_t vlen)
{
	if (*len > vlen)
		*len = (socklen_t)vlen;
	if (*len > 0)
		memcpy(val, v, *len);
	return 0;
}

int
sockopt_out_int(void *val, socklen_t *len, int v)
{
	return sockopt_out(val, len, &v, sizeof(v));
}

int
sockopt_out_ipint(void *val, socklen_t *len, int v)
{
	uint8_t b = (uint8_t)v;

	if (*len > 0 && *len < sizeof(int) && v >= 0 && v <= 255)
		return sockopt_out(val, len, &b, 1);
	return sockopt_out_int(val, len, v);
}
