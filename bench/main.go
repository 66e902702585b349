// Command bench is wiredesk's benchmark harness. It measures how close
// wiredesk comes to the limits of the machine it runs on, printing every
// figure beside a baseline measured in the same run (machines are shared
// and noisy, so only ratios travel):
//
//	go run ./bench all          # every figure, under ~10 minutes
//	go run ./bench ingest       # fetch → … → store vs gofeed's Parse
//	go run ./bench serve        # cached feeds under wrk vs nginx
//	go run ./bench pollscale    # one poll cycle of 10k sources
//	go run ./bench -db sqlite,postgres pollscale   # on both stores
//	go run ./bench store        # 1M stories: queries, size, renders, start
//	go run ./bench search       # full-text search of 1M stories; the index's insert cost
//
// docs/BENCHMARKS.md holds the latest figures and how to read them.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// options are the harness's command-line settings.
type options struct {
	markdown    bool
	sources     []int // poll-scale source counts
	stories     int   // store-scale story count
	fresh       int   // new stories per changed feed in the poll-scale cycle
	wrkDuration time.Duration
	serveRounds int
	keep        bool
	cpuprofile  string
	scratch     string
	backends    []string // poll-scale stores: sqlite, postgres
}

// bench is the state shared by the figures of one run.
type bench struct {
	opt    options
	rep    *Report
	dir    string    // scratch directory, removed at the end unless -keep
	binary string    // built wiredesk binary ("" until wiredeskBinary)
	self   string    // this executable, re-run for the child processes
	pg     *pgServer // the PostgreSQL cluster of -db postgres, nil until used
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "sim":
			return runSimulator(ctx, args[1:], stdout)
		case "rawpoll":
			return runRawPoll(ctx, args[1:], stdout)
		case "plainhttp":
			return runPlainHTTP(ctx, args[1:], stdout)
		}
	}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: go run ./bench [flags] all|ingest|serve|pollscale|store|search ...\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var opt options
	fs.BoolVar(&opt.markdown, "markdown", false, "also print the figures as the Markdown table of docs/BENCHMARKS.md")
	sources := fs.String("sources", "10000", "poll-scale source counts, comma-separated (e.g. 10000,100000)")
	fs.IntVar(&opt.stories, "stories", 1_000_000, "store-scale story count")
	fs.IntVar(&opt.fresh, "new", changedStories, "poll scale: new stories in each changed 50-story feed (1..50)")
	fs.DurationVar(&opt.wrkDuration, "wrk-duration", 5*time.Second, "length of each wrk run")
	fs.IntVar(&opt.serveRounds, "serve-rounds", 3, "alternated wrk rounds per serve figure (more, shorter rounds ride out a neighbour's burst better)")
	fs.BoolVar(&opt.keep, "keep", false, "keep the scratch directory (databases, configs, logs)")
	fs.StringVar(&opt.cpuprofile, "cpuprofile", "", "write a CPU profile of the harness process (in-process figures) to this file, and of each poll-scale cycle to FILE.poll-N-CYCLE")
	fs.StringVar(&opt.scratch, "scratch", "", "parent of the scratch directory (default: the system temp directory)")
	backends := fs.String("db", "sqlite", "poll scale: the stores to measure, comma-separated: sqlite, postgres (a throwaway local cluster)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("flags: %w", err)
	}
	var err error
	if opt.serveRounds < 1 {
		return fmt.Errorf("-serve-rounds %d: want at least 1", opt.serveRounds)
	}
	if opt.sources, err = parseInts(*sources); err != nil {
		return fmt.Errorf("-sources: %w", err)
	}
	for _, db := range strings.Split(*backends, ",") {
		if db != "sqlite" && db != "postgres" {
			return fmt.Errorf("-db %q: want sqlite, postgres or both, comma-separated", db)
		}
		opt.backends = append(opt.backends, db)
	}
	which := fs.Args()
	if len(which) == 0 {
		fs.Usage()
		return errors.New("name a benchmark: all, ingest, serve, pollscale, store or search")
	}
	if len(which) == 1 && which[0] == "all" {
		which = []string{"ingest", "serve", "pollscale", "store", "search"}
	}
	steps := map[string]func(context.Context, *bench) error{
		"ingest": benchIngest, "serve": benchServe, "pollscale": benchPollScale, "store": benchStore,
		"search": benchSearch,
	}
	for _, w := range which {
		if steps[w] == nil {
			return fmt.Errorf("unknown benchmark %q (want all, ingest, serve, pollscale, store or search)", w)
		}
	}

	b := &bench{opt: opt, rep: NewReport(stdout)}
	if b.self, err = os.Executable(); err != nil {
		return fmt.Errorf("locate own executable: %w", err)
	}
	if b.dir, err = os.MkdirTemp(opt.scratch, "wiredesk-bench-"); err != nil {
		return fmt.Errorf("scratch directory: %w", err)
	}
	if opt.keep {
		fmt.Fprintf(stdout, "scratch directory kept: %s\n", b.dir)
	} else {
		defer os.RemoveAll(b.dir)
	}
	defer b.stopPostgres()
	fmt.Fprint(stdout, machine())
	if opt.cpuprofile != "" {
		stopProfile, err := startProfile(opt.cpuprofile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	start := time.Now()
	for _, w := range which {
		fmt.Fprintf(stdout, "== %s\n", w)
		// The group before may have left gigabytes of dirty pages (the
		// 100k-source databases): written back during this group's
		// measurements they would be its tail latency, not its own.
		syscall.Sync()
		t, others := time.Now(), neighbours()
		if err := steps[w](ctx, b); err != nil {
			return fmt.Errorf("%s: %w", w, err)
		}
		share, err := others()
		if err != nil {
			return err
		}
		b.rep.Environment(w, share)
		fmt.Fprintf(stdout, "   (%s took %s; other processes used %.0f%% of the %d CPUs meanwhile)\n",
			w, time.Since(t).Round(time.Second), 100*share, runtime.NumCPU())
	}
	fmt.Fprintf(stdout, "\nAll figures (%s in total):\n\n", time.Since(start).Round(time.Second))
	if err := b.rep.Table(stdout); err != nil {
		return err
	}
	if opt.markdown {
		fmt.Fprintln(stdout)
		return b.rep.Markdown(stdout)
	}
	return nil
}

// machine describes the host the figures come from.
func machine() string {
	model := "unknown"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	kernel, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		kernel = []byte("unknown")
	}
	return fmt.Sprintf("machine: nproc %d, CPU %q, %s, Linux %s, %s/%s\n",
		runtime.NumCPU(), model, runtime.Version(), strings.TrimSpace(string(kernel)), runtime.GOOS, runtime.GOARCH)
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive integer", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// startProfile writes a CPU profile to path until the returned func runs.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "bench: cpu profile:", err)
		}
	}, nil
}

// path returns a name inside the scratch directory.
func (b *bench) path(name ...string) string {
	return filepath.Join(append([]string{b.dir}, name...)...)
}
