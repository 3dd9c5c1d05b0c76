#ifndef UIPC_INET_IN_PROTO_H
#define UIPC_INET_IN_PROTO_H
/*
 * The Internet domain (in_proto.c), for the composer that puts it in a
 * stack (src/stack/domains.c).
 */
#include "kern/domain.h"

extern const struct domain inetdomain;

#endif
