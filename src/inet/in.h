#ifndef UIPC_INET_IN_H
#define UIPC_INET_IN_H
/*
 * Internet addresses, as the Internet domain and the programs above it
 * include them.  The definitions live in base/in_addr.h, below every
 * layer, so that src/net (interfaces, routes, ARP) can use them without
 * including a header of src/inet (DESIGN.md, "Layers").
 */
#include "base/in_addr.h"

#endif
