/*
 * Fault injection and capture: the same seed gives the same capture, byte
 * for byte; another seed another; each fault shows in the counters; a
 * partition cuts and heals.  And the capture is a pcap file that tshark
 * reads without a malformed packet or a bad checksum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../sim/sim.h"
#include "net/if_fault.h"
#include "net/if_pcap.h"

static char *
slurp(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*lenp = (size_t)n;
	return buf;
}

/* 200 pings over a faulty segment, captured; returns replies seen. */
static unsigned
faulty_run(uint64_t seed, const char *path, struct fault_stats *fs)
{
	const struct fault_conf fc = {
		.fc_loss = 100000,		/* 10 % */
		.fc_dup = 50000,
		.fc_reorder = 50000,
		.fc_corrupt = 20000,
		.fc_jitter = 200 * NS_PER_US,
	};
	struct sim_pair p;
	struct stack *st;
	struct host *a;
	struct sim_raw raw;
	unsigned replies;
	int i;

	sim_pair(&p, seed, &(struct sim_pair_conf){ .delay = 100 * NS_PER_US,
	    .fault = &fc, .pcap = path });
	st = p.st;
	a = p.a;
	sim_raw_register(a, &raw);
	for (i = 0; i < 200; i++) {
		sim_ping(a, sim_addr("10.0.0.2"), 1, (uint16_t)i, 32);
		sim_run(st, 10 * NS_PER_MS);
	}
	sim_run(st, NS_PER_SEC);
	replies = raw.sr_types[ICMP_ECHOREPLY];
	*fs = *fault_stats(seg_port_of(p.aif)->sp_fault);
	sim_pair_free(&p);
	return replies;
}

static void
test_fault_same_seed_same_pcap(void **state)
{
	char p1[64], p2[64], p3[64];
	struct fault_stats s1, s2, s3;
	size_t n1, n2, n3;
	char *b1, *b2, *b3;
	unsigned r1, r2, r3;

	snprintf(p1, sizeof(p1), "/tmp/uipc-fault-%d-1.pcap", (int)getpid());
	snprintf(p2, sizeof(p2), "/tmp/uipc-fault-%d-2.pcap", (int)getpid());
	snprintf(p3, sizeof(p3), "/tmp/uipc-fault-%d-3.pcap", (int)getpid());
	r1 = faulty_run(42, p1, &s1);
	r2 = faulty_run(42, p2, &s2);
	r3 = faulty_run(43, p3, &s3);
	b1 = slurp(p1, &n1);
	b2 = slurp(p2, &n2);
	b3 = slurp(p3, &n3);
	assert_int_equal(r1, r2);
	assert_int_equal(n1, n2);
	assert_memory_equal(b1, b2, n1);
	assert_true(n1 != n3 || memcmp(b1, b3, n1) != 0);
	/* Faults happened, and not every ping came back. */
	assert_true(r1 > 100 && r1 < 200);
	assert_true(r3 > 100 && r3 < 200);
	assert_true(s1.fs_dropped > 0 && s1.fs_duplicated > 0);
	assert_true(s1.fs_corrupted > 0 && s1.fs_reordered > 0);
	assert_true(s1.fs_delayed > 0);
	free(b1);
	free(b2);
	free(b3);
	unlink(p1);
	unlink(p2);
	unlink(p3);
}

static void
test_fault_partition(void **state)
{
	struct sim_pair p;
	struct stack *st;
	struct host *a;
	struct ifnet *bif;
	struct sim_raw raw;
	struct fault_conf fc;
	struct ifdev *fd;

	sim_pair(&p, 1, NULL);
	st = p.st;
	a = p.a;
	bif = p.bif;
	sim_raw_register(a, &raw);
	/* Segment groups: b alone on the other side. */
	seg_partition(bif, 1);
	sim_ping(a, sim_addr("10.0.0.2"), 1, 1, 8);
	sim_run(st, NS_PER_SEC);
	assert_int_equal(raw.sr_types[ICMP_ECHOREPLY], 0);
	seg_partition(bif, 0);
	sim_run(st, 30 * NS_PER_SEC);		/* ARP's failed entry ends */
	/* ARP's next try got through: the held ping went after all. */
	assert_int_equal(raw.sr_types[ICMP_ECHOREPLY], 1);
	sim_ping(a, sim_addr("10.0.0.2"), 1, 2, 8);
	sim_run(st, NS_PER_SEC);
	assert_int_equal(raw.sr_types[ICMP_ECHOREPLY], 2);
	/* A fault stage with partition set cuts both ways. */
	memset(&fc, 0, sizeof(fc));
	fc.fc_partition = 1;
	fd = fault_create(st, &fc, 1);
	if_dev_push(bif, fd);
	sim_ping(a, sim_addr("10.0.0.2"), 1, 3, 8);
	sim_run(st, NS_PER_SEC);
	assert_int_equal(raw.sr_types[ICMP_ECHOREPLY], 2);
	assert_true(fault_stats(fd)->fs_partitioned > 0);
	fc.fc_partition = 0;
	fault_set(fd, &fc);
	sim_ping(a, sim_addr("10.0.0.2"), 1, 4, 8);
	sim_run(st, NS_PER_SEC);
	assert_int_equal(raw.sr_types[ICMP_ECHOREPLY], 3);
	sim_pair_free(&p);
}

static uint32_t
rd32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[3] << 24;
}

/*
 * A clean capture across a router: the file header, one record per
 * frame, and, when tshark is installed, nothing it finds malformed.
 */
static void
test_pcap_format_and_tshark(void **state)
{
	struct stack *st = sim_stack(2);
	struct seg *n1 = sim_seg(st, "net1"), *n2 = sim_seg(st, "net2");
	struct host *a = sim_host(st, "arpa"), *r = sim_host(st, "gate");
	struct host *d = sim_host(st, "dali");
	struct pcap_writer *pw;
	struct ifnet *aif;
	struct sim_sink sink;
	char path[64], path2[64], cmd[256], line[512];
	static uint8_t data[8192];
	unsigned char *b;
	size_t n, off;
	uint64_t frames;
	unsigned recs = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "/tmp/uipc-pcap-%d.pcap", (int)getpid());
	snprintf(path2, sizeof(path2), "/tmp/uipc-pcap-%d-if.pcap",
	    (int)getpid());
	assert_int_equal(seg_set_pcap(n1, path), 0);
	aif = sim_ifattach(a, n1, "en0", "10.0.1.2/24");
	/* And a capture stage on one interface, both directions. */
	assert_int_equal(pcap_open(path2, &pw), 0);
	if_dev_push(aif, pcap_dev_create(st, pw));
	pcap_close(pw);
	sim_ifattach(r, n1, "en0", "10.0.1.1/24");
	sim_ifattach(r, n2, "en1", "10.0.2.1/24");
	sim_ifattach(d, n2, "en0", "10.0.2.2/24");
	HINET(r)->ih_forwarding = 1;
	rt_add(a, 0, 0, sim_addr("10.0.1.1"), 0, NULL);
	rt_add(d, 0, 0, sim_addr("10.0.2.1"), 0, NULL);
	sim_sink_register(d, SIM_PROTO, &sink);
	sim_ping(a, sim_addr("10.0.2.2"), 1, 1, 56);
	sim_run(st, NS_PER_SEC);
	sim_send(a, sim_addr("10.0.2.2"), SIM_PROTO, data, sizeof(data), 0);
	sim_send(a, sim_addr("10.0.2.2"), 200, "x", 1, 0);
	sim_run(st, NS_PER_SEC);
	assert_int_equal(sink.ss_len, sizeof(data));
	frames = n1->seg_frames;
	stack_destroy(st);

	b = (unsigned char *)slurp(path, &n);
	assert_true(n >= PCAP_FILEHDR_LEN);
	assert_int_equal(rd32(b), PCAP_MAGIC);
	assert_int_equal(b[4] | b[5] << 8, 2);
	assert_int_equal(b[6] | b[7] << 8, 4);
	assert_int_equal(rd32(b + 16), PCAP_SNAPLEN);
	assert_int_equal(rd32(b + 20), LINKTYPE_ETHERNET);
	for (off = PCAP_FILEHDR_LEN; off + PCAP_RECHDR_LEN <= n; recs++) {
		uint32_t incl = rd32(b + off + 8);

		assert_int_equal(incl, rd32(b + off + 12));
		assert_true(incl >= ETHER_MIN_LEN);
		off += PCAP_RECHDR_LEN + incl;
	}
	assert_int_equal(off, n);
	assert_int_equal(recs, frames);
	assert_true(recs > 10);
	free(b);

	if (system("command -v tshark >/dev/null 2>&1") == 0) {
		const char *files[2] = { path, path2 };
		int i;

		for (i = 0; i < 2; i++) {
			snprintf(cmd, sizeof(cmd), "tshark -r %s -o "
			    "ip.check_checksum:TRUE -Y 'ip.checksum.status==Bad"
			    " || _ws.malformed' 2>/dev/null", files[i]);
			fp = popen(cmd, "r");
			assert_non_null(fp);
			n = 0;
			while (fgets(line, sizeof(line), fp) != NULL) {
				fprintf(stderr, "tshark: %s", line);
				n++;
			}
			assert_int_equal(pclose(fp), 0);
			assert_int_equal(n, 0);
		}
		/* And it does see the frames: ICMP echo and reply. */
		snprintf(cmd, sizeof(cmd), "tshark -r %s -Y icmp 2>/dev/null "
		    "| wc -l", path);
		fp = popen(cmd, "r");
		assert_non_null(fgets(line, sizeof(line), fp));
		pclose(fp);
		assert_true(atoi(line) >= 3);
	}
	unlink(path);
	unlink(path2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_same_seed_same_pcap),
		cmocka_unit_test(test_fault_partition),
		cmocka_unit_test(test_pcap_format_and_tshark),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
