// Command manygoroutines writes the ?debug=2 goroutine dump of a process
// with about 100,000 goroutines, for heapdiff's clustering benchmark
// (test/bench, `npm run bench -- goroutines`). Not a fixture: the dump is
// tens of megabytes and goes to test/bench/data/ (gitignored). See ../README.md.
//
// The goroutines take the shapes a real service's dump has, in these shares
// of -n (the rest of -n goes to the first):
//
//	leaking batch queue   [chan receive]   a flusher ranging over a ticker's C after
//	                                       the ticker was stopped (Stop never closes C)
//	idle worker pool 18 % [select]         four handlers, each waiting in the same select
//	lock convoy      10 % [semacquire]     behind a mutex held by a slow refresh, reached
//	                                       through 0–11 levels of recursion (12 stacks);
//	                                       Go ≥ 1.20 says [sync.Mutex.Lock]
//	retry backoff     5 % [sleep]          time.Sleep between attempts, from two callers
//	blocked producers 3 % [chan send]      sending on a channel nobody reads
//	waiting consumers 1 % [sync.Cond.Wait] an empty queue's sync.Cond
//	HTTP keep-alive   3 per connection     idle connections on 127.0.0.1: the server's
//	                                       conn.serve and the client's readLoop in
//	                                       [IO wait], its writeLoop in [select]
//	log tailers       1 per pipe           reading an os.Pipe nobody writes: [IO wait]
//	busy              2 × GOMAXPROCS       hashing in a loop: [running] / [runnable]
//
// After -settle (everything has parked by then) it writes
// pprof.Lookup("goroutine").WriteTo(w, 2) — exactly what
// /debug/pprof/goroutine?debug=2 serves — and exits. Nothing listens beyond
// the loopback interface, and only while the program runs.
//
//	cd test/gen && go run -trimpath ./manygoroutines -out ../bench/data/manygoroutines.debug2.txt
//	go run ./manygoroutines -out /tmp/g.txt -n 10000 -conns 50      # smaller
package main

import (
	"bufio"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

// ---- leaking batch queue

// batcher collects items and flushes them when the batch is full or when its
// ticker fires. The leak: a size-triggered flush stops the ticker, but the
// flusher goroutine started with it keeps ranging over ticker.C, which
// Stop does not close, so every batch leaves one goroutine behind.
type batcher struct {
	mu      sync.Mutex
	max     int
	pending []int
	ticker  *time.Ticker
	flushed int
}

func (b *batcher) add(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = append(b.pending, v)
	if b.ticker == nil {
		b.ticker = time.NewTicker(time.Minute)
		go b.flushLoop(b.ticker)
	}
	if len(b.pending) >= b.max {
		b.flushLocked()
	}
}

func (b *batcher) flushLoop(t *time.Ticker) {
	for range t.C {
		b.mu.Lock()
		if b.ticker == t {
			b.flushLocked()
		}
		b.mu.Unlock()
	}
}

func (b *batcher) flushLocked() {
	b.flushed += len(b.pending)
	b.pending = b.pending[:0]
	b.ticker.Stop()
	b.ticker = nil
}

// ---- idle worker pool

type job struct{ id int }

type pool struct {
	jobs chan job
	quit chan struct{}
}

func (p *pool) next() (job, bool) {
	select {
	case j := <-p.jobs:
		return j, true
	case <-p.quit:
		return job{}, false
	}
}

func (p *pool) handleOrders() {
	for j, ok := p.next(); ok; j, ok = p.next() {
		_ = j.id
	}
}

func (p *pool) handleUsers() {
	for j, ok := p.next(); ok; j, ok = p.next() {
		_ = j.id * 2
	}
}

func (p *pool) handleInvoices() {
	for j, ok := p.next(); ok; j, ok = p.next() {
		_ = j.id * 3
	}
}

func (p *pool) handleEmails() {
	for j, ok := p.next(); ok; j, ok = p.next() {
		_ = j.id * 4
	}
}

func (p *pool) worker(route int) {
	switch route % 4 {
	case 0:
		p.handleOrders()
	case 1:
		p.handleUsers()
	case 2:
		p.handleInvoices()
	default:
		p.handleEmails()
	}
}

// ---- lock convoy

type cache struct {
	mu sync.Mutex
	m  map[string]string
}

// lookup follows `aliases` redirections before reading the map under the lock.
func (c *cache) lookup(key string, aliases int) string {
	if aliases > 0 {
		return c.lookup(key+"'", aliases-1)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

// refresh holds the lock for much longer than -settle.
func (c *cache) refresh(held chan<- struct{}) {
	c.mu.Lock()
	held <- struct{}{}
	time.Sleep(time.Hour)
	c.m = map[string]string{}
	c.mu.Unlock()
}

// ---- retry backoff

func retry(op func() error) error {
	backoff := time.Hour
	for attempt := 0; attempt < 5; attempt++ {
		if err := op(); err == nil {
			return nil
		}
		time.Sleep(backoff)
		backoff *= 2
	}
	return fmt.Errorf("gave up")
}

var errUnavailable = fmt.Errorf("unavailable")

func syncInventory(shard int) { _ = retry(func() error { return errUnavailable }) }
func pushMetrics(batch int)   { _ = retry(func() error { return errUnavailable }) }

// ---- blocked producers and waiting consumers

func produce(out chan<- int, v int) {
	out <- v
}

type queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func (q *queue) pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// ---- idle HTTP keep-alive connections on loopback

// keepAlive opens n connections to a local server and leaves them idle.
func keepAlive(n int) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	var arrived sync.WaitGroup
	arrived.Add(n)
	release := make(chan struct{})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Hold every request until all n are in, so each gets its own connection.
		arrived.Done()
		<-release
		io.WriteString(w, "ok")
	})}
	go srv.Serve(ln)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n, DisableCompression: true}}
	url := "http://" + ln.Addr().String() + "/"
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			resp, err := client.Get(url)
			if err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			errs <- err
		}()
	}
	arrived.Wait()
	close(release)
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// ---- log tailers

func tail(r io.Reader, lines chan<- string) {
	s := bufio.NewScanner(r)
	for s.Scan() {
		lines <- s.Text()
	}
}

// ---- busy

var sink [32]byte

func spin(seed byte) {
	b := [32]byte{seed}
	for {
		b = sha256.Sum256(b[:])
		if b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 {
			sink = b
		}
	}
}

func main() {
	out := flag.String("out", "manygoroutines.debug2.txt", "file for the ?debug=2 dump")
	n := flag.Int("n", 100000, "goroutines, about")
	conns := flag.Int("conns", 500, "idle HTTP connections (3 goroutines each)")
	pipes := flag.Int("pipes", 100, "pipes with a tailer each")
	settle := flag.Duration("settle", 3*time.Second, "wait before writing the dump")
	flag.Parse()

	share := func(f float64) int { return int(f * float64(*n)) }
	busy := 2 * runtime.GOMAXPROCS(0)
	workers, waiters, sleepers, producers, consumers := share(0.18), share(0.10), share(0.05), share(0.03), share(0.01)
	leaks := *n - workers - waiters - sleepers - producers - consumers - 3**conns - *pipes - busy
	if leaks < 0 {
		fail(fmt.Errorf("-n %d is too small for -conns %d and -pipes %d", *n, *conns, *pipes))
	}

	// Leaking batch queues: one goroutine per size-triggered batch.
	const batchSize = 4
	queues := make([]*batcher, 64)
	for i := range queues {
		queues[i] = &batcher{max: batchSize}
	}
	for i := 0; i < leaks*batchSize; i++ {
		queues[(i/batchSize)%len(queues)].add(i)
	}

	p := &pool{jobs: make(chan job), quit: make(chan struct{})}
	for i := 0; i < workers; i++ {
		go p.worker(i)
	}

	c := &cache{m: map[string]string{}}
	held := make(chan struct{})
	go c.refresh(held)
	<-held
	for i := 0; i < waiters-1; i++ {
		go c.lookup("user:42", i%12)
	}

	for i := 0; i < sleepers; i++ {
		if i%3 == 0 {
			go pushMetrics(i)
		} else {
			go syncInventory(i)
		}
	}

	sends := make(chan int)
	for i := 0; i < producers; i++ {
		go produce(sends, i)
	}
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	for i := 0; i < consumers; i++ {
		go q.pop()
	}

	if err := keepAlive(*conns); err != nil {
		fail(err)
	}

	lines := make(chan string)
	writers := make([]*os.File, *pipes) // kept: a collected *os.File closes its end
	for i := range writers {
		r, w, err := os.Pipe()
		if err != nil {
			fail(err)
		}
		writers[i] = w
		go tail(r, lines)
	}

	for i := 0; i < busy; i++ {
		go spin(byte(i))
	}

	time.Sleep(*settle)
	f, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := pprof.Lookup("goroutine").WriteTo(w, 2); err != nil {
		fail(err)
	}
	if err := w.Flush(); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
	st, _ := os.Stat(*out)
	fmt.Printf("wrote %s (%d goroutines, %d bytes)\n", *out, runtime.NumGoroutine(), st.Size())
	runtime.KeepAlive(writers)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "manygoroutines:", err)
	os.Exit(1)
}
