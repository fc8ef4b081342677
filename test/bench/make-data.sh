#!/usr/bin/env bash
# Writes the benchmark data into test/bench/data/ (gitignored) with the
# installed Go, unless it is there already:
#
#   bigheap.base.heap, bigheap.current.heap   test/gen/bigheap (~1 min, ~2 GB of RAM)
#   manygoroutines.debug2.txt                 test/gen/manygoroutines (~10 s)
#   series/bigheap.s01.heap … s50.heap        test/gen/bigheap -many 50 -size 1MB, only
#                                             when asked for (`series`; ~20 s of CPU)
#
#   test/bench/make-data.sh           # make what is missing
#   test/bench/make-data.sh --force   # make everything again
#   test/bench/make-data.sh series    # only the series (--force series: again)
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
SERIES_DIR="series"
SERIES_N=50
FORCE=
WANT=default
for a in "$@"; do
	case "$a" in
	--force) FORCE=--force ;;
	series) WANT=series ;;
	*) echo "make-data.sh: unknown argument $a (want --force and/or series)" >&2; exit 2 ;;
	esac
done

missing() {
	[ "$FORCE" = --force ] && return 0
	for f in "$@"; do [ -s "$DATA/$f" ] || return 0; done
	return 1
}
SERIES_LAST="$SERIES_DIR/bigheap.s$SERIES_N.heap"
if [ "$WANT" = series ]; then
	NEEDED=$SERIES_LAST
else
	NEEDED="$HEAPS $DUMP"
fi
# shellcheck disable=SC2086 # word splitting of the lists is wanted
if ! missing $NEEDED; then
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
	for f in $HEAPS; do
		mv "$TMP/$f" "$DATA/$f"
		echo "bench data: $f  $(wc -c <"$DATA/$f") bytes gzipped, $(gzip -dc "$DATA/$f" | wc -c) uncompressed"
	done
fi

if missing $DUMP; then
	echo "bench data: building test/gen/manygoroutines with $("$GO" version)"
	(cd "$GEN" && "$GO" build -trimpath -o "$TMP/manygoroutines" ./manygoroutines)
	echo "bench data: running it (about 10 s; it listens on 127.0.0.1 only, while it runs)"
	"$TMP/manygoroutines" -out "$TMP/$DUMP"
	mv "$TMP/$DUMP" "$DATA/$DUMP"
	echo "bench data: $DUMP  $(wc -c <"$DATA/$DUMP") bytes"
fi
