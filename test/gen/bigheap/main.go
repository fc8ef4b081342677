// Command bigheap writes large heap profiles from the real Go runtime, for
// heapdiff's benchmarks (test/bench). Not a fixture: its output is tens of
// megabytes and goes to test/bench/data/ (gitignored). See ../README.md.
//
// Every allocation is sampled (runtime.MemProfileRate = 1), so each distinct
// (call stack, size class) the program allocates from becomes one bucket of
// the runtime's heap profile, i.e. one Sample of profile.proto, with the
// numeric label bytes=<size>.
//
// Stacks run through 256 generated stages (stages.go, from gen_stages.go),
// each calling one of four others from its own line, steered by a "path" of
// pseudo-random digits from a fixed seed. A path of depth d picks one of 4^d
// call chains, so N paths give about N distinct stacks; the runtime keeps at
// most 32 frames, so the deepest are cut at the root, as in real profiles.
// A leaf allocates several sizes from one of four sites (one of them an
// inlined helper, whose Location carries two Lines, one an append loop), and
// some allocations stay reachable, so inuse_* is not all zero.
//
// Two snapshots from one run: "base" after phase 1; "current" after phase 2,
// which frees a quarter of what phase 1 kept, re-walks the first quarter of
// phase 1's paths keeping more (the same stacks), and walks new paths.
//
// With -many N it writes instead N snapshots of one process,
// bigheap.sNN.heap, each about -size uncompressed, for the timeline and trend
// benchmark (see series.go).
//
//	cd test/gen && go run ./bigheap -out ../bench/data     # the defaults
//	go run ./bigheap -out DIR -paths 50000 -grow 10000 -seed 2
//	go run ./bigheap -out DIR/series -many 50 -size 1MB
package main

//go:generate go run gen_stages.go

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

func init() {
	// Before anything allocates, so that no allocation goes unsampled.
	runtime.MemProfileRate = 1
}

// sizes are byte counts in distinct size classes: each is its own bucket.
var sizes = [...]int{8, 24, 48, 80, 128, 208, 320, 512, 896, 1536, 3072, 6144, 10240, 27264}

// kept holds what the profile should report as in use.
var (
	kept        [][]byte
	keptRecords [][]record
)

type record struct {
	key   uint64
	next  *record
	attrs [5]uint64
}

type walker struct {
	path []uint8 // branch taken at each depth
	seed uint32  // picks the leaf's allocation site and sizes
	keep int     // keep one allocation in `keep` (0: none)
	n    int     // allocations so far
}

// branch is the path's digit at depth d, or 4 (allocate) past its end.
func (w *walker) branch(d int) int {
	if d >= len(w.path) {
		return 4
	}
	return int(w.path[d])
}

// leaf allocates 1–14 sizes from one of four allocation sites.
func (w *walker) leaf() {
	k := 1 + int(w.seed%uint32(len(sizes)))
	for i := 0; i < k; i++ {
		size := sizes[(int(w.seed>>4)+5*i)%len(sizes)]
		switch (w.seed >> 8) % 4 {
		case 0:
			w.hold(make([]byte, size))
		case 1:
			w.hold(newBuffer(size))
		case 2:
			w.hold(growSlice(size))
		default:
			rs := make([]record, size/64+1)
			rs[0].key = uint64(size)
			w.holdRecords(rs)
		}
	}
}

// newBuffer is small enough to be inlined into leaf: its location has two lines.
func newBuffer(n int) []byte { return make([]byte, n, n) }

//go:noinline
func growSlice(n int) []byte {
	var b []byte
	for len(b) < n {
		b = append(b, "0123456789abcdef"...)
	}
	return b
}

func (w *walker) hold(b []byte) {
	w.n++
	if w.keep > 0 && w.n%w.keep == 0 {
		kept = append(kept, b)
	}
}

func (w *walker) holdRecords(rs []record) {
	w.n++
	if w.keep > 0 && w.n%w.keep == 0 {
		keptRecords = append(keptRecords, rs)
	}
}

// walkPaths walks n paths drawn from rng; `keep` as in walker.
func walkPaths(rng *rand.Rand, n, keep int) {
	w := &walker{path: make([]uint8, 0, 64), keep: keep}
	for i := 0; i < n; i++ {
		depth := 4 + rng.Intn(32)
		w.path = w.path[:0]
		for j := 0; j < depth; j++ {
			w.path = append(w.path, uint8(rng.Intn(4)))
		}
		w.seed = rng.Uint32()
		stages[w.seed>>24](w, 0)
	}
}

func write(dir, name string) {
	runtime.GC() // the heap profile reports as of the last completed GC
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		fail(err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
	records, _ := runtime.MemProfile(nil, true)
	fmt.Printf("wrote %s (%d heap profile buckets)\n", path, records)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bigheap:", err)
	os.Exit(1)
}

func main() {
	out := flag.String("out", ".", "directory for bigheap.base.heap and bigheap.current.heap")
	paths := flag.Int("paths", 110000, "paths walked before the base snapshot")
	grow := flag.Int("grow", 30000, "new paths walked before the current snapshot")
	seed := flag.Int64("seed", 1, "seed of the path generator")
	many := flag.Int("many", 0, "write this many snapshots bigheap.sNN.heap (a series) instead of base and current")
	size := flag.String("size", "1MB", "with -many: about how large each snapshot is, uncompressed (B, kB, MB)")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	if *many > 0 {
		bytes, err := parseSize(*size)
		if err != nil {
			fail(err)
		}
		writeSeries(*out, *many, bytes, *seed)
		return
	}

	rng := rand.New(rand.NewSource(*seed))
	steps := []struct {
		rng        *rand.Rand
		n, keep    int
		snapshot   string
		freeBefore bool
	}{
		{rng: rng, n: *paths, keep: 8, snapshot: "bigheap.base.heap"},
		{rng: rand.New(rand.NewSource(*seed)), n: *paths / 4, keep: 3, freeBefore: true},
		{rng: rng, n: *grow, keep: 4, snapshot: "bigheap.current.heap"},
	}
	for _, s := range steps {
		if s.freeBefore {
			kept = kept[len(kept)/4:]
			keptRecords = keptRecords[len(keptRecords)/4:]
		}
		walkPaths(s.rng, s.n, s.keep) // one call site: re-walked paths give the same stacks
		if s.snapshot != "" {
			write(*out, s.snapshot)
		}
	}
	runtime.KeepAlive(kept)
	runtime.KeepAlive(keptRecords)
}
