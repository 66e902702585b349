package main

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/wiredesk/wiredesk/aggregator"
	"github.com/wiredesk/wiredesk/aggregator/dedupe"
	"github.com/wiredesk/wiredesk/aggregator/region"
	srcfetch "github.com/wiredesk/wiredesk/aggregator/source/fetch"
	"github.com/wiredesk/wiredesk/config"
	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/backend"
)

const (
	ingestFeeds   = 30
	ingestStories = 50
	ingestRounds  = 3
)

// benchIngest measures the whole ingest pipeline (loopback fetch → parse →
// normalize → sanitize → sign → tag → dedupe → SQLite) in stories per
// second against gofeed's Parse of the same bytes, both spread over
// GOMAXPROCS workers, alternating rounds and keeping each side's median.
func benchIngest(ctx context.Context, b *bench) error {
	up, err := startUpstream(ctx)
	if err != nil {
		return err
	}
	defer up.Close()
	feeds := make([][]byte, ingestFeeds)
	var srcs []benchSource
	size := 0
	for f := range feeds {
		feeds[f] = wireFeed(f, 0, ingestStories, 7)
		size += len(feeds[f])
		path := fmt.Sprintf("/wire/%d.rss", f)
		up.Set(path, feeds[f])
		srcs = append(srcs, benchSource{Name: fmt.Sprintf("Wire %d", f), URL: up.URL(path), Category: sectionFor(f)})
	}
	b.rep.Logf("   %d feeds x %d stories, %d KB of RSS (%d bytes per story)", ingestFeeds, ingestStories,
		size>>10, size/(ingestFeeds*ingestStories))
	stories := float64(ingestFeeds * ingestStories)

	var base, baseCPU, wall, cpu []time.Duration
	for round := range ingestRounds {
		c0 := cpuSelf()
		d, err := gofeedParseAll(feeds)
		if err != nil {
			return err
		}
		base, baseCPU = append(base, d), append(baseCPU, cpuSelf()-c0)
		w, c, err := ingestOnce(ctx, b, srcs, round)
		if err != nil {
			return err
		}
		wall, cpu = append(wall, w), append(cpu, c)
	}
	mb, mw, mc := median(base), median(wall), median(cpu)
	rate, baseRate := stories/secs(mw), stories/secs(mb)
	b.rep.Add(Figure{Group: "ingest", Name: "pipeline throughput", Value: rate, Unit: "stories/s",
		BaseName: "gofeed Parse", Baseline: baseRate, Target: "ratio >= 0.5", Met: rate >= 0.5*baseRate,
		Note: fmt.Sprintf("Poller.PollOnce of %d feeds x %d stories from a loopback server into a fresh SQLite store, "+
			"wired as cmd/wiredesk newPoller (dedupe + region); baseline: gofeed.NewParser().Parse of the same bytes; "+
			"both on %d CPUs (the poller with fetch.concurrency 16, gofeed with one worker per CPU), median of %d "+
			"alternating rounds.", ingestFeeds, ingestStories, runtime.GOMAXPROCS(0), ingestRounds)})
	b.rep.Add(Figure{Group: "ingest", Name: "wall time 30x50 (yarr-like)", Value: ms(mw), Unit: "ms",
		BaseName: "gofeed Parse", Baseline: ms(mb),
		Note: fmt.Sprintf("wall time of one PollOnce of 30 feeds x 50 new stories; CPU %.0f ms "+
			"(getrusage RUSAGE_SELF, includes the in-process loopback upstream).", ms(mc))})
	perCPU, basePerCPU := stories/secs(mc), stories/secs(median(baseCPU))
	b.rep.Add(Figure{Group: "ingest", Name: "pipeline per CPU second", Value: perCPU, Unit: "stories/CPU-s",
		BaseName: "gofeed Parse", Baseline: basePerCPU,
		Note: fmt.Sprintf("the same rounds counted in CPU time of the harness process (getrusage) instead of wall time: "+
			"%.0f µs of CPU per story for the pipeline (its loopback upstream included), %.0f µs for gofeed's Parse. "+
			"Neighbours on a shared machine stretch wall time, and stretch the pipeline's (many goroutines waiting on "+
			"each other and on SQLite) more than gofeed's; CPU time moves much less.", 1e6/perCPU, 1e6/basePerCPU)})
	return nil
}

// gofeedParseAll parses every feed with gofeed's default parser over
// GOMAXPROCS workers and returns the wall time.
func gofeedParseAll(feeds [][]byte) (time.Duration, error) {
	runtime.GC()
	work := make(chan []byte)
	errs := make(chan error, len(feeds))
	var wg sync.WaitGroup
	start := time.Now()
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for body := range work {
				f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
				if err == nil && len(f.Items) != ingestStories {
					err = fmt.Errorf("gofeed parsed %d items, want %d", len(f.Items), ingestStories)
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	for _, f := range feeds {
		work <- f
	}
	close(work)
	wg.Wait()
	d := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		return 0, fmt.Errorf("gofeed baseline: %w", err)
	}
	return d, nil
}

// ingestOnce polls every source once into a fresh store and returns the
// wall and CPU time of PollOnce.
func ingestOnce(ctx context.Context, b *bench, srcs []benchSource, round int) (wall, cpu time.Duration, err error) {
	dir := b.path(fmt.Sprintf("ingest-%d", round))
	if err := mkdir(dir); err != nil {
		return 0, 0, err
	}
	cfg, err := writeConfig(dir+"/sources.yaml", configYAML(fetchSettings{Concurrency: 16, PerHost: 16}, "", srcs))
	if err != nil {
		return 0, 0, err
	}
	db, err := backend.Open(ctx, dir+"/wiredesk.db")
	if err != nil {
		return 0, 0, fmt.Errorf("open store: %w", err)
	}
	defer db.Close()
	p := newBenchPoller(cfg, db)
	if err := p.Sync(ctx); err != nil {
		return 0, 0, fmt.Errorf("sync sources: %w", err)
	}
	runtime.GC()
	cpu0 := cpuSelf()
	start := time.Now()
	results := p.PollOnce(ctx, nil)
	wall, cpu = time.Since(start), cpuSelf()-cpu0
	n := 0
	for _, r := range results {
		if r.Err != nil {
			return 0, 0, fmt.Errorf("poll %s: %w", r.Source.Name, r.Err)
		}
		n += r.Summary.New
	}
	if want := len(srcs) * ingestStories; n != want {
		return 0, 0, fmt.Errorf("stored %d new stories, want %d (did some merge as duplicates?)", n, want)
	}
	return wall, cpu, nil
}

// newBenchPoller wires the ingest pipeline as cmd/wiredesk's newPoller
// does: one HTTP client, the dedupe matcher and the region detector.
func newBenchPoller(cfg *config.Config, db store.Store) *aggregator.Poller {
	client := srcfetch.NewHTTPClient(cfg.Fetch)
	return aggregator.NewPoller(cfg, db, aggregator.PollerOptions{
		Fetcher: srcfetch.NewFetcher(client, cfg.Fetch, "wiredesk-bench/1 (+http://127.0.0.1)"),
		Deduper: aggregator.NewDeduper(dedupe.NewMatcher(cfg.Dedupe.Threshold)),
		Places:  aggregator.RegionPlaces(region.New()),
	})
}

// median returns the middle of ds (the upper middle for an even count).
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
