#ifndef UIPC_UIPC_H
#define UIPC_UIPC_H
/*
 * The client API of uipc: the primer's calls with a uipc_ prefix.
 */
#define UIPC_VERSION 1

int uipc_version(void);

#endif
