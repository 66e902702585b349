package aggregator

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/wiredesk/wiredesk/aggregator/dedupe"
	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/aggregator/upstreamtest"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"
)

// hookStore is the real store with a hook around SaveFetches.
type hookStore struct {
	*sqlite.DB
	saveFetches func(ctx context.Context, fs []story.Fetch, done func(int, story.FetchSummary)) error
}

func (h *hookStore) SaveFetches(ctx context.Context, fs []story.Fetch, done func(int, story.FetchSummary)) error {
	return h.saveFetches(ctx, fs, done)
}

// heldBatch polls waiting+1 sources, one story each, through a store whose
// first commit is held open until the other waiting fetches have queued
// behind it; bad names a source whose fetch fails any batch holding it.
// It returns each source's result and the size of every batch.
func heldBatch(t *testing.T, waiting, bad int) ([]Result, []int, *pollerFixture) {
	t.Helper()
	var scs []upstreamtest.Scenario
	for i := range waiting + 1 {
		scs = append(scs, upstreamtest.OK(wireRSS(fmt.Sprintf("agency%d", i), "PARIS -", fmt.Sprintf("https://a%d.example/story", i)), upstreamtest.RSSType))
	}
	f := newPollerFixture(t, scs...)
	entered, release := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var batches []int
	var badID int64 = -1
	hs := &hookStore{DB: f.db}
	hs.saveFetches = func(ctx context.Context, fs []story.Fetch, done func(int, story.FetchSummary)) error {
		mu.Lock()
		batches = append(batches, len(fs))
		first := len(batches) == 1
		mu.Unlock()
		if first {
			close(entered)
			<-release
		}
		for i, fe := range fs {
			if fe.SourceID == badID {
				return &store.BatchError{Index: i, SourceID: badID, Err: errors.New("injected bad fetch")}
			}
		}
		return f.db.SaveFetches(ctx, fs, done)
	}
	p := NewPoller(f.cfg, hs, PollerOptions{Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(f.cfg.Fetch), f.cfg.Fetch, "wiredesk-test")})
	if err := p.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	if bad >= 0 {
		srcs, err := f.db.Sources(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range srcs {
			if s.URL == f.cfg.Sources[bad].URL {
				badID = s.ID
			}
		}
	}
	results := make([]Result, len(f.cfg.Sources))
	var wg sync.WaitGroup
	wg.Go(func() { results[0] = p.pollSource(t.Context(), f.cfg.Sources[0], true) })
	<-entered
	for i := 1; i <= waiting; i++ {
		wg.Go(func() { results[i] = p.pollSource(t.Context(), f.cfg.Sources[i], true) })
	}
	for queued(p) < waiting {
		if t.Context().Err() != nil {
			t.Fatal("fetches never queued")
		}
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	return results, batches, f
}

// TestConcurrentSavesShareACommit holds the first commit open while more
// fetches finish: they are saved together in the next transaction, and
// every caller gets its own summary.
func TestConcurrentSavesShareACommit(t *testing.T) {
	const waiting = 5
	results, batches, f := heldBatch(t, waiting, -1)
	for i, r := range results {
		if r.Err != nil || r.Summary.New+r.Summary.Duplicates != 1 {
			t.Errorf("source %d: %+v", i, r)
		}
	}
	if len(batches) != 2 || batches[0] != 1 || batches[1] != waiting {
		t.Errorf("batches %v, want [1 %d]: the fetches that waited share one commit", batches, waiting)
	}
	n, err := f.db.Count(t.Context(), story.All)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("nothing published after the batches")
	}
}

func queued(p *Poller) int {
	p.commit.mu.Lock()
	defer p.commit.mu.Unlock()
	return len(p.commit.queue)
}

// TestFailedCommitLeavesNoCandidates makes a batch's commit fail after its
// story reached the near-duplicate index: the index entry must go with
// it, or the next agency's copy would be merged into a story that was
// never stored (a foreign-key failure, and the copy lost).
func TestFailedCommitLeavesNoCandidates(t *testing.T) {
	f := newPollerFixture(t,
		upstreamtest.OK(wireRSS("alpha", "TEHRAN (Alpha) -", "https://alpha.example/iran-talks"), upstreamtest.RSSType),
		upstreamtest.OK(wireRSS("beta", "TEHRAN, Nov 23 (Beta) —", "https://beta.example/2026/iran"), upstreamtest.RSSType))
	failNext := true
	hs := &hookStore{DB: f.db}
	errCommit := errors.New("injected commit failure")
	hs.saveFetches = func(ctx context.Context, fs []story.Fetch, done func(int, story.FetchSummary)) error {
		if !failNext {
			return f.db.SaveFetches(ctx, fs, done)
		}
		failNext = false
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		// Every fetch is saved and reported, then the commit fails.
		err := f.db.SaveFetches(ctx, fs, func(i int, sum story.FetchSummary) {
			done(i, sum)
			if i == len(fs)-1 {
				cancel()
			}
		})
		if err == nil {
			t.Fatal("the injected failure did not fail the commit")
		}
		return fmt.Errorf("%w: %w", errCommit, err)
	}
	p := NewPoller(f.cfg, hs, PollerOptions{
		Fetcher: fetch.NewFetcher(fetch.NewHTTPClient(f.cfg.Fetch), f.cfg.Fetch, "wiredesk-test"),
		Deduper: NewDeduper(dedupe.NewMatcher(0)),
	})
	if err := p.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	if r := p.pollSource(t.Context(), f.cfg.Sources[0], true); !errors.Is(r.Err, errCommit) {
		t.Fatalf("first agency: %+v, want the injected commit failure", r)
	}
	r := p.pollSource(t.Context(), f.cfg.Sources[1], true)
	if r.Err != nil || r.Summary.New != 1 || r.Summary.Duplicates != 0 {
		t.Fatalf("second agency after the failed commit: %+v, want its story stored as new", r)
	}
	// The first agency's next poll stores its story and merges nothing
	// into a ghost.
	r = p.pollSource(t.Context(), f.cfg.Sources[0], true)
	if r.Err != nil || r.Summary.Duplicates != 1 {
		t.Fatalf("first agency again: %+v, want its copy merged into the stored story", r)
	}
}

// TestBadFetchCostsOnlyItself fails every transaction that holds one
// source's fetch: the fetches batched with it are saved one by one
// instead, and only that source reports the failure.
func TestBadFetchCostsOnlyItself(t *testing.T) {
	const waiting = 3
	results, batches, _ := heldBatch(t, waiting, 2)
	for i, r := range results {
		if i == 2 {
			if r.Err == nil || r.Outcome != OutcomeError {
				t.Errorf("bad source: %+v, want its save error", r)
			}
			continue
		}
		if r.Err != nil || r.Summary.New+r.Summary.Duplicates != 1 {
			t.Errorf("source %d beside the bad one: %+v", i, r)
		}
	}
	// The held save, the failed batch of three, then each on its own;
	// the bad source's failure is then recorded with its state (no batch).
	if want := []int{1, waiting, 1, 1, 1}; !slices.Equal(batches, want) {
		t.Errorf("batches %v, want %v", batches, want)
	}
}
