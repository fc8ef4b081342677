#!/usr/bin/env bash
# Writes the benchmark profiles into test/bench/data/ (gitignored) with the
# installed Go, unless they are there already.
#
#   test/bench/make-data.sh           # make what is missing
#   test/bench/make-data.sh --force   # make again
#
# GO=/path/to/go picks the toolchain. Exit status 3 means there is none
# (run.ts says so and stops).
set -euo pipefail
GO=${GO:-go}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA="$HERE/data"
GEN="$HERE/../gen"
WANT="bigheap.base.heap bigheap.current.heap"

have_all() {
	for f in $WANT; do [ -s "$DATA/$f" ] || return 1; done
}
if [ "${1:-}" != --force ] && have_all; then
	echo "bench data: present in test/bench/data/ (--force to make again)"
	exit 0
fi
if ! command -v "$GO" >/dev/null 2>&1; then
	echo "bench data: Go is not installed, so the benchmark profiles cannot be made." >&2
	echo "  Install it (Debian/Ubuntu: apt-get install golang-go) and run: npm run bench:data" >&2
	exit 3
fi

mkdir -p "$DATA"
TMP=$(mktemp -d "$DATA/.make.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
echo "bench data: building test/gen/bigheap with $("$GO" version)"
(cd "$GEN" && "$GO" build -trimpath -o "$TMP/bigheap" ./bigheap)
echo "bench data: running it (about 30 s and 2 GB of RAM)"
"$TMP/bigheap" -out "$TMP"
for f in $WANT; do
	mv "$TMP/$f" "$DATA/$f"
	echo "bench data: $f  $(wc -c <"$DATA/$f") bytes gzipped, $(gzip -dc "$DATA/$f" | wc -c) uncompressed"
done
