package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/backend"
	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"
)

const (
	searchRounds     = 300 // measured searches per kind of query
	searchPageRounds = 200 // measured /search page requests
	searchTarget     = 50 * time.Millisecond
)

// searchKind is one kind of query a reader or a saved search sends; make
// returns the i-th query of the kind (words vary, so that no answer is
// cached by the page cache alone) and the offset to ask at.
type searchKind struct {
	name string
	make func(i int) (text string, offset int)
}

// searchKinds are the queries measured, over the seeded vocabulary: every
// word of it is in most stories (a story is ~400 words drawn from ~150),
// the numbers of "Story N" each in one, and a phrase in the ~3 % of
// stories that hold its paragraph.
func searchKinds(sh seedShape, n int) []searchKind {
	rng := rand.New(rand.NewPCG(11, 13))
	word := func() string { return vocabulary[rng.IntN(len(vocabulary))] }
	phrase := func() string {
		w := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(sh.paras[rng.IntN(len(sh.paras))], "<p>"), ".</p>"))
		j := rng.IntN(len(w) - 2)
		return `"` + strings.Join(w[j:j+3], " ") + `"`
	}
	return []searchKind{
		{"one common word", func(int) (string, int) { return word(), 0 }},
		{"one rare word", func(int) (string, int) { return strconv.Itoa(rng.IntN(n)), 0 }},
		{"phrase of 3 words", func(int) (string, int) { return phrase(), 0 }},
		{"AND", func(int) (string, int) { return word() + " AND " + word(), 0 }},
		{"OR", func(int) (string, int) { return word() + " OR " + word(), 0 }},
		{"NOT", func(int) (string, int) { return word() + " NOT " + word(), 0 }},
		{"prefix", func(int) (string, int) { w := word(); return w[:min(len(w), 4)] + "*", 0 }},
		{"saved-search shape", func(int) (string, int) {
			return phrase() + " AND (" + word() + " OR " + word() + ") NOT " + word(), 0
		}},
		{"page 20 of a common word", func(int) (string, int) { return word(), 19 * 50 }},
	}
}

// benchSearch measures full-text search: what the index costs each save
// (SaveFetch into a fresh store with and without it, in alternation),
// then store.Search of each kind of query on the 1M-story store against
// store.Latest of 50 stories on the same file, and the /search page.
func benchSearch(ctx context.Context, b *bench) error {
	sh := newSeedShape()
	if err := searchInsertFigure(ctx, b, sh); err != nil {
		return err
	}
	big, built, err := cachedStore(ctx, b, b.opt.stories, sh)
	if err != nil {
		return err
	}
	if built > 0 {
		b.rep.Logf("   built %d stories in %s: %.0f stories/s", b.opt.stories, built.Round(time.Second), float64(b.opt.stories)/secs(built))
	}
	db, err := backend.Open(ctx, big)
	if err != nil {
		return fmt.Errorf("open %s: %w", big, err)
	}
	defer db.Close()
	label := count(b.opt.stories)
	var base []time.Duration
	for range searchRounds {
		start := time.Now()
		if _, err := db.Latest(ctx, "all", 0, 50); err != nil {
			return fmt.Errorf("latest: %w", err)
		}
		base = append(base, time.Since(start))
	}
	budget := publisher.DefaultSearchBudget
	var all, whole []time.Duration
	cut := 0
	for _, k := range searchKinds(sh, b.opt.stories) {
		qs := queriesOf(k)
		r, err := timeSearches(ctx, db, k.name, qs, budget)
		if err != nil {
			return err
		}
		all = append(all, r.lat...)
		cut += r.cut
		b.rep.Add(Figure{Group: "search", Name: "p99 " + k.name + " " + label, Value: ms(pct(r.lat, 99)), Unit: "ms",
			BaseName: "latest-50 of all", Baseline: ms(pct(base, 99)),
			Note: fmt.Sprintf("p50 %.2f ms; %d store.Search(q, offset, 50) calls with the search page's %s budget, e.g. %s; "+
				"%.1f stories found a call on average; %d cut short by the budget",
				ms(pct(r.lat, 50)), len(r.lat), budget, exampleQuery(k), r.found, r.cut)})
		// The same queries without a budget: what a complete answer costs.
		u, err := timeSearches(ctx, db, k.name, qs, 0)
		if err != nil {
			return err
		}
		whole = append(whole, u.lat...)
	}
	note := fmt.Sprintf("every query above (%d kinds, %d calls each, after one unmeasured call of each kind) with the "+
		"search page's %s budget: %d of %d calls (%.1f %%) were cut short and answered with the stories found by then, "+
		"flagged incomplete; baseline: store.Latest(\"all\", 0, 50) on the same file, %d calls.",
		len(searchKinds(sh, 1)), searchRounds, budget, cut, len(all), 100*float64(cut)/float64(len(all)), searchRounds)
	b.rep.Add(Figure{Group: "search", Name: "p50 all kinds " + label, Value: ms(pct(all, 50)), Unit: "ms",
		BaseName: "latest-50 of all", Baseline: ms(pct(base, 50)), Note: note})
	b.rep.Add(Figure{Group: "search", Name: "p99 all kinds " + label, Value: ms(pct(all, 99)), Unit: "ms",
		BaseName: "latest-50 of all", Baseline: ms(pct(base, 99)), Target: "<= 50 ms", Met: pct(all, 99) <= searchTarget,
		Note: note})
	b.rep.Add(Figure{Group: "search", Name: "p99 all kinds, no budget " + label, Value: ms(pct(whole, 99)), Unit: "ms",
		BaseName: "latest-50 of all", Baseline: ms(pct(base, 99)),
		Note: fmt.Sprintf("the same %d calls with no budget, every answer complete (saved searches run so): p50 %.2f ms; "+
			"the slow ones are the queries with fewer matches than a page, whose doclists FTS5 reads whole to prove it",
			len(whole), ms(pct(whole, 50)))})
	if err := searchPageFigure(ctx, b, db, sh, label); err != nil {
		return err
	}
	return savedSearchRebuildFigure(ctx, b, db, label)
}

// savedSearches are the saved searches of the rebuild figure, the shapes
// an editor writes.
var savedSearches = []config.Search{
	{Slug: "s1", Title: "Ceasefire", Query: `ceasefire AND (envoy OR talks) NOT stadium`},
	{Slug: "s2", Title: "Energy", Query: `refinery OR pipeline OR tanker`},
	{Slug: "s3", Title: "Courts", Query: `"court ruling" OR verdict*`},
	{Slug: "s4", Title: "Markets", Query: `inflation AND "central bank"`},
	{Slug: "s5", Title: "Aid", Query: `refugees AND aid NOT football`},
}

// savedSearchRebuildFigure times publisher.Rebuild of one category after
// a commit with five saved searches configured against the same without
// any: the cost of running every saved search again after each commit
// (their results unchanged, so nothing of theirs is rendered again).
func savedSearchRebuildFigure(ctx context.Context, b *bench, db store.Store, label string) error {
	times := map[bool]time.Duration{}
	for _, with := range []bool{false, true} {
		cfg := config.Default()
		for i := range storeCategories {
			cfg.Categories = append(cfg.Categories, config.Category{Slug: fmt.Sprintf("c%d", i), Title: fmt.Sprintf("Section %d", i)})
		}
		if with {
			cfg.Searches = savedSearches
		}
		pub := publisher.New(cfg, db, publisher.Options{})
		if err := pub.RebuildAll(ctx); err != nil {
			return fmt.Errorf("render all: %w", err)
		}
		var ds []time.Duration
		for i := range rebuildRounds {
			start := time.Now()
			if err := pub.Rebuild(ctx, []string{fmt.Sprintf("c%d", i%storeCategories)}); err != nil {
				return fmt.Errorf("rebuild: %w", err)
			}
			ds = append(ds, time.Since(start))
		}
		times[with] = median(ds)
	}
	b.rep.Add(Figure{Group: "search", Name: "re-render one category, 5 saved searches " + label, Value: ms(times[true]), Unit: "ms",
		BaseName: "no saved search", Baseline: ms(times[false]),
		Note: fmt.Sprintf("publisher.Rebuild of one category as after a poll, median of %d, with five saved searches "+
			"configured (each run again, re-rendered only when what it finds changed) and without.", rebuildRounds)})
	return nil
}

// searchRun is what timeSearches measured.
type searchRun struct {
	lat   []time.Duration
	found float64 // stories found a call, on average
	cut   int     // calls the budget cut short
}

// searchQuery is one query of a kind and the offset it is asked at.
type searchQuery struct {
	text string
	off  int
}

// queriesOf draws the queries of kind k: one unmeasured warm-up, then
// searchRounds measured, the same for every way they are timed.
func queriesOf(k searchKind) []searchQuery {
	qs := make([]searchQuery, 0, searchRounds+1)
	for i := -1; i < searchRounds; i++ {
		text, off := k.make(i)
		qs = append(qs, searchQuery{text, off})
	}
	return qs
}

// timeSearches runs the queries qs of kind name (the first one
// unmeasured), each with budget as its deadline as the search page gives
// it (0: none), and returns their latencies, the mean number of stories
// found and how many the budget cut short.
func timeSearches(ctx context.Context, db store.Store, name string, qs []searchQuery, budget time.Duration) (searchRun, error) {
	search := func(text string, off int) ([]story.Item, bool, error) {
		q, err := query.Parse(text)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %q: %w", name, text, err)
		}
		c, cancel := ctx, context.CancelFunc(func() {})
		if budget > 0 {
			c, cancel = context.WithTimeout(ctx, budget)
		}
		defer cancel()
		items, err := db.Search(c, q, off, 50)
		if errors.Is(err, store.ErrSearchStopped) && ctx.Err() == nil {
			return items, true, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("%s: %q: %w", name, text, err)
		}
		return items, false, nil
	}
	if _, _, err := search(qs[0].text, qs[0].off); err != nil { // warm-up
		return searchRun{}, err
	}
	r := searchRun{lat: make([]time.Duration, 0, len(qs)-1)}
	found := 0
	for _, sq := range qs[1:] {
		start := time.Now()
		items, stopped, err := search(sq.text, sq.off)
		r.lat = append(r.lat, time.Since(start))
		if err != nil {
			return searchRun{}, err
		}
		found += len(items)
		if stopped {
			r.cut++
		}
	}
	r.found = float64(found) / float64(len(qs)-1)
	return r, nil
}

func exampleQuery(k searchKind) string {
	text, off := k.make(0)
	if off > 0 {
		return fmt.Sprintf("%s at offset %d", text, off)
	}
	return text
}

// searchPageFigure times GET /search?q= through the publisher's handler
// (parse, search, highlight, render, hash, gzip), in process, over the
// same queries, against GET /c/all (a pre-rendered page) on the same
// handler.
func searchPageFigure(ctx context.Context, b *bench, db store.Store, sh seedShape, label string) error {
	cfg := config.Default()
	for i := range storeCategories {
		cfg.Categories = append(cfg.Categories, config.Category{Slug: fmt.Sprintf("c%d", i), Title: fmt.Sprintf("Section %d", i)})
	}
	pub := publisher.New(cfg, db, publisher.Options{})
	if err := pub.RebuildAll(ctx); err != nil {
		return fmt.Errorf("render all: %w", err)
	}
	h := pub.Handler()
	get := func(target string) (time.Duration, error) {
		req := httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return 0, fmt.Errorf("GET %s: %d", target, rec.Code)
		}
		return time.Since(start), nil
	}
	kinds := searchKinds(sh, b.opt.stories)
	var lat, base []time.Duration
	for i := range searchPageRounds {
		k := kinds[i%(len(kinds)-1)] // the first page of each kind
		text, _ := k.make(i)
		d, err := get("/search?q=" + url.QueryEscape(text))
		if err != nil {
			return err
		}
		lat = append(lat, d)
		if d, err = get("/c/all"); err != nil {
			return err
		}
		base = append(base, d)
	}
	b.rep.Add(Figure{Group: "search", Name: "page p99 " + label, Value: ms(pct(lat, 99)), Unit: "ms",
		BaseName: "/c/all (pre-rendered)", Baseline: ms(pct(base, 99)),
		Note: fmt.Sprintf("p50 %.2f ms (baseline %.3f ms); %d in-process GETs of /search?q= with gzip, the kinds above in turn "+
			"(first pages): parse, store.Search, highlight, render, hash, gzip of 50 results; rendered per request, "+
			"by design (docs/BENCHMARKS.md).", ms(pct(lat, 50)), ms(pct(base, 50)), len(lat))})
	return nil
}

// searchInsertFigure times store.SaveFetch of sampleStories new stories
// into two fresh stores in alternation, one with the full-text index and
// one whose index triggers were dropped (saves as before migration 0010):
// what keeping the index current costs a save.
func searchInsertFigure(ctx context.Context, b *bench, sh seedShape) error {
	dir := b.path("search")
	if err := mkdir(dir); err != nil {
		return err
	}
	with, without := dir+"/with-index.db", dir+"/without-index.db"
	for _, p := range []string{with, without} {
		db, err := backend.Open(ctx, p)
		if err != nil {
			return fmt.Errorf("open %s: %w", p, err)
		}
		if err := db.Close(); err != nil {
			return fmt.Errorf("close %s: %w", p, err)
		}
	}
	if err := sqlite.DropSearchTriggers(ctx, without); err != nil {
		return err
	}
	type side struct {
		db   store.Store
		ids  map[string]int64
		took time.Duration
	}
	var sides [2]side
	for i, p := range []string{with, without} {
		db, err := backend.Open(ctx, p)
		if err != nil {
			return fmt.Errorf("open %s: %w", p, err)
		}
		defer db.Close()
		var srcs []story.SourceState
		for s := range storeSources {
			srcs = append(srcs, story.SourceState{URL: storeSourceURL(s), Name: fmt.Sprintf("Wire %d", s)})
		}
		ids, err := db.SyncSources(ctx, srcs)
		if err != nil {
			return fmt.Errorf("sources: %w", err)
		}
		sides[i] = side{db: db, ids: ids}
	}
	for lo := 0; lo < sampleStories; lo += storeBatch {
		s := (lo / storeBatch) % storeSources
		order := []int{0, 1}
		if (lo/storeBatch)%2 == 1 {
			order = []int{1, 0} // neither side always goes first
		}
		for _, i := range order {
			sd := &sides[i]
			id := sd.ids[storeSourceURL(s)]
			items := make([]story.Item, 0, storeBatch)
			for j := lo; j < min(lo+storeBatch, sampleStories); j++ {
				items = append(items, sh.item(id, storeSourceURL(s), j, sampleStories))
			}
			st := story.SourceState{ID: id, URL: storeSourceURL(s), Name: fmt.Sprintf("Wire %d", s), LastStatus: 200,
				LastFetchAt: storeEpoch, LastSuccessAt: storeEpoch, NextFetchAt: time.Now().AddDate(20, 0, 0)}
			start := time.Now()
			sum, err := sd.db.SaveFetch(ctx, story.Fetch{SourceID: id, State: st, Items: items, Candidates: noCandidates})
			sd.took += time.Since(start)
			if err != nil || sum.New != len(items) {
				return fmt.Errorf("save: %d new of %d: %v", sum.New, len(items), err)
			}
		}
	}
	b.rep.Add(Figure{Group: "search", Name: "insert rate with the search index", Value: sampleStories / secs(sides[0].took),
		Unit: "stories/s", BaseName: "without it", Baseline: sampleStories / secs(sides[1].took),
		Note: fmt.Sprintf("store.SaveFetch of %d new stories (~2.7 KB of HTML each) in fetches of %d into two fresh stores, "+
			"in alternation; baseline: the same store with the triggers that maintain the FTS5 index dropped (a save as "+
			"before migration 0010). The ratio is what indexing costs a save.", sampleStories, storeBatch)})
	return nil
}
