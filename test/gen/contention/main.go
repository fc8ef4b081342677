// contention writes the Go runtime's mutex and block profiles as legacy text
// (?debug=1: "--- mutex:" / "--- contention:", then "<cycles> <count> @ <pcs>"
// and "#" symbol lines), the format go tool pprof reads with its contentionz
// parser. Workers take turns on one mutex; main also waits on a channel and
// a WaitGroup, so the block profile has more than one stack.
//
//	cd test/gen && go run -trimpath ./contention -out ../fixtures/go-contention
//
// The mutex profile samples one event in 5 ("sampling period=5"), so a
// reader must scale its counts and delays as pprof does.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

func worker(mu *sync.Mutex, wg *sync.WaitGroup, rounds int) {
	defer wg.Done()
	for j := 0; j < rounds; j++ {
		mu.Lock()
		time.Sleep(20 * time.Microsecond)
		mu.Unlock()
	}
}

func main() {
	out := flag.String("out", ".", "directory for mutex.debug1.txt and block.debug1.txt")
	flag.Parse()
	runtime.SetMutexProfileFraction(5)
	runtime.SetBlockProfileRate(1)

	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go worker(&mu, &wg, 300)
	}
	ready := make(chan int)
	go func() {
		time.Sleep(5 * time.Millisecond)
		ready <- 1
	}()
	<-ready
	wg.Wait()

	for _, name := range []string{"mutex", "block"} {
		f, err := os.Create(filepath.Join(*out, name+".debug1.txt"))
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.Lookup(name).WriteTo(f, 1); err != nil {
			log.Fatal(err)
		}
		f.Close()
	}
}
