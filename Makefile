# The commands the README gives. Every target installs what it needs first.
PREFIX ?= /usr/local
SWIFT ?= swift
PACKAGES := libsqlite3-dev libedit-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libncurses-dev libbsd-dev libmd-dev
# The C and C++ libraries a release build of the tutor takes from their static archives (Package.swift).
STATIC_LIBS := stdc++ sqlite3 cmark-gfm cmark-gfm-extensions edit tinfo bsd md
# The cohort tests and benchmark start throwaway PostgreSQL servers (initdb, pg_ctl, psql).
TEST_PACKAGES := postgresql
BENCH_PACKAGES := hyperfine lowdown time python3 sqlite3 valgrind binutils
RELEASE := -c release --static-swift-stdlib
BINARY := .build/release/backend-tutor
# Cohort mode's PostgreSQL client, a program of its own so the tutor never loads it.
COHORT_BINARY := .build/release/backend-tutor-cohort

.PHONY: run test tutor build setup install bench lint fuzz clean

## run: install what is missing, build a release binary and start the tutor
run: tutor
	@$(BINARY)

## test: install what is missing and run the whole test suite
test: setup
	@scripts/setup.sh $(TEST_PACKAGES)
	$(SWIFT) test

## tutor: the tutor's release binary alone (cohort mode's program takes far longer to build)
tutor: setup
	@scripts/static-libs.sh .build/static-libs $(STATIC_LIBS)
	$(SWIFT) build $(RELEASE) --product backend-tutor

## build: both release binaries, the tutor and cohort mode's backend-tutor-cohort
build: tutor
	$(SWIFT) build $(RELEASE) --product backend-tutor-cohort

setup:
	@scripts/setup.sh $(PACKAGES)

## lint: check every content file against docs/CONTENT.md
lint: tutor
	@$(BINARY) lint

## install: both binaries in PREFIX/bin, the curriculum in PREFIX/share/backend-tutor
install: build
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/backend-tutor"
	install -m 0755 $(BINARY) "$(DESTDIR)$(PREFIX)/bin/backend-tutor"
	install -m 0755 $(COHORT_BINARY) "$(DESTDIR)$(PREFIX)/bin/backend-tutor-cohort"
	rm -rf "$(DESTDIR)$(PREFIX)/share/backend-tutor/Content" "$(DESTDIR)$(PREFIX)/share/backend-tutor/Skills"
	cp -R Content Skills "$(DESTDIR)$(PREFIX)/share/backend-tutor/"

## fuzz: run each fuzz target (FUZZ_SECONDS each, 60 by default) with libFuzzer
FUZZ_SECONDS ?= 60
fuzz: setup
	@scripts/fuzz.sh $(FUZZ_SECONDS)

## bench: time the release binary against near-limits; writes docs/BENCHMARKS.md
bench: build
	@scripts/setup.sh $(BENCH_PACKAGES) $(TEST_PACKAGES)
	@scripts/bench.sh $(BINARY)
	@scripts/bench-cohort.sh $(BINARY) $(COHORT_BINARY)

clean:
	rm -rf .build .build-fuzz
