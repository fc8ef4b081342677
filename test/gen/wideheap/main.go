// Command wideheap writes a pair of wide heap profiles from the real Go
// runtime, for heapdiff's benchmarks (test/bench, `npm run bench -- wide`):
// a program whose call graph has thousands of functions, so its profiles
// hold about a million distinct call stacks. Not a fixture: the profiles are
// tens of megabytes and go to test/bench/data/ (gitignored). See ../README.md.
//
// Distinct stacks need distinct code paths, so wideheap writes the program
// first: -funcs generated functions (callgraph.go), each calling one of four
// others, chosen once from a seeded generator, from its own line, or
// allocating at the end of a path; plus a driver (program.go) that walks
// seeded pseudo-random paths through them. It then builds that program with
// the installed Go and runs it. The driver sets runtime.MemProfileRate = 1,
// so every allocation is sampled and each distinct (stack, size) becomes
// one bucket of the runtime's heap profile, i.e. one Sample of
// profile.proto. A path enters at one of the functions and runs 6–24
// generated frames deep; the driver's and the runtime's frames below it make
// at most 31, under the runtime's limit of 32, so no stack is cut.
//
// Two snapshots from one run, each pprof.Lookup("heap").WriteTo(w, 0)
// (gzipped profile.proto, what /debug/pprof/heap serves): "base" after
// -base paths; "current" after freeing a third of what base kept, walking
// the first fifth of base's paths again keeping more (the same stacks,
// grown), and walking -grow new paths, 30 % of them entering at one of 24
// hot functions. With the defaults: base ~30 MB and current ~60 MB of
// profile.proto, ~1,000,000 distinct stacks in current.
//
//	cd test/gen && go run ./wideheap -out ../bench/data      # the defaults, ~2 min
//	go run ./wideheap -out /tmp/w -base 20000 -grow 20000    # smaller
//	go run ./wideheap -out /tmp/w -src /tmp/w/src            # keep the program's source
//
// The generated source depends only on -funcs and -seed; the paths only on
// -seed. The profiles are not bit-for-bit reproducible (the runtime's own
// allocations vary), but their stacks and sizes are.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

func main() {
	out := flag.String("out", ".", "directory for wideheap.base.heap and wideheap.current.heap")
	funcs := flag.Int("funcs", 6000, "generated functions in the call graph")
	base := flag.Int("base", 500000, "paths walked before the base snapshot")
	grow := flag.Int("grow", 500000, "new paths walked before the current snapshot")
	seed := flag.Int64("seed", 1, "seed of the call graph and of the paths")
	src := flag.String("src", "", "write the generated program here and keep it (default: a temporary directory)")
	goCmd := flag.String("go", envOr("GO", "go"), "the go command that builds the generated program")
	flag.Parse()
	if *funcs < 1 || *base < 5 || *grow < 0 {
		fail(fmt.Errorf("need -funcs ≥ 1, -base ≥ 5, -grow ≥ 0"))
	}
	outDir, err := filepath.Abs(*out)
	if err != nil {
		fail(err)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		fail(err)
	}
	dir := *src
	if dir == "" {
		if dir, err = os.MkdirTemp("", "wideheap-"); err != nil {
			fail(err)
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
	}

	files := map[string][]byte{
		"go.mod":   []byte("module wideheapprog\n\ngo 1.19\n"),
		"main.go":  []byte(programSource),
		"funcs.go": callGraphSource(*funcs, *seed),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), text, 0o644); err != nil {
			fail(err)
		}
	}

	start := time.Now()
	bin := filepath.Join(dir, "wideprog")
	fmt.Printf("wideheap: building %d generated functions in %s\n", *funcs, dir)
	run(dir, *goCmd, "build", "-trimpath", "-o", bin, ".")
	fmt.Printf("wideheap: built in %.0f s; running it\n", time.Since(start).Seconds())
	run(dir, bin, outDir, strconv.Itoa(*base), strconv.Itoa(*grow), strconv.FormatInt(*seed, 10))
}

// run runs a command in dir, its output passed through.
func run(dir, name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fail(fmt.Errorf("%s: %w", name, err))
	}
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "wideheap:", err)
	os.Exit(1)
}
