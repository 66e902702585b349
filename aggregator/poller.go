package aggregator

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"sync"
	"time"

	"github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/internal/clock"
	"github.com/wiredesk/wiredesk/story"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
)

// Store is what the poller needs from storage; a store.Store satisfies it.
type Store interface {
	SyncSources(ctx context.Context, srcs []story.SourceState) (map[string]int64, error)
	Sources(ctx context.Context) ([]story.SourceState, error)
	SaveFetch(ctx context.Context, f story.Fetch) (story.FetchSummary, error)
	SaveFetches(ctx context.Context, fs []story.Fetch, done func(i int, sum story.FetchSummary)) error
	LatestPublished(ctx context.Context, sourceID int64, n int) ([]time.Time, error)
	ResetSource(ctx context.Context, id int64) error
	RecentRoots(ctx context.Context, since time.Time) ([]story.Item, error)
	RecentLive(ctx context.Context, since time.Time) ([]story.Item, error)
	Refile(ctx context.Context, rs []store.Refile) ([]string, error)
}

// Deduper computes near-duplicate signatures and decides matches. The
// aggregator/dedupe package provides the real one; nil disables merging
// beyond the store's exact canonical-link check.
type Deduper interface {
	// Sign fills it.Fingerprint, it.DedupeSig and it.Bands from the title
	// and the story's plain text.
	Sign(it *story.Item, text string)
	// Match returns the ID of the candidate it duplicates, or "".
	Match(it *story.Item, candidates []story.Item) string
	// Bands returns the LSH band keys of a stored signature.
	Bands(sig []byte) ([]uint64, error)
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
	Summary  story.FetchSummary
	Err      error
	Duration time.Duration
	Next     time.Time
}

// Poller runs the pipeline fetch → parse → normalize → tag → dedupe →
// store for each source, either once (PollOnce) or on a schedule (Run).
type Poller struct {
	store   Store
	fetcher *fetch.Fetcher
	norm    *normalizer
	dedupe  Deduper
	places  PlaceFunc
	log     *slog.Logger
	now     func() time.Time
	metrics *Metrics
	// claimer is the store when several nodes share it: each fetch is
	// claimed first (runSource); nil for a store of one process.
	claimer store.Claimer
	node    string // this process's name in the claims it takes
	start   int    // where due() starts reading the sources (see due)

	// OnChange is called after a fetch that changed published content,
	// with the saved summary; the publisher re-renders from it.
	OnChange func(ctx context.Context, sum story.FetchSummary)

	mu      sync.Mutex
	cfg     *config.Config
	tagger  *tagger
	ids     map[string]int64 // source URL -> store ID
	state   map[int64]story.SourceState
	running map[int64]bool // sources with a fetch in flight
	inRun   int            // sources Run is polling now

	near   *nearIndex // near-duplicate candidates; nil until Sync
	saveMu sync.Mutex // serialises saves with near index updates
	commit committer  // gathers concurrent saves into one transaction
	wake   chan struct{}
}

// PollerOptions are the collaborators of a Poller.
type PollerOptions struct {
	Fetcher *fetch.Fetcher
	Deduper Deduper
	Places  PlaceFunc
	Logger  *slog.Logger
	Now     func() time.Time
	Metrics *Metrics
	// Node names this process in the leases it takes on a shared store
	// (store.Claimer), e.g. host name and process ID; required then.
	Node string
}

// NewPoller builds a poller over st for cfg.
func NewPoller(cfg *config.Config, st Store, opt PollerOptions) *Poller {
	p := &Poller{
		store:   st,
		fetcher: opt.Fetcher,
		norm:    newNormalizer(),
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
		p.now = clock.Now
	}
	if c, ok := st.(store.Claimer); ok {
		p.claimer, p.node = c, opt.Node
		// Nodes read the sources from different places, so that they do
		// not all ask for the same due sources first.
		p.start = rand.IntN(max(1, len(cfg.Sources)))
	}
	if hl, ok := st.(store.HostLimiter); ok && p.fetcher != nil {
		p.fetcher.ShareHosts(hostSlots{p: p, hl: hl})
	}
	p.cfg = cfg
	p.tagger = newTagger(cfg, p.places)
	return p
}

// Sync registers the configured sources with the store and loads their
// persisted fetch state. Call it before PollOnce or Run, and after Reload.
func (p *Poller) Sync(ctx context.Context) error {
	p.mu.Lock()
	cfg := p.cfg
	p.mu.Unlock()
	var srcs []story.SourceState
	for _, s := range cfg.Sources {
		srcs = append(srcs, story.SourceState{URL: s.URL, Name: s.Name, Agency: s.Agency})
	}
	ids, err := p.store.SyncSources(ctx, srcs)
	if err != nil {
		return fmt.Errorf("sync sources: %w", err)
	}
	states, err := p.store.Sources(ctx)
	if err != nil {
		return fmt.Errorf("load source state: %w", err)
	}
	byID := make(map[int64]story.SourceState, len(states))
	for _, s := range states {
		byID[s.ID] = s
	}
	p.mu.Lock()
	p.ids = ids
	p.state = byID
	p.mu.Unlock()
	return p.loadNear(ctx, cfg.Dedupe.Window)
}

// loadNear rebuilds the near-duplicate index from the signatures stored
// within the window, once per process.
func (p *Poller) loadNear(ctx context.Context, window time.Duration) error {
	p.saveMu.Lock()
	defer p.saveMu.Unlock()
	if p.dedupe == nil || p.near != nil {
		return nil
	}
	if p.claimer != nil {
		// A shared store: other nodes save stories this process never
		// sees, so a process-local index would miss their copies. The
		// store finds candidates in its band table inside its write.
		return nil
	}
	since := time.Time{}
	if window > 0 {
		since = p.now().Add(-2 * window)
	}
	roots, err := p.store.RecentRoots(ctx, since)
	if err != nil {
		return fmt.Errorf("load near-duplicate index: %w", err)
	}
	x := newNearIndex(window)
	unreadable := 0
	var firstErr error
	for _, it := range roots {
		bands, err := p.dedupe.Bands(it.DedupeSig)
		if err != nil {
			// A signature from an older release: the story can no longer
			// be matched, which costs a merge, not a story.
			if unreadable == 0 {
				firstErr = fmt.Errorf("item %s: %w", it.ID, err)
			}
			unreadable++
			continue
		}
		x.add(it, bands)
	}
	if unreadable > 0 {
		p.log.Warn("recent stories with unreadable near-duplicate signatures (an older release's) will not absorb copies",
			"stories", unreadable, "first", firstErr)
	}
	p.near = x
	return nil
}

// Reload swaps in a new configuration: added sources are registered,
// removed ones stop being scheduled, changed ones take effect on their
// next poll. In-flight fetches finish under the old settings. When the
// categories (or a source's category or categories_map) changed, the
// live stories of the last dedupe window are filed again.
//
// A source whose entry the operator edited is given a fresh start if it
// was failing or gone (410): editing the entry is how an operator says
// "try again now", and the only way a gone source comes back.
func (p *Poller) Reload(ctx context.Context, cfg *config.Config) error {
	p.mu.Lock()
	old := make(map[string]config.Source, len(p.cfg.Sources))
	for _, s := range p.cfg.Sources {
		old[s.URL] = s
	}
	if p.fetcher != nil && !reflect.DeepEqual(p.cfg.Fetch, cfg.Fetch) {
		// Every fetch.* key takes effect for the next fetch, the address
		// guard (allow_private) and the body cap included; fetches in
		// flight finish with the Fetcher they started with.
		p.fetcher = p.fetcher.Reconfigure(cfg.Fetch)
	}
	refile := filingChanged(p.cfg, cfg)
	p.cfg = cfg
	p.tagger = newTagger(cfg, p.places)
	tg := p.tagger
	var reset []int64
	for _, s := range cfg.Sources {
		prev, ok := old[s.URL]
		id := p.ids[s.URL]
		st := p.state[id]
		if ok && id != 0 && sourceEdited(prev, s) && (st.Gone || st.ConsecutiveFailures > 0) {
			reset = append(reset, id)
		}
	}
	p.mu.Unlock()
	for _, id := range reset {
		if err := p.store.ResetSource(ctx, id); err != nil {
			return fmt.Errorf("reload: %w", err)
		}
	}
	if err := p.Sync(ctx); err != nil {
		return err
	}
	if refile {
		// The new configuration is in force either way: a failure costs
		// the stored stories their new categories until they are fetched
		// again, not the reload.
		if n, err := p.refile(ctx, cfg, tg); err != nil {
			p.log.Warn("stored stories not filed again under the new categories", "err", err)
		} else {
			p.log.Info("stored stories filed again under the new categories", "stories", n)
		}
	}
	p.poke()
	return nil
}

// sourceEdited reports whether an operator changed a source's entry;
// its position in the file does not count.
func sourceEdited(a, b config.Source) bool {
	a.Line, b.Line = 0, 0
	return !reflect.DeepEqual(a, b)
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
