package aggregator

import (
	"context"
	"fmt"
	"log/slog"
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
