# uipc: the 4.2BSD IPC Primer's interprocess-communication system for Linux.
#
# make            build everything into build/
# make check      install missing Debian packages, build, run every test
#                 (unit tests plain and under ASan+UBSan, system, interop, fuzz,
#                 and the socket test suites of CPython and libuv)
# make demo       the main job: the primer's programs live on uipc
# make bench      benchmarks, printed as ratios against the Linux kernel
#                 (bench/run.sh; bench/tap_veth.sh: a TAP against a veth pair)
# make install    uipcd, uipc, the libraries, headers, man pages and uipc.pc
#                 under DESTDIR/PREFIX (PREFIX=/usr/local)
# make fuzz       run each libFuzzer target for FUZZ_SECONDS
# make check-layers  the include rules between layers (scripts/check_layers.sh;
#                 part of check)
# make check-suites  CPython's and libuv's own socket tests, on the kernel and
#                 on uipc, compared test by test (tests/suites/; part of check)
#
# A debug uipcd that checks its own invariants after every loop turn
# (src/sys/uipcd_check.c) and aborts at the first broken one:
#   make B=build/check EXTRA_CFLAGS=-DUIPCD_CHECK build/check/bin/uipcd
#
# Sources are found by directory, so adding a file needs no edit here:
#   src/{base,kern,unix,net,inet,stack}/*.c -> libuipc_core.a (the stack, no processes)
#   src/lib/netdb/*.c                  -> libuipc_netdb.a  (network library routines, §3)
#   src/lib/*.c                        -> libuipc.so       (client library: uipc_* calls)
#   src/lib/shim/*.c                   -> libuipc_preload.so (libc names, for LD_PRELOAD)
#   src/sys/*.c + cmd/uipcd            -> uipcd
#   cmd/NAME/*.c                       -> build/bin/NAME (linked with libuipc;
#                                         the primer's programs, PRIMER_CMDS, plain)
#   tests/unit/*/test_*.c              -> build/tests/unit/test_* (cmocka, with core+netdb)
#   tests/fuzz/fuzz_*.c                -> build/fuzz/fuzz_* (clang -fsanitize=fuzzer;
#                                         fuzz_ctl links src/sys as well)
#   examples/*.c                       -> not built here: a user builds them against
#                                         the installed copy (pkg-config uipc)

CC      ?= cc
B       ?= build
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
CPPFLAGS := -Iinclude -Isrc -D_GNU_SOURCE
ALLCFLAGS = -std=gnu11 -fPIC -pthread $(WARN) $(CPPFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)

CORE_SRC  := $(wildcard src/base/*.c src/kern/*.c src/unix/*.c src/net/*.c src/inet/*.c src/stack/*.c)
NETDB_SRC := $(wildcard src/lib/netdb/*.c)
LIB_SRC   := $(wildcard src/lib/*.c)
SHIM_SRC  := $(wildcard src/lib/shim/*.c)
SYS_SRC   := $(wildcard src/sys/*.c)
CMDS      := $(filter-out uipcd,$(notdir $(wildcard cmd/*)))
# The primer's programs (§4): plain BSD socket programs, built with nothing
# of uipc linked in, so that the same binary runs on the Linux kernel and,
# under `uipc run`, on uipc (see "The primer's programs" below).
PRIMER_CMDS := rlogind rlogin inetd
UNIT_SRC  := $(wildcard tests/unit/*/test_*.c)
UNIT_HELP := $(wildcard tests/unit/*/helper_*.c)
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)
PROG_SRC  := $(wildcard tests/system/progs/*.c bench/*.c)
INPROC_SRC := $(wildcard bench/inproc/*.c)

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))

CORE_A  := $(B)/lib/libuipc_core.a
NETDB_A := $(B)/lib/libuipc_netdb.a
LIB_A   := $(B)/lib/libuipc.a
LIB_SO  := $(B)/lib/libuipc.so
SHIM_SO := $(B)/lib/libuipc_preload.so
UIPCD   := $(B)/bin/uipcd
BINS    := $(addprefix $(B)/bin/,$(CMDS))
UNITS   := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRC))
# Test and benchmark programs: plain BSD-socket programs in the primer's
# style, linked with nothing of uipc, so the same binary runs on the Linux
# kernel and (under `uipc run`) on uipc.
PROGS   := $(patsubst %.c,$(B)/progs/%,$(notdir $(PROG_SRC)))
# In-process benchmarks: the stack linked in, no daemon.
INPROCS := $(patsubst %.c,$(B)/progs/%,$(notdir $(INPROC_SRC)))

.PHONY: all check check-layers check-unit check-asan check-system check-system-asan check-fuzz check-suites demo bench fuzz deps clean install
all: $(CORE_A) $(NETDB_A) $(LIB_SO) $(SHIM_SO) $(UIPCD) $(BINS) $(UNITS) $(PROGS) $(INPROCS)
.SECONDARY:


.SECONDEXPANSION:
$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -MMD -MP -c $< -o $@

$(CORE_A): $(call obj,$(CORE_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(NETDB_A): $(call obj,$(NETDB_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(LIB_A): $(call obj,$(LIB_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(LIB_SO): $(call obj,$(LIB_SRC) $(NETDB_SRC))
	@mkdir -p $(dir $@)
	$(CC) -shared -pthread -o $@ $^ -ldl
$(SHIM_SO): $(call obj,$(SHIM_SRC) $(LIB_SRC) $(NETDB_SRC))
	@mkdir -p $(dir $@)
	$(CC) -shared -pthread -o $@ $^ -ldl
$(UIPCD): $(call obj,$(SYS_SRC) $(wildcard cmd/uipcd/*.c)) $(CORE_A) $(NETDB_A)
	@mkdir -p $(dir $@)
	$(CC) -pthread -o $@ $^
# Every other program links the client library statically, so that it runs
# from the build tree with no LD_LIBRARY_PATH; on the host kernel it is plain.
$(B)/bin/%: $$(call obj,$$(wildcard cmd/%/*.c)) $(LIB_A) $(NETDB_A)
	@mkdir -p $(dir $@)
	$(CC) -pthread -o $@ $^ -ldl -lutil
# The primer's programs: plain, linked with libc's pty and crypt only.
$(addprefix $(B)/bin/,$(PRIMER_CMDS)): $(B)/bin/%: $$(call obj,$$(wildcard cmd/$$*/*.c))
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lutil -lcrypt
$(B)/tests/unit/%: $(B)/obj/tests/unit/%.o $(call obj,$(UNIT_HELP)) $(CORE_A) $(NETDB_A)
	@mkdir -p $(dir $@)
	$(CC) -pthread -o $@ $^ -lcmocka

$(B)/progs/%: tests/system/progs/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -D_GNU_SOURCE -Isrc $(OPT) -g -pthread -o $@ $< -lutil
# In-process benchmarks see only the embedding API's header (include/).
$(B)/progs/%: bench/inproc/%.c $(CORE_A)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -D_GNU_SOURCE -Iinclude $(OPT) -g -pthread -o $@ $< $(CORE_A) -lm
$(B)/progs/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -D_GNU_SOURCE $(OPT) -g -pthread -o $@ $< -lutil -lm

# The unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
check-asan:
	$(MAKE) B=build/asan OPT=-O1 EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS=-fsanitize=address,undefined CC="$(CC) -fsanitize=address,undefined" \
	    $(patsubst $(B)/%,build/asan/%,$(UNITS))
	CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
	    prove -e '' $(sort $(patsubst $(B)/%,build/asan/%,$(UNITS)))

# The system tests again with uipcd built under AddressSanitizer and
# UndefinedBehaviorSanitizer (the programs stay plain): a report, a leak at
# exit or a crash fails the test that was running.
check-system-asan: all
	$(MAKE) B=build/asan OPT=-O1 EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    CC="$(CC) -fsanitize=address,undefined" build/asan/bin/uipcd
	rm -rf build/sanbuild && mkdir -p build/sanbuild/bin && cp -r $(B)/lib $(B)/progs build/sanbuild/ && \
	    cp $(B)/bin/* build/sanbuild/bin/ && cp build/asan/bin/uipcd build/sanbuild/bin/uipcd
	UIPC_BUILD=$(CURDIR)/build/sanbuild ASAN_OPTIONS=detect_leaks=1 prove -j2 -e '' $(sort $(wildcard tests/system/*.t))

deps:
	@scripts/deps.sh

check: deps all
	@$(MAKE) --no-print-directory check-layers
	@$(MAKE) --no-print-directory check-asan
	@$(MAKE) --no-print-directory check-fuzz
	@$(MAKE) --no-print-directory check-system-asan
	CMOCKA_MESSAGE_OUTPUT=TAP UIPC_BUILD=$(CURDIR)/$(B) scripts/prove_logged.sh $(B)/check.log -e '' \
	    $(sort $(UNITS)) $(sort $(wildcard tests/system/*.t)) $(sort $(wildcard tests/interop/*.t))
	@$(MAKE) --no-print-directory check-suites

# The include rules between the layers (docs/DESIGN.md, "Layers"); the
# rules still being fixed are listed at the top of the script as TODO.
check-layers:
	@scripts/check_layers.sh

check-unit: all
	CMOCKA_MESSAGE_OUTPUT=TAP prove -e '' $(sort $(UNITS))

check-system: all
	UIPC_BUILD=$(CURDIR)/$(B) prove -e '' $(sort $(wildcard tests/system/*.t))

# Socket test suites that others wrote, as they are: CPython's (Debian's
# libpython3.11-testsuite) and libuv's (its own runner, built once from
# Debian's libuv1 source into $(B)/suites/libuv).  Each runs on the kernel and
# under `uipc run` in a network namespace of its own; a test that passes on
# the kernel and fails on uipc fails here unless tests/suites/NAME.expected
# lists it with its reason.
check-suites: all
	UIPC_BUILD=$(CURDIR)/$(B) prove -e '' $(sort $(wildcard tests/suites/*.t))

# libFuzzer targets: built with clang, each run briefly from its seed corpus.
FUZZ_SECONDS ?= 10
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined $(CPPFLAGS)
build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
build/fuzz/libfuzzcore.a: $(patsubst %.c,build/fuzz/obj/%.o,$(CORE_SRC) $(NETDB_SRC))
	rm -f $@ && ar rcs $@ $^
build/fuzz/%: tests/fuzz/%.c build/fuzz/libfuzzcore.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^
# The control protocol's target runs uipcd in-process: src/sys too (not cmd/uipcd).
build/fuzz/libfuzzsys.a: $(patsubst %.c,build/fuzz/obj/%.o,$(SYS_SRC))
	rm -f $@ && ar rcs $@ $^
build/fuzz/fuzz_ctl: tests/fuzz/fuzz_ctl.c build/fuzz/libfuzzsys.a build/fuzz/libfuzzcore.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^
fuzz: $(FUZZ_BINS)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)
check-fuzz: $(FUZZ_BINS)
	@tests/fuzz/run.sh 3 $(FUZZ_BINS)

demo: deps all
	@scripts/demo.sh

bench: deps all
	@bench/run.sh
	@UIPC_BUILD=$(CURDIR)/$(B) bench/tap_veth.sh

# Installing: the daemon and its command in bin (uipc finds uipcd and the
# preload shim beside itself, bin/../lib), the libraries, the public
# headers, the man pages, and a pkg-config file for the embedding API
# (examples/embed_echo.c builds with `pkg-config --cflags --libs uipc`).
PREFIX  ?= /usr/local
DESTDIR ?=
VERSION ?= 0.1
INSTALL ?= install
# The pages of what is installed: the two programs, the configuration, the
# library routines, the embedding API.
MANPAGES := man/uipc.1 man/uipcd.8 man/uipc.conf.5 man/uipc_netdb.3 man/uipc_embed.3
install: $(UIPCD) $(B)/bin/uipc $(CORE_A) $(NETDB_A) $(LIB_SO) $(SHIM_SO)
	$(INSTALL) -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/include/uipc \
	    $(addprefix $(DESTDIR)$(PREFIX)/share/man/man,$(sort $(patsubst .%,%,$(suffix $(MANPAGES)))))
	$(INSTALL) -m 755 $(UIPCD) $(B)/bin/uipc $(DESTDIR)$(PREFIX)/bin/
	$(INSTALL) -m 644 $(CORE_A) $(NETDB_A) $(DESTDIR)$(PREFIX)/lib/
	$(INSTALL) -m 755 $(LIB_SO) $(SHIM_SO) $(DESTDIR)$(PREFIX)/lib/
	$(INSTALL) -m 644 include/uipc/*.h $(DESTDIR)$(PREFIX)/include/uipc/
	for m in $(MANPAGES); do \
	    $(INSTALL) -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man$${m##*.}/ || exit 1; done
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' uipc.pc.in \
	    >$(DESTDIR)$(PREFIX)/lib/pkgconfig/uipc.pc

clean:
	rm -rf build

-include $(shell find $(B)/obj build/fuzz/obj -name '*.d' 2>/dev/null)
