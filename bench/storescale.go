package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"time"

	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/publisher"
	"github.com/wiredesk/wiredesk/store/backend"
	"github.com/wiredesk/wiredesk/store/sqlite"
)

const (
	sampleStories = 20_000 // the fresh store for the insert rate and baselines
	queryRounds   = 2000
	rebuildRounds = 15
)

// benchStore measures the store at scale (1M stories in 50 categories by
// default): insert rate, latest-50 query latency, bytes per story, the
// re-render of one category and the time from process start to the first
// served feed. Baselines are plain SQLite on the same file and the same
// operations on a fresh 20k-story store.
func benchStore(ctx context.Context, b *bench) error {
	bin, err := b.wiredeskBinary(ctx)
	if err != nil {
		return err
	}
	sh := newSeedShape()
	dir := b.path("store")
	if err := mkdir(dir); err != nil {
		return err
	}
	var srcs []benchSource
	for s := range storeSources {
		srcs = append(srcs, benchSource{Name: fmt.Sprintf("Wire %d", s), URL: storeSourceURL(s), Category: "c0"})
	}
	cfgPath := dir + "/sources.yaml"
	cfg, err := writeConfig(cfgPath, configYAML(fetchSettings{Concurrency: 16, PerHost: 2}, numberedCategories(storeCategories), srcs))
	if err != nil {
		return err
	}

	small := dir + "/small.db"
	took, pay, err := seedStore(ctx, small, sampleStories, sh, nil)
	if err != nil {
		return err
	}
	raw, err := rawInsert(ctx, dir+"/raw.db", sampleStories, sh)
	if err != nil {
		return err
	}
	b.rep.Add(Figure{Group: "store", Name: "insert rate", Value: sampleStories / secs(took), Unit: "stories/s",
		BaseName: "plain INSERT", Baseline: sampleStories / secs(raw),
		Note: fmt.Sprintf("store.SaveFetch of %d new stories in fetches of %d into a fresh file, saved as the poller saves "+
			"them (categories, signature; near-duplicate bands in the poller's memory, Fetch.Candidates, not in the store); "+
			"baseline: plain INSERTs of the same text into one table, same pragmas and batches.", sampleStories, storeBatch)})

	big, built, err := cachedStore(ctx, b, b.opt.stories, sh)
	if err != nil {
		return err
	}
	if built > 0 {
		b.rep.Logf("   built %d stories in %s: %.0f stories/s", b.opt.stories, built.Round(time.Second), float64(b.opt.stories)/secs(built))
	}
	n := b.opt.stories
	label := count(n)
	live, file, err := liveBytes(ctx, big)
	if err != nil {
		return err
	}
	b.rep.Add(Figure{Group: "store", Name: "bytes per story " + label, Value: float64(live) / float64(n), Unit: "B",
		BaseName: "story payload", Baseline: pay,
		Note: fmt.Sprintf("pages in use (page_count - freelist_count) x page_size over the story count (file: %d MB); "+
			"baseline: the bytes of the story's own fields (ID, key, GUID, link, title, summary, content, image, author, "+
			"agency, signature).", file>>20)})

	if err := latestFigures(ctx, b, big, label); err != nil {
		return err
	}
	if err := rebuildFigure(ctx, b, cfg, big, small, label); err != nil {
		return err
	}
	ff, err := firstFeed(ctx, bin, cfgPath, big, dir+"/serve-big.log")
	if err != nil {
		return err
	}
	ffSmall, err := firstFeed(ctx, bin, cfgPath, small, dir+"/serve-small.log")
	if err != nil {
		return err
	}
	b.rep.Add(Figure{Group: "store", Name: "start to first feed " + label, Value: ms(ff), Unit: "ms",
		BaseName: "20k-story store", Baseline: ms(ffSmall), Target: "<= 2000 ms", Met: ff <= 2*time.Second,
		Note: "exec of \"wiredesk serve\" to the first 200 of /feeds/all.rss (open, migrate check, sync, render every " +
			"category, listen); baseline: the same binary and config on the fresh 20k-story store."})
	return nil
}

// liveBytes returns the bytes of the database's pages in use (page_count
// minus freelist_count, times page_size) and the size of its file: a
// migration that rebuilds a table leaves the old pages free, which only
// VACUUM returns to the file system.
func liveBytes(ctx context.Context, path string) (live, file int64, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, fmt.Errorf("size of %s: %w", path, err)
	}
	live, err = sqlite.LiveBytes(ctx, path)
	if err != nil {
		return 0, 0, err
	}
	return live, fi.Size(), nil
}

// latestFigures times store.Latest of 50 stories of a random category
// against plain SQLite reading 50 stories by primary-key range.
func latestFigures(ctx context.Context, b *bench, path, label string) error {
	db, err := backend.Open(ctx, path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	// One unmeasured call per category first, as a serving process has
	// made them: the figure is the steady state, not the disk. The
	// slowest of these cold calls goes in the note.
	var cold time.Duration
	for c := range storeCategories {
		start := time.Now()
		if _, err := db.Latest(ctx, fmt.Sprintf("c%d", c), 0, 50); err != nil {
			return fmt.Errorf("warm-up c%d: %w", c, err)
		}
		cold = max(cold, time.Since(start))
	}
	rng := rand.New(rand.NewPCG(7, 7))
	lat := make([]time.Duration, 0, queryRounds)
	for range queryRounds {
		cat := fmt.Sprintf("c%d", rng.IntN(storeCategories))
		start := time.Now()
		items, err := db.Latest(ctx, cat, 0, 50)
		lat = append(lat, time.Since(start))
		if err != nil || len(items) != 50 {
			return fmt.Errorf("latest %s: %d items, %v", cat, len(items), err)
		}
	}
	raw, err := sqlite.OpenBaseline(path, true)
	if err != nil {
		return fmt.Errorf("raw reader: %w", err)
	}
	defer raw.Close()
	maxPK, err := raw.MaxPK(ctx)
	if err != nil {
		return fmt.Errorf("raw reader: %w", err)
	}
	base := make([]time.Duration, 0, queryRounds)
	for range queryRounds {
		from := rng.Int64N(max(maxPK-50, 1))
		start := time.Now()
		got, err := raw.ReadRange(ctx, from, 50)
		base = append(base, time.Since(start))
		if err != nil || got != 50 {
			return fmt.Errorf("raw range: %d rows, %v", got, err)
		}
	}
	note := fmt.Sprintf("%d calls of store.Latest(category, 0, 50) over a random one of %d categories, every story with "+
		"its lists, after one unmeasured call per category (the slowest of those, from a cold page cache: %.1f ms); "+
		"baseline: plain SQLite reading 50 stories' text by primary-key range on the same file.", queryRounds, storeCategories, ms(cold))
	b.rep.Add(Figure{Group: "store", Name: "latest-50 p50 " + label, Value: ms(pct(lat, 50)), Unit: "ms",
		BaseName: "pk range", Baseline: ms(pct(base, 50)), Note: note})
	b.rep.Add(Figure{Group: "store", Name: "latest-50 p99 " + label, Value: ms(pct(lat, 99)), Unit: "ms",
		BaseName: "pk range", Baseline: ms(pct(base, 99)), Target: "<= 5 ms", Met: pct(lat, 99) <= 5*time.Millisecond})
	return nil
}

// rebuildFigure times publisher.Rebuild of one category (its three feeds
// and first page, plus "all" and the front page) on the big store and on
// the fresh small one.
func rebuildFigure(ctx context.Context, b *bench, cfg *config.Config, big, small, label string) error {
	times := map[string]time.Duration{}
	for _, path := range []string{big, small} {
		db, err := backend.Open(ctx, path)
		if err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
		pub := publisher.New(cfg, db, publisher.Options{})
		if err := pub.RebuildAll(ctx); err != nil {
			db.Close()
			return fmt.Errorf("render all: %w", err)
		}
		var ds []time.Duration
		for i := range rebuildRounds {
			start := time.Now()
			if err := pub.Rebuild(ctx, []string{fmt.Sprintf("c%d", i%storeCategories)}); err != nil {
				db.Close()
				return fmt.Errorf("rebuild: %w", err)
			}
			ds = append(ds, time.Since(start))
		}
		if err := db.Close(); err != nil {
			return fmt.Errorf("close %s: %w", path, err)
		}
		times[path] = median(ds)
	}
	b.rep.Add(Figure{Group: "store", Name: "re-render one category " + label, Value: ms(times[big]), Unit: "ms",
		BaseName: "20k-story store", Baseline: ms(times[small]),
		Note: fmt.Sprintf("publisher.Rebuild of one category as after a poll (its RSS, Atom, JSON and first page, plus "+
			"\"all\" and the front page: queries, render, gzip, hash), median of %d.", rebuildRounds)})
	return nil
}

// firstFeed runs "wiredesk serve" on db and returns the time from exec to
// the first 200 of /feeds/all.rss.
func firstFeed(ctx context.Context, bin, cfgPath, db, logPath string) (time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	stop, err := startDaemon(ctx, logPath, bin, "serve", "--config", cfgPath, "--db", db,
		"--addr", fmt.Sprintf("127.0.0.1:%d", port), "--admin-addr", "off", "--log-level", "warn")
	if err != nil {
		return 0, err
	}
	_, err = waitFor(ctx, fmt.Sprintf("http://127.0.0.1:%d%s", port, feedPath), 60*time.Second)
	took := time.Since(start)
	if serr := stop(); err == nil {
		err = serr
	}
	if err != nil {
		return 0, fmt.Errorf("first feed (log in %s): %w", logPath, err)
	}
	return took, nil
}

// pct returns the p-th percentile of ds (nearest rank).
func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(min(i, len(s))-1, 0)]
}
