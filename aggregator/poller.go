package aggregator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
)

// Store is what the poller needs from storage; *store.DB satisfies it.
type Store interface {
	SyncSources(ctx context.Context, srcs []store.SourceState) (map[string]int64, error)
	Sources(ctx context.Context) ([]store.SourceState, error)
	SaveFetch(ctx context.Context, f store.Fetch) (store.FetchSummary, error)
	LatestPublished(ctx context.Context, sourceID int64, n int) ([]time.Time, error)
}

// Deduper computes near-duplicate signatures and decides matches. The
// aggregator/dedupe package provides the real one; nil disables merging
// beyond the store's exact canonical-link check.
type Deduper interface {
	// Sign fills it.Fingerprint, it.DedupeSig and it.Bands from the title
	// and the story's plain text.
	Sign(it *store.Item, text string)
	// Match returns the ID of the candidate it duplicates, or "".
	Match(it *store.Item, candidates []store.Item) string
}

// Outcome names what one poll of one source did, for logs and the CLI.
type Outcome string

// Outcomes of a poll.
const (
	OutcomeNew       Outcome = "new"
	OutcomeUpdated   Outcome = "updated"
	OutcomeUnchanged Outcome = "unchanged"
	OutcomeError     Outcome = "error"
	OutcomeSkipped   Outcome = "skipped"
)

// Result is the report of one poll of one source.
type Result struct {
	Source   config.Source
	Outcome  Outcome
	Status   int
	Summary  store.FetchSummary
	Err      error
	Duration time.Duration
	Next     time.Time
}

// Poller runs the pipeline fetch → parse → normalize → tag → dedupe →
// store for each source, either once (PollOnce) or on a schedule (Run).
type Poller struct {
	store   Store
	fetcher *Fetcher
	norm    *Normalizer
	dedupe  Deduper
	places  PlaceFunc
	log     *slog.Logger
	now     func() time.Time
	metrics *Metrics

	// OnChange is called after a fetch that changed published content,
	// with the saved summary; the publisher re-renders from it.
	OnChange func(ctx context.Context, sum store.FetchSummary)

	mu      sync.Mutex
	cfg     *config.Config
	tagger  *Tagger
	ids     map[string]int64 // source URL -> store ID
	state   map[int64]store.SourceState
	running map[int64]bool // sources with a fetch in flight
	wake    chan struct{}
}

// PollerOptions are the collaborators of a Poller.
type PollerOptions struct {
	Fetcher *Fetcher
	Deduper Deduper
	Places  PlaceFunc
	Logger  *slog.Logger
	Now     func() time.Time
	Metrics *Metrics
}

// NewPoller builds a poller over st for cfg.
func NewPoller(cfg *config.Config, st Store, opt PollerOptions) *Poller {
	p := &Poller{
		store:   st,
		fetcher: opt.Fetcher,
		norm:    NewNormalizer(),
		dedupe:  opt.Deduper,
		places:  opt.Places,
		log:     opt.Logger,
		now:     opt.Now,
		metrics: opt.Metrics,
		running: map[int64]bool{},
		wake:    make(chan struct{}, 1),
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.now == nil {
		p.now = time.Now
	}
	p.cfg = cfg
	p.tagger = NewTagger(cfg, p.places)
	return p
}

// Sync registers the configured sources with the store and loads their
// persisted fetch state. Call it before PollOnce or Run, and after Reload.
func (p *Poller) Sync(ctx context.Context) error {
	p.mu.Lock()
	cfg := p.cfg
	p.mu.Unlock()
	var srcs []store.SourceState
	for _, s := range cfg.Sources {
		srcs = append(srcs, store.SourceState{URL: s.URL, Name: s.Name, Agency: s.Agency})
	}
	ids, err := p.store.SyncSources(ctx, srcs)
	if err != nil {
		return fmt.Errorf("sync sources: %w", err)
	}
	states, err := p.store.Sources(ctx)
	if err != nil {
		return fmt.Errorf("load source state: %w", err)
	}
	byID := make(map[int64]store.SourceState, len(states))
	for _, s := range states {
		byID[s.ID] = s
	}
	p.mu.Lock()
	p.ids = ids
	p.state = byID
	p.mu.Unlock()
	return nil
}

// Reload swaps in a new configuration: added sources are registered,
// removed ones stop being scheduled, changed ones take effect on their
// next poll. In-flight fetches finish under the old settings.
func (p *Poller) Reload(ctx context.Context, cfg *config.Config) error {
	p.mu.Lock()
	p.cfg = cfg
	p.tagger = NewTagger(cfg, p.places)
	p.mu.Unlock()
	if err := p.Sync(ctx); err != nil {
		return err
	}
	p.poke()
	return nil
}

// Config returns the configuration in force.
func (p *Poller) Config() *config.Config {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cfg
}

func (p *Poller) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// PollOnce polls every enabled source once with a bounded pool of
// fetch.concurrency workers and returns a result per source, in config
// order. progress, when non-nil, is called as each source finishes.
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
	for w := 0; w < max(1, min(cfg.Fetch.Concurrency, len(jobs))); w++ {
		wg.Go(func() {
			for j := range work {
				r := p.PollSource(ctx, cfg.Sources[jobs[j]])
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
			results[j] = Result{Source: cfg.Sources[jobs[j]], Outcome: OutcomeSkipped, Err: ctx.Err()}
		}
	}
	return results
}

// Run polls each enabled source when it is due until ctx is cancelled,
// never running two fetches of one source at once and never more than
// fetch.concurrency at a time. Next-fetch times live in the store, so a
// restart resumes the schedule instead of polling everything at once.
// Run returns after every in-flight fetch has committed or rolled back.
func (p *Poller) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	p.mu.Lock()
	sem := make(chan struct{}, max(1, p.cfg.Fetch.Concurrency))
	p.mu.Unlock()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		due, wait := p.due()
		for _, src := range due {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return nil
			}
			wg.Go(func() {
				defer func() { <-sem }()
				// Fetches are not cancelled by ctx once started: a
				// shutdown waits for them to commit (bounded by the
				// client timeout), so no fetch is left half done.
				p.PollSource(context.WithoutCancel(ctx), src)
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
// returns them, with how long to wait before looking again.
func (p *Poller) due() ([]config.Source, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	wait := time.Minute
	var out []config.Source
	for _, src := range p.cfg.Sources {
		id, ok := p.ids[src.URL]
		if !ok || !src.Enabled || p.running[id] {
			continue
		}
		st := p.state[id]
		if st.Gone {
			continue
		}
		if !st.NextFetchAt.After(now) {
			p.running[id] = true
			out = append(out, src)
			continue
		}
		wait = min(wait, st.NextFetchAt.Sub(now))
	}
	return out, max(wait, 10*time.Millisecond)
}

// PollSource fetches, processes and saves one source, and records the
// outcome as the source's state. Errors are data: they are returned in
// the Result and stored for /status, never panicked or dropped.
func (p *Poller) PollSource(ctx context.Context, src config.Source) Result {
	start := p.now()
	p.mu.Lock()
	id := p.ids[src.URL]
	prev := p.state[id]
	cfg := p.cfg
	tagger := p.tagger
	p.running[id] = true
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.running, id)
		p.mu.Unlock()
	}()

	res := Result{Source: src}
	if id == 0 {
		res.Outcome, res.Err = OutcomeError, fmt.Errorf("source %q (%s): not registered", src.Name, src.URL)
		return res
	}
	f, err := p.process(ctx, cfg, tagger, src, prev, start)
	if err != nil && ctx.Err() != nil {
		// Interrupted by shutdown: not the source's fault, so neither a
		// failure to count nor a state to record.
		res.Outcome, res.Err = OutcomeSkipped, fmt.Errorf("source %q: %w", src.Name, ctx.Err())
		return res
	}
	if err != nil {
		res.Err = err
	}
	sum, saveErr := p.store.SaveFetch(ctx, f)
	if saveErr != nil {
		// The fetch's items are lost with the rolled-back transaction;
		// record the failure so the source backs off and shows it.
		err = fmt.Errorf("source %q (%s): save: %w", src.Name, src.URL, saveErr)
		res.Err = err
		f.State.LastError = err.Error()
		f.State.ConsecutiveFailures = prev.ConsecutiveFailures + 1
		f.State.NextFetchAt = NextFetch(ScheduleInput{Now: start, Base: interval(cfg, src), Failures: f.State.ConsecutiveFailures, Rand: rand.Float64})
		f.Items = nil
		if _, err2 := p.store.SaveFetch(ctx, f); err2 != nil {
			p.log.Error("record fetch state", "source", src.Name, "url", src.URL, "err", err2)
		}
	}
	p.mu.Lock()
	p.state[id] = f.State
	p.mu.Unlock()

	res.Status = f.State.LastStatus
	res.Summary = sum
	res.Duration = p.now().Sub(start)
	res.Next = f.State.NextFetchAt
	switch {
	case res.Err != nil:
		res.Outcome = OutcomeError
	case sum.New > 0:
		res.Outcome = OutcomeNew
	case sum.Updated > 0:
		res.Outcome = OutcomeUpdated
	default:
		res.Outcome = OutcomeUnchanged
	}
	p.metrics.observe(res)
	if saveErr == nil && p.metrics != nil && sum.New > 0 {
		changed := make(map[string]bool, len(sum.Items))
		for _, id := range sum.Items {
			changed[id] = true
		}
		for _, it := range f.Items {
			if changed[it.ID] && it.DuplicateOf == "" && !it.PublishedAt.After(start) {
				p.metrics.ObserveDelay(start.Sub(it.PublishedAt))
			}
		}
	}
	attrs := []any{"source", src.Name, "url", src.URL, "status", res.Status,
		"items_new", sum.New, "items_updated", sum.Updated, "items_dup", sum.Duplicates,
		"duration_ms", res.Duration.Milliseconds()}
	if res.Err != nil {
		p.log.Warn("poll failed", append(attrs, "err", res.Err)...)
	} else {
		p.log.Debug("polled", attrs...)
	}
	if saveErr == nil && len(sum.Categories) > 0 && p.OnChange != nil {
		p.OnChange(ctx, sum)
	}
	return res
}

// process runs fetch → parse → normalize → tag → sign for one source and
// returns the fetch to save. On failure the returned fetch carries only
// the source's new state (error, backoff) and the error is returned too.
func (p *Poller) process(ctx context.Context, cfg *config.Config, tagger *Tagger, src config.Source, prev store.SourceState, now time.Time) (store.Fetch, error) {
	st := prev
	st.URL, st.Name, st.Agency = src.URL, src.Name, src.Agency
	st.LastFetchAt = now
	f := store.Fetch{SourceID: prev.ID, Window: cfg.Dedupe.Window}
	if p.dedupe != nil {
		f.Match = p.dedupe.Match
	}
	sched := ScheduleInput{Now: now, Base: cfg.Fetch.Interval, Pinned: src.Interval, Rand: rand.Float64}

	fail := func(status int, err error) (store.Fetch, error) {
		st.LastStatus = status
		st.LastError = err.Error()
		st.ConsecutiveFailures = prev.ConsecutiveFailures + 1
		sched.Failures = st.ConsecutiveFailures
		var fe *FetchError
		if errors.As(err, &fe) {
			sched.RetryAfter = fe.RetryAfter
			if fe.Kind == KindGone {
				st.Gone = true
			}
		}
		st.NextFetchAt = NextFetch(sched)
		f.State = st
		return f, err
	}

	resp, err := p.fetcher.Fetch(ctx, Request{URL: src.URL, ETag: prev.ETag, LastModified: prev.LastModified})
	if err != nil {
		status := 0
		var fe *FetchError
		if errors.As(err, &fe) {
			status = fe.Status
		}
		// FetchError names the URL and status already.
		return fail(status, fmt.Errorf("source %q: %w", src.Name, err))
	}
	st.LastStatus = resp.Status
	sched.RetryAfter = resp.RetryAfter
	st.PermanentURL = resp.PermanentURL
	sched.FreshFor = resp.FreshFor
	if !resp.NotModified {
		doc, err := Parse(resp.Body, resp.ContentType, resp.FinalURL)
		if err != nil {
			return fail(resp.Status, fmt.Errorf("source %q (%s): %w", src.Name, src.URL, err))
		}
		st.ETag, st.LastModified = resp.ETag, resp.LastModified
		st.FeedTitle, st.FeedLink = doc.Title, doc.Link
		sched.FeedTTL = doc.TTL
		f.Items = p.norm.Items(doc, src, now)
		times := make([]time.Time, 0, len(f.Items))
		for i := range f.Items {
			it := &f.Items[i]
			text := StoryText(it)
			tagger.TagText(it, src, text)
			if p.dedupe != nil {
				p.dedupe.Sign(it, text)
			}
			times = append(times, it.PublishedAt)
		}
		sched.MeanGap = MeanGap(times)
	} else {
		// 304: nothing new, so the publishing rate comes from the stories
		// already stored; the validators stay (RFC 9110 §15.4.5).
		times, err := p.store.LatestPublished(ctx, prev.ID, 20)
		if err != nil {
			return fail(resp.Status, fmt.Errorf("source %q: publishing rate: %w", src.Name, err))
		}
		sched.MeanGap = MeanGap(times)
	}
	st.LastError = ""
	st.ConsecutiveFailures = 0
	st.LastSuccessAt = now
	st.NextFetchAt = NextFetch(sched)
	f.State = st
	return f, nil
}

func interval(cfg *config.Config, src config.Source) time.Duration {
	if src.Interval > 0 {
		return src.Interval
	}
	return cfg.Fetch.Interval
}
