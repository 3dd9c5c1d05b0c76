#ifndef UIPC_TESTS_TCP_TEST_H
#define UIPC_TESTS_TCP_TEST_H
/*
 * Helpers for the TCP tests (helper_tcp.c): two hosts on a segment (with
 * optional faults; sim_pair, hosts named a and b), sockets made and driven through the socket layer, and
 * a look at the tcpcb.  Names are tcpt_ so they clash with no other
 * helper linked into every unit test.
 */
#include <stddef.h>
#include <stdint.h>

#include "../sim/sim.h"
#include "inet/tcp_var.h"
#include "kern/socket.h"
#include "net/if_fault.h"

void	tcpt_net(struct sim_pair *, uint64_t seed, const struct fault_conf *,
	    uint64_t delay);
void	tcpt_net_free(struct sim_pair *);
struct socket *tcpt_socket(struct host *);
struct socket *tcpt_listen(struct host *, uint16_t port, int backlog);
int	tcpt_connect(struct socket *, uint32_t addr, uint16_t port);
int	tcpt_bind(struct socket *, uint32_t addr, uint16_t port);
struct socket *tcpt_accept(struct socket *);
size_t	tcpt_write(struct socket *, const void *, size_t);
size_t	tcpt_read(struct socket *, void *, size_t, int *err);
int	tcpt_state(struct socket *);
struct tcpcb *tcpt_cb(struct socket *);
struct tcpstat *tcpt_stat(struct host *);
void	tcpt_setint(struct socket *, int level, int name, int v);

#endif
