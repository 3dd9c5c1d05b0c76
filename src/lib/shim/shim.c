/*
 * The preload shim: libc's names routed to uipc (placeholder).
 */
#include "uipc/uipc.h"

int uipc_shim_loaded = 1;
