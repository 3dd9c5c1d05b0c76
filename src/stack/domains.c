/*
 * The communication domains every stack has, in the order socket(2)
 * searches them (primer §2.1: the UNIX and Internet domains).  This list
 * is the one place that names them: the socket layer finds them through
 * the stack (st_domains), and the composer makes and frees each domain's
 * state through its hooks (stack.c), as 4.4BSD's domaininit walked its
 * domains and lwIP's lwip_init calls each module's init.
 */
#include <stddef.h>

#include "inet/in_proto.h"
#include "stack/stack.h"
#include "unix/unp.h"

const struct domain *const stack_domains[] = {
	&unixdomain,
	&inetdomain,
	NULL,
};
