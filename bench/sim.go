package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The poll-scale simulator runs in its own process ("bench sim") so that
// its CPU and memory are not charged to wiredesk. Source i lives at /s/i.
//
//	phase 1: every source answers 200 with a small feed (ETag "1-i");
//	         with -new K < 50 the changing sources answer their first
//	         50-story window instead.
//	phase 2: every changeEvery-th source answers 200 with a changed
//	         50-story feed (ETag "2-i") of which K stories are new (the
//	         window slid by K); the others answer 304 to If-None-Match "1-i".
//
// GET /_phase?n=N switches phase (rendering every body first), GET
// /_stats returns and resets the counts of answers by kind.
const (
	changeEvery    = 10
	changedStories = 50
	quietStories   = 2
	simParas       = 3
)

type simulator struct {
	n     int
	fresh int // new stories in a changed feed
	phase atomic.Int32
	mu    sync.RWMutex
	v1    [][]byte       // phase-1 body per source
	v2    map[int][]byte // phase-2 body per changed source
	stats sync.Map       // kind -> *atomic.Int64
}

// simStats counts what the simulator answered.
type simStats map[string]int64

func runSimulator(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	n := fs.Int("n", 10000, "sources")
	fresh := fs.Int("new", changedStories, "new stories in a changed feed (1..50)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("sim flags: %w", err)
	}
	if *fresh < 1 || *fresh > changedStories {
		return fmt.Errorf("sim: -new %d out of 1..%d", *fresh, changedStories)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("sim listen: %w", err)
	}
	s := &simulator{n: *n, fresh: *fresh}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "listening http://%s\n", ln.Addr())
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("sim serve: %w", err)
	}
	return nil
}

func (s *simulator) count(kind string) {
	c, _ := s.stats.LoadOrStore(kind, new(atomic.Int64))
	c.(*atomic.Int64).Add(1)
}

func (s *simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/_phase":
		s.setPhase(w, r)
		return
	case "/_stats":
		out := simStats{}
		s.stats.Range(func(k, v any) bool {
			out[k.(string)] = v.(*atomic.Int64).Swap(0)
			return true
		})
		if err := json.NewEncoder(w).Encode(out); err != nil {
			return // the harness went away
		}
		return
	}
	i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/s/"))
	if err != nil || i < 0 || i >= s.n {
		http.NotFound(w, r)
		return
	}
	inm := r.Header.Get("If-None-Match")
	s.mu.RLock()
	defer s.mu.RUnlock()
	switch {
	case s.phase.Load() == 2 && i%changeEvery == 0:
		s.count("200 changed")
		s.write(w, fmt.Sprintf(`"2-%d"`, i), s.v2[i])
	case inm == fmt.Sprintf(`"1-%d"`, i):
		s.count("304")
		w.Header().Set("ETag", inm)
		w.WriteHeader(http.StatusNotModified)
	default:
		s.count("200 unchanged")
		s.write(w, fmt.Sprintf(`"1-%d"`, i), s.v1[i])
	}
}

func (s *simulator) write(w http.ResponseWriter, etag string, body []byte) {
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if _, err := w.Write(body); err != nil {
		return // the client went away
	}
}

// setPhase renders the bodies of phase n before switching to it, so that
// rendering never runs while wiredesk is being measured.
func (s *simulator) setPhase(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil || n < 1 || n > 2 {
		http.Error(w, "n must be 1 or 2", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.v1 == nil {
		s.v1 = make([][]byte, s.n)
		parallel(s.n, func(i int) {
			if i%changeEvery == 0 && s.fresh < changedStories {
				s.v1[i] = wireFeed(i, 0, changedStories, simParas)
				return
			}
			s.v1[i] = wireFeed(i, 0, quietStories, simParas)
		})
	}
	if n == 2 && s.v2 == nil {
		bodies := make([][]byte, s.n)
		parallel(s.n, func(i int) {
			if i%changeEvery == 0 {
				first := s.fresh // the window slid by fresh stories
				if s.fresh == changedStories {
					first = 1000 // clear of the quiet phase-1 stories
				}
				bodies[i] = wireFeed(i, first, changedStories, simParas)
			}
		})
		s.v2 = map[int][]byte{}
		for i, b := range bodies {
			if b != nil {
				s.v2[i] = b
			}
		}
	}
	s.phase.Store(int32(n))
	fmt.Fprintf(w, "phase %d\n", n)
}

// parallel runs fn(0..n-1) over a few goroutines.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// runRawPoll is the poll-scale baseline ("bench rawpoll"): the same
// conditional GETs as a wiredesk cycle with a bare net/http client and the
// same concurrency, reading and discarding every body.
func runRawPoll(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("rawpoll", flag.ContinueOnError)
	base := fs.String("base", "", "simulator base URL")
	n := fs.Int("n", 10000, "sources")
	c := fs.Int("c", 16, "concurrent requests")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("rawpoll flags: %w", err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: *c, MaxIdleConnsPerHost: *c}}
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	for range *c {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < *n; i = int(next.Add(1) - 1) {
				if err := rawGet(ctx, client, fmt.Sprintf("%s/s/%d", *base, i), fmt.Sprintf(`"1-%d"`, i)); err != nil {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	fmt.Fprintf(stdout, "%d requests, %d failed\n", *n, failed.Load())
	if failed.Load() > 0 {
		return fmt.Errorf("rawpoll: %d of %d requests failed", failed.Load(), *n)
	}
	return nil
}

func rawGet(ctx context.Context, c *http.Client, url, etag string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("request: %w", err)
	}
	req.Header.Set("If-None-Match", etag)
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	return nil
}
