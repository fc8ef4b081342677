// Command hugeheap writes one heap profile of a chosen size, for heapdiff's
// test of how large a profile the page loads (test/bench/huge.ts; pprof
// issue #936 reports a 123 GB one). Not a fixture: hundreds of megabytes, into
// test/bench/data/ (gitignored). See ../README.md.
//
// Unlike bigheap and wideheap it does not run a program under the runtime's
// profiler: a 300 MB profile would take the runtime tens of millions of
// sampled allocations and many gigabytes. It writes profile.proto itself,
// streaming (a few megabytes of memory for any size), in the shape
// pprof.Lookup("heap").WriteTo(w, 0) gives: the four sample types
// alloc_objects/count, alloc_space/bytes, inuse_objects/count,
// inuse_space/bytes, period_type space/bytes, one mapping, one Line per
// Location, a numeric label bytes=<size> on every sample, gzip at
// BestSpeed as runtime/pprof writes it.
//
// The call graph is wideheap's kind: -funcs functions, each calling -fanout
// others (drawn once from the seed) from its own line, one Location per call
// site and one per allocation site. A sample's stack enters at a random
// function, walks 6–24 calls steered by random digits, and ends in the last
// function's allocation site, under main.main and runtime.main; with
// thousands of functions nearly every sample is a distinct stack. Samples
// are written until the profile.proto reaches -size megabytes (1,000,000
// bytes each); the file's uncompressed size is printed.
//
//	cd test/gen && go run ./hugeheap -size 300 -out ../bench/data/huge300.heap
//	go run ./hugeheap -size 50 -seed 2 -out /tmp/h.heap
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"math/rand"
	"os"
)

// Field numbers of profile.proto (github.com/google/pprof/proto/profile.proto).
const (
	profileSampleType   = 1
	profileSample       = 2
	profileMapping      = 3
	profileLocation     = 4
	profileFunction     = 5
	profileStringTable  = 6
	profileTimeNanos    = 9
	profilePeriodType   = 11
	profilePeriod       = 12
	valueTypeType       = 1
	valueTypeUnit       = 2
	sampleLocationID    = 1
	sampleValue         = 2
	sampleLabel         = 3
	labelKey            = 1
	labelNum            = 3
	mappingID           = 1
	mappingMemoryStart  = 2
	mappingMemoryLimit  = 3
	mappingFilename     = 5
	mappingHasFunctions = 7
	locationID          = 1
	locationMappingID   = 2
	locationAddress     = 3
	locationLine        = 4
	lineFunctionID      = 1
	lineLine            = 2
	functionID          = 1
	functionName        = 2
	functionSystemName  = 3
	functionFilename    = 4
	functionStartLine   = 5
)

// sizes are the allocation sizes a sample's label says, the runtime's size classes.
var sizes = [...]int64{8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 160, 208, 256, 320, 384, 512, 640, 896, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 10240, 27264}

// msg builds one protobuf message; nested messages are built in their own
// msg and appended as bytes.
type msg []byte

func (m msg) varint(v uint64) msg {
	for v >= 0x80 {
		m = append(m, byte(v)|0x80)
		v >>= 7
	}
	return append(m, byte(v))
}

func (m msg) key(field, wire int) msg { return m.varint(uint64(field<<3 | wire)) }

func (m msg) int(field int, v int64) msg {
	if v == 0 {
		return m
	}
	return m.key(field, 0).varint(uint64(v))
}

func (m msg) bytes(field int, b []byte) msg {
	return append(m.key(field, 2).varint(uint64(len(b))), b...)
}

func (m msg) packed(field int, vs []int64) msg {
	var inner msg
	for _, v := range vs {
		inner = inner.varint(uint64(v))
	}
	return m.bytes(field, inner)
}

// writer counts the uncompressed bytes it is given.
type writer struct {
	w *bufio.Writer
	n int64
}

func (w *writer) field(field int, m msg) {
	var head msg
	head = head.key(field, 2).varint(uint64(len(m)))
	w.w.Write(head)
	w.w.Write(m)
	w.n += int64(len(head) + len(m))
}

func (w *writer) int(field int, v int64) {
	m := msg(nil).int(field, v)
	w.w.Write(m)
	w.n += int64(len(m))
}

// strings is the string table, in the order of first use.
type strings struct {
	index map[string]int64
	list  []string
}

func (s *strings) id(v string) int64 {
	if i, ok := s.index[v]; ok {
		return i
	}
	i := int64(len(s.list))
	s.index[v] = i
	s.list = append(s.list, v)
	return i
}

// graph is the generated program: function i calls callees[i][d] from line
// 10+d, allocates on line 10+fanout; locations are numbered function by
// function, fanout+1 each, then main.main's and runtime.main's.
type graph struct {
	funcs, fanout int
	callees       [][]int
}

func (g *graph) callSite(f, digit int) int64 { return int64(f*(g.fanout+1) + digit + 1) }
func (g *graph) allocSite(f int) int64       { return g.callSite(f, g.fanout) }
func (g *graph) mainLoc() int64              { return int64(g.funcs*(g.fanout+1) + 1) }

func funcName(i int) string {
	return fmt.Sprintf("example.com/svc/internal/pkg%02d.(*worker%d).step%d", i%64, i%97, i)
}

func fileName(i int) string {
	return fmt.Sprintf("/home/build/svc/internal/pkg%02d/step%d.go", i%64, i/64)
}

// header writes what comes before the samples: types, period, time.
func header(w *writer, s *strings) {
	for _, t := range [][2]string{{"alloc_objects", "count"}, {"alloc_space", "bytes"}, {"inuse_objects", "count"}, {"inuse_space", "bytes"}} {
		w.field(profileSampleType, msg(nil).int(valueTypeType, s.id(t[0])).int(valueTypeUnit, s.id(t[1])))
	}
	w.field(profilePeriodType, msg(nil).int(valueTypeType, s.id("space")).int(valueTypeUnit, s.id("bytes")))
	w.int(profilePeriod, 524288)
	w.int(profileTimeNanos, 1_700_000_000_000_000_000)
}

// sample writes one sample: a path of 6–24 calls from a random function.
func sample(w *writer, g *graph, rng *rand.Rand, bytesKey int64, sc *scratch) {
	f := rng.Intn(g.funcs)
	depth := 6 + rng.Intn(19)
	sc.calls = sc.calls[:0]
	for d := 0; d < depth; d++ {
		digit := rng.Intn(g.fanout)
		sc.calls = append(sc.calls, g.callSite(f, digit))
		f = g.callees[f][digit]
	}
	// Leaf first: the allocation site, then each call site back to the entry.
	sc.stack = append(sc.stack[:0], g.allocSite(f))
	for d := depth - 1; d >= 0; d-- {
		sc.stack = append(sc.stack, sc.calls[d])
	}
	sc.stack = append(sc.stack, g.mainLoc(), g.mainLoc()+1)
	size := sizes[rng.Intn(len(sizes))]
	count := int64(1 + rng.Intn(64))
	inuse := count * int64(rng.Intn(3)) / 2
	sc.values = append(sc.values[:0], count, count*size, inuse, inuse*size)
	m := msg(nil).packed(sampleLocationID, sc.stack).packed(sampleValue, sc.values)
	m = m.bytes(sampleLabel, msg(nil).int(labelKey, bytesKey).int(labelNum, size))
	w.field(profileSample, m)
}

// scratch is sample's reused slices.
type scratch struct{ calls, stack, values []int64 }

func main() {
	out := flag.String("out", "huge.heap", "the profile to write (gzipped profile.proto)")
	size := flag.Int64("size", 300, "megabytes (1,000,000 bytes) of profile.proto, uncompressed, at least")
	funcs := flag.Int("funcs", 6000, "functions in the generated call graph")
	fanout := flag.Int("fanout", 4, "functions each function calls")
	seed := flag.Int64("seed", 1, "seed of the call graph and of the stacks")
	flag.Parse()
	if *size < 1 || *funcs < 1 || *fanout < 1 {
		fail(fmt.Errorf("need -size ≥ 1, -funcs ≥ 1, -fanout ≥ 1"))
	}
	rng := rand.New(rand.NewSource(*seed))
	g := &graph{funcs: *funcs, fanout: *fanout, callees: make([][]int, *funcs)}
	for i := range g.callees {
		g.callees[i] = make([]int, *fanout)
		for d := range g.callees[i] {
			g.callees[i][d] = rng.Intn(*funcs)
		}
	}

	f, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	bw := bufio.NewWriterSize(zw, 1<<20)
	w := &writer{w: bw}
	s := &strings{index: map[string]int64{}}
	s.id("")
	header(w, s)
	bytesKey := s.id("bytes")
	tail := tables(g, s)
	limit := *size * 1_000_000
	sc := &scratch{}
	samples := 0
	for w.n+int64(len(tail)) < limit {
		sample(w, g, rng, bytesKey, sc)
		samples++
	}
	w.w.Write(tail)
	w.n += int64(len(tail))
	if err := bw.Flush(); err != nil {
		fail(err)
	}
	if err := zw.Close(); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
	fmt.Printf("hugeheap: wrote %s: %d bytes of profile.proto, %d samples, %d locations\n", *out, w.n, samples, g.mainLoc()+1)
}

// tables is the profile's end: the mapping, locations, functions and the
// string table, encoded once before the samples so their size is known.
func tables(g *graph, s *strings) []byte {
	var t msg
	field := func(n int, m msg) { t = t.bytes(n, m) }
	field(profileMapping, msg(nil).int(mappingID, 1).int(mappingMemoryStart, 0x400000).int(mappingMemoryLimit, 0x4000000).
		int(mappingFilename, s.id("/home/build/svc/bin/svc")).int(mappingHasFunctions, 1))
	location := func(id, fn int64, line int64) {
		l := msg(nil).int(lineFunctionID, fn).int(lineLine, line)
		field(profileLocation, msg(nil).int(locationID, id).int(locationMappingID, 1).int(locationAddress, 0x401000+id*16).bytes(locationLine, l))
	}
	for f := 0; f < g.funcs; f++ {
		for d := 0; d <= g.fanout; d++ {
			location(g.callSite(f, d), int64(f+1), int64(10+d))
		}
	}
	location(g.mainLoc(), int64(g.funcs+1), 42)
	location(g.mainLoc()+1, int64(g.funcs+2), 267)
	function := func(id int64, name, file string, line int64) {
		n := s.id(name)
		field(profileFunction, msg(nil).int(functionID, id).int(functionName, n).int(functionSystemName, n).int(functionFilename, s.id(file)).int(functionStartLine, line))
	}
	for f := 0; f < g.funcs; f++ {
		function(int64(f+1), funcName(f), fileName(f), 9)
	}
	function(int64(g.funcs+1), "main.main", "/home/build/svc/main.go", 30)
	function(int64(g.funcs+2), "runtime.main", "/usr/lib/go/src/runtime/proc.go", 144)
	for _, v := range s.list {
		t = t.bytes(profileStringTable, []byte(v))
	}
	return t
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "hugeheap:", err)
	os.Exit(1)
}
