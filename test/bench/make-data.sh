#!/usr/bin/env bash
# Writes the benchmark data into test/bench/data/ (gitignored) with the
# installed Go, unless it is there already:
#
#   bigheap.base.heap, bigheap.current.heap   test/gen/bigheap (~1 min, ~2 GB of RAM)
#   manygoroutines.debug2.txt                 test/gen/manygoroutines (~10 s)
#
# and, only when asked for by name, instead:
#
#   wide    wideheap.base.heap, wideheap.current.heap   test/gen/wideheap (a few
#           minutes: it builds a 6,000-function program; `npm run bench -- wide`
#           asks for it when it is missing)
#   series  series/bigheap.s01.heap … s50.heap   test/gen/bigheap -many 50 -size 1MB
#           (~20 s of CPU)
#   huge N  hugeN.heap, N MB of profile.proto   test/gen/hugeheap -size N (written
#           directly, not by a run of the runtime: ~1 s per 25 MB)
#
#   test/bench/make-data.sh              # make what is missing
#   test/bench/make-data.sh --force      # make everything again
#   test/bench/make-data.sh wide         # the wide pair (npm run bench:data -- wide)
#   test/bench/make-data.sh series       # the series (--force series: again)
#   test/bench/make-data.sh huge 300     # huge300.heap (test/bench/huge.ts asks for it)
#
# GO=/path/to/go picks the toolchain. Exit status 3 means there is none
# (run.ts says so and stops).
set -euo pipefail
GO=${GO:-go}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA="$HERE/data"
GEN="$HERE/../gen"
HEAPS="bigheap.base.heap bigheap.current.heap"
DUMP="manygoroutines.debug2.txt"
WIDE_HEAPS="wideheap.base.heap wideheap.current.heap"
SERIES_DIR="series"
SERIES_N=50
SERIES_LAST="$SERIES_DIR/bigheap.s$SERIES_N.heap"
FORCE=
WANT=default
for arg in "$@"; do
	case $arg in
	--force) FORCE=--force ;;
	wide) WANT=wide ;;
	series) WANT=series ;;
	huge) WANT=huge ;;
	[0-9]*) [ "$WANT" = huge ] && HUGE_MB=$arg || WANT=bad ;;
	*) WANT=bad ;;
	esac
	if [ "$WANT" = bad ]; then
		echo "usage: make-data.sh [--force] [wide|series|huge MB]" >&2
		exit 2
	fi
done
case $WANT in
huge) WANTED="huge${HUGE_MB:?make-data.sh huge needs a size in MB}.heap" ;;
wide) WANTED=$WIDE_HEAPS ;;
series) WANTED=$SERIES_LAST ;;
*) WANTED="$HEAPS $DUMP" ;;
esac

missing() {
	[ "$FORCE" = --force ] && return 0
	for f in "$@"; do [ -s "$DATA/$f" ] || return 0; done
	return 1
}
# shellcheck disable=SC2086 # word splitting of the lists is wanted
if ! missing $WANTED; then
	echo "bench data: present in test/bench/data/ (--force to make again)"
	exit 0
fi
if ! command -v "$GO" >/dev/null 2>&1; then
	echo "bench data: Go is not installed, so the benchmark data cannot be made." >&2
	echo "  Install it (Debian/Ubuntu: apt-get install golang-go) and run: npm run bench:data" >&2
	exit 3
fi

mkdir -p "$DATA"
TMP=$(mktemp -d "$DATA/.make.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# Moves made profiles from $TMP into $DATA, saying how large they are.
install_heaps() {
	for f in "$@"; do
		mv "$TMP/$f" "$DATA/$f"
		echo "bench data: $f  $(wc -c <"$DATA/$f") bytes gzipped, $(gzip -dc "$DATA/$f" | wc -c) uncompressed"
	done
}

if [ "$WANT" = wide ]; then
	echo "bench data: building test/gen/wideheap with $("$GO" version)"
	(cd "$GEN" && "$GO" build -trimpath -o "$TMP/wideheap" ./wideheap)
	echo "bench data: running it (it builds and runs a generated program: minutes, ~2 GB of RAM)"
	"$TMP/wideheap" -go "$GO" -out "$TMP"
	# shellcheck disable=SC2086
	install_heaps $WIDE_HEAPS
	exit 0
fi

if [ "$WANT" = huge ]; then
	echo "bench data: building test/gen/hugeheap with $("$GO" version)"
	(cd "$GEN" && "$GO" build -trimpath -o "$TMP/hugeheap" ./hugeheap)
	"$TMP/hugeheap" -size "$HUGE_MB" -out "$TMP/$WANTED"
	install_heaps "$WANTED"
	exit 0
fi

if [ "$WANT" = series ]; then
	echo "bench data: building test/gen/bigheap with $("$GO" version)"
	(cd "$GEN" && "$GO" build -trimpath -o "$TMP/bigheap" ./bigheap)
	echo "bench data: running it for $SERIES_N snapshots of about 1 MB"
	"$TMP/bigheap" -out "$TMP/$SERIES_DIR" -many "$SERIES_N" -size 1MB >/dev/null
	rm -rf "${DATA:?}/$SERIES_DIR"
	mv "$TMP/$SERIES_DIR" "$DATA/$SERIES_DIR"
	echo "bench data: $SERIES_DIR/  $(find "$DATA/$SERIES_DIR" -name '*.heap' | wc -l) files," \
		"the last $(gzip -dc "$DATA/$SERIES_LAST" | wc -c) bytes uncompressed"
	exit 0
fi

# shellcheck disable=SC2086
if missing $HEAPS; then
	echo "bench data: building test/gen/bigheap with $("$GO" version)"
	(cd "$GEN" && "$GO" build -trimpath -o "$TMP/bigheap" ./bigheap)
	echo "bench data: running it (about a minute and 2 GB of RAM)"
	"$TMP/bigheap" -out "$TMP"
	# shellcheck disable=SC2086
	install_heaps $HEAPS
fi

if missing $DUMP; then
	echo "bench data: building test/gen/manygoroutines with $("$GO" version)"
	(cd "$GEN" && "$GO" build -trimpath -o "$TMP/manygoroutines" ./manygoroutines)
	echo "bench data: running it (about 10 s; it listens on 127.0.0.1 only, while it runs)"
	"$TMP/manygoroutines" -out "$TMP/$DUMP"
	mv "$TMP/$DUMP" "$DATA/$DUMP"
	echo "bench data: $DUMP  $(wc -c <"$DATA/$DUMP") bytes"
fi
