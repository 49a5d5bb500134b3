# vnet - plain non-recursive make; no configure step.
#   make            build/vnet and build/libvnet.a
#   make test       unit + scenario + kernel (root only) tests
#   make demo       install what is missing, build, run the default scenario
#   make bench      benchmarks that print figures
#   make SAN=1 ...  the same under ASan+UBSan, in build-san/

CC      ?= cc
SAN     ?= 0
WERROR  ?= 0
ifeq ($(SAN),1)
BUILD   ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT     := -O1
else
BUILD   ?= build
SANFLAGS :=
OPT     := -O2
endif

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wimplicit-fallthrough -Wformat=2 -Wvla -Wno-format-nonliteral
ifeq ($(WERROR),1)
WARN    += -Werror
endif
CFLAGS  ?= $(OPT) -g
ALLCFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SANFLAGS) -Iinclude -Isrc -MMD -MP
LDLIBS  := -lpcap -lm
LDFLAGS += $(SANFLAGS)

LIB_SRCS  := $(sort $(shell find src -name '*.c' -not -path 'src/tool/*'))
TOOL_SRCS := $(sort $(wildcard src/tool/*.c))
UNIT_SRCS := $(sort $(shell find tests/unit -name 'test_*.c' 2>/dev/null))
BENCH_SRCS := $(sort $(wildcard bench/*.c))

LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
TOOL_OBJS := $(TOOL_SRCS:%.c=$(BUILD)/obj/%.o)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/%)

.PHONY: all test unit scenarios kernel-tests demo bench deps clean format-check

all: $(BUILD)/vnet

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -c $< -o $@

$(BUILD)/libvnet.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/vnet: $(TOOL_OBJS) $(BUILD)/libvnet.a
	$(CC) $(LDFLAGS) -o $@ $(TOOL_OBJS) $(BUILD)/libvnet.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libvnet.a
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(BUILD)/libvnet.a $(LDLIBS) -lcmocka

$(BUILD)/bench-%: bench/bench-%.c $(BUILD)/libvnet.a
	$(CC) $(ALLCFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libvnet.a $(LDLIBS)

deps:
	@scripts/deps.sh

unit: $(UNIT_BINS)
	@scripts/run-unit.sh $(UNIT_BINS)

scenarios: $(BUILD)/vnet
	@scripts/run-scenarios.sh $(BUILD)/vnet

kernel-tests: $(BUILD)/vnet
	@scripts/run-kernel-tests.sh $(BUILD)/vnet

# The whole suite; the last line is "N passed, N failed".
test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BINS)
	@scripts/run-tests.sh $(BUILD) $(UNIT_BINS)

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(BUILD)/vnet

bench: deps
	@$(MAKE) --no-print-directory $(BENCH_BINS)
	@for b in $(BENCH_BINS); do echo "== $$b"; $$b || exit 1; done
	@if [ "$$(id -u)" = 0 ]; then echo "== bench/kernel-peers"; sh bench/kernel-peers $(BUILD)/vnet; else echo "== bench/kernel-peers: skipped (needs root)"; fi

# Fuzz targets, tests/fuzz/fuzz_*.c: libFuzzer with ASan+UBSan, built by
# clang into build-fuzz/ over a coverage-instrumented libvnet.a.
#   make fuzz                   build them (build-fuzz/fuzz/fuzz_*)
#   make fuzz-smoke             run each for FUZZ_SECONDS on its seeds
#   build-fuzz/fuzz/fuzz_arp -max_total_time=600 tests/fuzz/corpus/fuzz_arp
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 5
FUZZ_FLAGS   := -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -Iinclude -Isrc -Itests/fuzz
.PHONY: fuzz fuzz-smoke

fuzz:
	@$(MAKE) --no-print-directory SAN=1 BUILD=build-fuzz CC=$(FUZZ_CC) \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link" build-fuzz/libvnet.a
	@mkdir -p build-fuzz/fuzz
	@for s in $(sort $(wildcard tests/fuzz/fuzz_*.c)); do \
		b=build-fuzz/fuzz/$$(basename $$s .c); \
		if [ $$b -nt $$s ] && [ $$b -nt tests/fuzz/fuzz.h ] && \
		   [ $$b -nt build-fuzz/libvnet.a ]; then continue; fi; \
		echo "$(FUZZ_CC) ... -o $$b $$s"; \
		$(FUZZ_CC) $(FUZZ_FLAGS) -o $$b $$s build-fuzz/libvnet.a \
			$(LDLIBS) || exit 1; \
	done

fuzz-smoke: fuzz
	@FUZZ_NO_BUILD=1 FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

format-check:
	@clang-format --dry-run --Werror $(LIB_SRCS) $(TOOL_SRCS)

clean:
	rm -rf build build-san

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
