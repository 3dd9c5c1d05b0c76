/*
 * libuipc: the process's side of the boundary (DESIGN.md, "The boundary").
 * Placeholder until the control protocol lands.
 */
#include "uipc/uipc.h"

int
uipc_version(void)
{
	return UIPC_VERSION;
}
