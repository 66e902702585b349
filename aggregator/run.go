package aggregator

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/config"
)

// PollOnce polls every enabled source once with a bounded pool of
// fetch.concurrency workers and returns a result per source, in config
// order. progress, when non-nil, is called as each source finishes.
// Failures are returned, not logged: the caller reports each one once.
func (p *Poller) PollOnce(ctx context.Context, progress func(Result)) []Result {
	p.mu.Lock()
	cfg := p.cfg
	p.mu.Unlock()
	var jobs []int
	for i, s := range cfg.Sources {
		if s.Enabled {
			jobs = append(jobs, i)
		}
	}
	results := make([]Result, len(jobs))
	work := make(chan int)
	var wg sync.WaitGroup
	var progressMu sync.Mutex
	for w := 0; w < max(1, min(workers(cfg), len(jobs))); w++ {
		wg.Go(func() {
			for j := range work {
				r := p.pollSource(ctx, cfg.Sources[jobs[j]], false)
				results[j] = r
				if progress != nil {
					progressMu.Lock()
					progress(r)
					progressMu.Unlock()
				}
			}
		})
	}
	for j := range jobs {
		select {
		case work <- j:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	for j := range results {
		if results[j].Outcome == "" {
			src := cfg.Sources[jobs[j]]
			results[j] = Result{Source: src, Outcome: OutcomeSkipped, Err: fmt.Errorf("source %q: %w", src.Name, ctx.Err())}
		}
	}
	return results
}

// Run polls each enabled source when it is due until ctx is cancelled,
// never running two fetches of one source at once and never more than
// fetch.concurrency fetches at a time (the Fetcher's slots). Next-fetch times live in the store, so a
// restart resumes the schedule instead of polling everything at once.
// Run returns after every in-flight fetch has committed or rolled back.
func (p *Poller) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		due, wait := p.due()
		for _, src := range due {
			wg.Go(func() {
				// Fetches are not cancelled by ctx once started: a
				// shutdown waits for them to commit (bounded by the
				// client timeout), so no fetch is left half done.
				p.runSource(context.WithoutCancel(ctx), src)
				p.mu.Lock()
				p.inRun--
				p.mu.Unlock()
				p.poke()
			})
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		case <-p.wake:
		}
	}
}

// due marks the sources whose next fetch time has come as running and
// returns them, at most as many as there are idle workers (workers of the
// configuration in force, so a reload changes it), with how long to wait
// before looking again. With a shared store each node starts reading the
// sources at its own place, so that nodes ask for different sources first.
func (p *Poller) due() ([]config.Source, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	wait := time.Minute
	room := workers(p.cfg) - p.inRun
	var out []config.Source
	for k := range p.cfg.Sources {
		src := p.cfg.Sources[(p.start+k)%len(p.cfg.Sources)]
		id, ok := p.ids[src.URL]
		if !ok || !src.Enabled || p.running[id] {
			continue
		}
		st := p.state[id]
		if st.Gone {
			continue
		}
		if !st.NextFetchAt.After(now) {
			if len(out) >= room {
				continue // a worker finishing pokes the loop
			}
			p.running[id] = true
			out = append(out, src)
			continue
		}
		wait = min(wait, st.NextFetchAt.Sub(now))
	}
	p.inRun += len(out)
	return out, max(wait, 10*time.Millisecond)
}

// workers is how many sources are polled at once: twice fetch.concurrency,
// so that while the fetches that finished wait for their shared commit,
// as many more are fetching and being processed; the Fetcher keeps the
// fetches in flight to fetch.concurrency. Each worker holds at most one
// document (fetch.max_body), which bounds memory.
func workers(cfg *config.Config) int {
	return 2 * max(1, cfg.Fetch.Concurrency)
}
