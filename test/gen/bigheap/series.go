package main

// The -many mode: N heap snapshots of one process, each about -size bytes of
// profile.proto once gunzipped, for the benchmark of the timeline and the
// trend (many files of one program, ranked across all of them).
//
// First it walks paths, keeping one allocation in four, until the profile is
// about -size: that fixes the set of stacks (the profile only grows by new
// buckets, and re-walking the same paths from the same call site makes
// none). Then, before each snapshot, it re-walks parts of that same set:
//
//	the first eighth of the paths, every interval, keeping one allocation in
//	16: more in use in every snapshot (a leak)
//	the second eighth, once, keeping one in two: alive only in the middle
//	snapshot (a spike)
//	and frees a slice of the second half of the first walk's allocations per
//	interval (a slow release); the rest stays as it was.
//
// In-use totals grow with a bump in the middle. A stage lies on many paths,
// so at function granularity most rows mix these moves (cum: about 140 of
// 345 functions peak in the middle, 50 stay flat, the rest mixed); the
// series is for timing loads and rankings of many snapshots, not for
// checking shapes (test/fixtures/leakspike.* are for that).

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
)

// parseSize reads "1MB", "512kB", "2000000" (B); k and M are 1024-based, as pprof prints them.
func parseSize(s string) (int, error) {
	mult := 1
	num := s
	for _, u := range []struct {
		suffix string
		mult   int
	}{{"MB", 1 << 20}, {"kB", 1 << 10}, {"KB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			num, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("-size %q: want a positive size like 1MB, 512kB or 100000", s)
	}
	return int(f * float64(mult)), nil
}

// profileSize is the heap profile's size once gunzipped, as of a new GC.
func profileSize() int {
	runtime.GC()
	var buf bytes.Buffer
	if err := pprof.Lookup("heap").WriteTo(&buf, 0); err != nil {
		fail(err)
	}
	r, err := gzip.NewReader(&buf)
	if err != nil {
		fail(err)
	}
	n, err := io.Copy(io.Discard, r)
	if err != nil {
		fail(err)
	}
	return int(n)
}

// pathsFrom is the path generator of the whole set, from its first path.
func pathsFrom(seed int64) *rand.Rand { return rand.New(rand.NewSource(seed)) }

// skipPaths advances rng past n paths, drawing what walkPaths draws.
func skipPaths(rng *rand.Rand, n int) {
	for i := 0; i < n; i++ {
		depth := 4 + rng.Intn(32)
		for j := 0; j < depth; j++ {
			rng.Intn(4)
		}
		rng.Uint32()
	}
}

// walk is one call of walkPaths.
type walk struct {
	rng     *rand.Rand
	n, keep int
}

func writeSeries(dir string, n, size int, seed int64) {
	const batch = 100
	calibration := pathsFrom(seed) // nil once the set of paths is fixed
	paths, eighth := 0, 0
	firstKept, firstRecords := 0, 0
	// shrinking is the second half of the first walk's allocations: share k
	// of n ends at shrink(total, k).
	shrink := func(total, k int) int { return total/2 + total/2*k/n }
	width := len(strconv.Itoa(n))
	for i := 0; i < n; {
		var walks []walk
		if calibration != nil && profileSize() < size {
			walks = []walk{{calibration, batch, 4}}
			paths += batch
		} else {
			if calibration != nil {
				calibration = nil
				firstKept, firstRecords = len(kept), len(keptRecords)
				eighth = paths / 8
				fmt.Printf("bigheap: %d paths make a profile of about %d bytes\n", paths, size)
			}
			i++
			clearRange(kept, shrink(firstKept, i-1), shrink(firstKept, i))
			clearRange(keptRecords, shrink(firstRecords, i-1), shrink(firstRecords, i))
			walks = []walk{{pathsFrom(seed), eighth, 16}} // grew
			if i == (n+1)/2 {
				rng := pathsFrom(seed)
				skipPaths(rng, eighth)
				walks = append(walks, walk{rng, eighth, 2}) // peak
			}
		}
		peak, peakRecords := -1, -1
		for _, w := range walks {
			// One call site for every walk: the same paths give the same stacks.
			walkPaths(w.rng, w.n, w.keep)
			if peak < 0 { // what the first walk kept stays; a second one is the peak
				peak, peakRecords = len(kept), len(keptRecords)
			}
		}
		if calibration == nil {
			write(dir, fmt.Sprintf("bigheap.s%0*d.heap", width, i))
			clearRange(kept, peak, len(kept))
			kept = kept[:peak]
			clearRange(keptRecords, peakRecords, len(keptRecords))
			keptRecords = keptRecords[:peakRecords]
		}
	}
	runtime.KeepAlive(kept)
	runtime.KeepAlive(keptRecords)
}

// clearRange drops s[from:to], so that the next GC frees what they held
// (truncating alone would not: the backing array is still scanned).
func clearRange[T any](s []T, from, to int) {
	var zero T
	for j := from; j < to; j++ {
		s[j] = zero
	}
}
