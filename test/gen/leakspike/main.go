// Command leakspike writes a series of six snapshots of one process, for
// heapdiff's timeline and trend tests (test/fixtures/leakspike.sNN.*). Each
// snapshot is the heap profile (gzipped proto and ?debug=1 text, which ends
// with the # runtime.MemStats block) and the goroutine profile (proto and
// ?debug=1), taken one after the other after a runtime.GC(), about
// -interval apart, so time_nanos grows and slopes per minute mean something.
//
// The process, an ingest service in miniature, does four things per interval:
//
//	slow leak      (*traceIndex).remember: 150 traces × 10 spans of 1 KiB kept in a
//	               global map that nothing ever shrinks: ~1.5 MiB more in every interval
//	flat           (*sessionCache).refresh: a ring of 512 × 2 KiB entries made in
//	               the first interval and rewritten in place: 1 MiB in use, always the same
//	goroutine leak (*ackWaiter).wait: 200 more goroutines per interval parked on
//	               a channel nobody sends on
//	churn          handleRequest: garbage only (alloc_* grows, inuse_* is 0)
//
// and once, only around snapshot -spike (3), a nightly import: parseSheet →
// parseRow parses 40,000 rows (~24 MiB live) that are dropped right after the
// snapshot, so they are in that snapshot only.
//
// runtime.MemProfileRate = 4096 (see init): the numbers are the runtime's
// estimates, within a few percent of the sizes above; the shape (which
// function grows when) is the same on every run.
//
//	cd test/gen && go run -trimpath ./leakspike -out ../fixtures
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"time"
)

func init() {
	// One P only, so that the sampler's warm-up below reaches every P.
	runtime.GOMAXPROCS(1)
	// 4096 rather than 1: sampled values are estimates (each object is
	// counted with probability 1-exp(-size/4096) and scaled back), but the
	// runtime's and the profile writer's own small allocations stay out of
	// the ?debug=1 files, which are a few hundred kB instead of several MB.
	runtime.MemProfileRate = 4096
	warmUpSampler()
}

// warmUpSampler allocates 8 MiB of garbage in small pieces. The runtime draws
// the distance to a P's next sample when it takes one, so until then the P
// keeps the distance drawn at the default rate (~512 KiB on average, rarely a
// few MiB) and the first interval's leak would be undercounted by that much.
//
//go:noinline
func warmUpSampler() {
	for i := 0; i < 2048; i++ {
		sink = make([]byte, 4096)
	}
	sink = nil
}

var sink []byte

// ---- slow leak

type traceID uint64

// traceIndex remembers the spans of every trace "for the debug page"; no
// one ever removes a trace.
type traceIndex struct {
	spans map[traceID][]string
}

var traces = &traceIndex{spans: make(map[traceID][]string)}

//go:noinline
func (t *traceIndex) remember(id traceID, span []byte) {
	t.spans[id] = append(t.spans[id], string(span))
}

const (
	tracesPerInterval = 150
	spansPerTrace     = 10
	spanBytes         = 1024
)

func recordTraces(interval int, scratch []byte) {
	for i := 0; i < tracesPerInterval; i++ {
		id := traceID(interval*tracesPerInterval + i)
		for s := 0; s < spansPerTrace; s++ {
			span := strconv.AppendInt(append(scratch[:0], "span "...), int64(s), 10)
			for len(span) < spanBytes {
				span = append(span, '.')
			}
			traces.remember(id, span)
		}
	}
}

// ---- flat: a cache whose size never changes

type sessionCache struct {
	ring [512][]byte
	next int
}

var sessions sessionCache

//go:noinline
func (c *sessionCache) refresh(n int) {
	if c.ring[c.next] == nil {
		c.ring[c.next] = make([]byte, 2048)
	}
	strconv.AppendInt(c.ring[c.next][:0], int64(n), 10)
	c.next = (c.next + 1) % len(c.ring)
}

// ---- churn: garbage only

var responses int

//go:noinline
func handleRequest(n int) {
	body := make([]byte, 4096)
	body = strconv.AppendInt(body[:0], int64(n), 10)
	responses += len(body)
}

// ---- goroutine leak

type ackWaiter struct {
	ack chan struct{}
}

//go:noinline
func (w *ackWaiter) wait() {
	<-w.ack // nobody ever acknowledges
}

const waitersPerInterval = 200

func startWaiters() {
	for i := 0; i < waitersPerInterval; i++ {
		w := &ackWaiter{ack: make(chan struct{})}
		go w.wait()
	}
}

// ---- the spike: a one-shot import

const (
	sheetRows = 40000
	rowBytes  = 448 // a size class: each row's copy is exactly this large
	rowFields = 6
)

type sheetRow struct {
	raw    []byte
	fields [][]byte
}

//go:noinline
func parseRow(line []byte) *sheetRow {
	r := &sheetRow{raw: make([]byte, len(line)), fields: make([][]byte, 0, rowFields)}
	copy(r.raw, line)
	start := 0
	for i, c := range r.raw {
		if c == ',' && len(r.fields) < rowFields-1 {
			r.fields = append(r.fields, r.raw[start:i])
			start = i + 1
		}
	}
	r.fields = append(r.fields, r.raw[start:])
	return r
}

//go:noinline
func parseSheet(rows int) []*sheetRow {
	out := make([]*sheetRow, 0, rows)
	line := make([]byte, 0, rowBytes)
	for i := 0; i < rows; i++ {
		line = append(line[:0], "SKU-"...)
		line = strconv.AppendInt(line, int64(100000+i), 10)
		line = append(line, ",warehouse-"...)
		line = strconv.AppendInt(line, int64(i%9), 10)
		line = append(line, ",region-eu,category-"...)
		line = strconv.AppendInt(line, int64(i%40), 10)
		line = append(line, ",supplier-"...)
		line = strconv.AppendInt(line, int64(i%300), 10)
		line = append(line, ",note "...)
		for len(line) < rowBytes {
			line = append(line, '-')
		}
		out = append(out, parseRow(line))
	}
	return out
}

// ---- snapshots

func write(dir, name, profile string, debug int) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.Lookup(profile).WriteTo(f, debug); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func snapshot(dir string, n int) {
	runtime.GC() // the heap profile reports as of the last completed GC
	prefix := fmt.Sprintf("leakspike.s%02d.", n)
	write(dir, prefix+"heap", "heap", 0)
	write(dir, prefix+"heap.debug1.txt", "heap", 1)
	write(dir, prefix+"goroutine", "goroutine", 0)
	write(dir, prefix+"goroutine.debug1.txt", "goroutine", 1)
	fmt.Printf("wrote %s* (%d goroutines, %d traces)\n", filepath.Join(dir, prefix), runtime.NumGoroutine(), len(traces.spans))
}

func main() {
	out := flag.String("out", ".", "directory for leakspike.sNN.{heap,heap.debug1.txt,goroutine,goroutine.debug1.txt}")
	snapshots := flag.Int("snapshots", 6, "number of snapshots")
	spike := flag.Int("spike", 3, "the snapshot during which the import's rows are alive")
	interval := flag.Duration("interval", 1500*time.Millisecond, "time between snapshots")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("leakspike: ")
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}

	scratch := make([]byte, 0, spanBytes)
	for n := 1; n <= *snapshots; n++ {
		recordTraces(n, scratch)
		for i := 0; i < len(sessions.ring); i++ {
			sessions.refresh(i)
			handleRequest(i)
		}
		startWaiters()
		time.Sleep(*interval) // the waiters park meanwhile
		if n == *spike {
			sheet := parseSheet(sheetRows)
			snapshot(*out, n)
			runtime.KeepAlive(sheet)
		} else {
			snapshot(*out, n)
		}
	}
}
