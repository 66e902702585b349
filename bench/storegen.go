package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wiredesk/wiredesk/aggregator"
	"github.com/wiredesk/wiredesk/aggregator/dedupe"
	"github.com/wiredesk/wiredesk/internal/htmlkit"
	"github.com/wiredesk/wiredesk/store/backend"
	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"
)

const (
	storeCategories = 50
	storeSources    = 100
	storeBatch      = 1000 // items per SaveFetch while seeding
	// storeCacheVersion names the cached 1M-story database; bump it when
	// the seeded shape or the schema changes.
	storeCacheVersion = "v2"
)

// storeEpoch is the newest seeded story; stories go back ~29 days.
var storeEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// seedShape is what every seeded story carries besides its text: the
// signature size of a real dedupe.Sign of a 400-word story.
type seedShape struct {
	sigLen, bands int
	paras         []string
}

func newSeedShape() seedShape {
	body := string(wireFeed(0, 0, 1, 7))
	sig := dedupe.Sign("Nairobi: ministers meet", htmlkit.PlainText(body))
	rng := rand.New(rand.NewPCG(1, 2))
	var paras []string
	for range 256 {
		w := make([]string, 50)
		for j := range w {
			w[j] = vocabulary[rng.IntN(len(vocabulary))]
		}
		paras = append(paras, "<p>"+strings.Join(w, " ")+".</p>")
	}
	return seedShape{sigLen: len(sig.Bytes()), bands: len(sig.Bands), paras: paras}
}

// storeSourceURL is the URL of seeded source s: a closed loopback port,
// never polled because its next fetch is years away.
func storeSourceURL(s int) string { return fmt.Sprintf("http://127.0.0.1:9/wire/%d.rss", s) }

// item is the i-th of n seeded stories: ~2.7 KB of sanitized HTML, one of
// storeCategories categories, real-sized dedupe signature and bands.
func (sh seedShape) item(src int64, srcURL string, i, n int) story.Item {
	rng := rand.New(rand.NewPCG(uint64(i), 3))
	var c strings.Builder
	for range 7 {
		c.WriteString(sh.paras[rng.IntN(len(sh.paras))])
	}
	fmt.Fprintf(&c, "<p>Story %d.</p>", i)
	pub := storeEpoch.Add(-time.Duration(n-i) * 2500 * time.Millisecond)
	key := "story-" + strconv.Itoa(i)
	it := story.Item{
		ID: aggregator.ItemID(srcURL, key), SourceID: src, Key: key, GUID: key,
		Link:        fmt.Sprintf("https://wire%d.example/news/%d", src, i),
		Title:       fmt.Sprintf("Story %d: %s", i, sh.paras[i%len(sh.paras)][3:60]),
		SummaryHTML: sh.paras[(i+1)%len(sh.paras)], ContentHTML: c.String(),
		ImageURL: fmt.Sprintf("https://img.wire%d.example/%d.jpg", src, i), ImageType: "image/jpeg",
		Author: "Wire reporter", Agency: fmt.Sprintf("Agency %d", src),
		PublishedAt: pub, UpdatedAt: pub, FirstSeenAt: pub,
		UpstreamCategories: []string{"World"}, Categories: []string{"c" + strconv.Itoa(i%storeCategories)},
		Places: []string{"Nairobi (KE, dateline)"}, Fingerprint: rng.Uint64(), DedupeSig: make([]byte, sh.sigLen),
	}
	for range sh.bands {
		it.Bands = append(it.Bands, rng.Uint64())
	}
	return it
}

// payload is the story bytes a store cannot avoid keeping.
func payload(it story.Item) int {
	return len(it.ID) + len(it.Key) + len(it.GUID) + len(it.Link) + len(it.Title) + len(it.SummaryHTML) +
		len(it.ContentHTML) + len(it.ImageURL) + len(it.Author) + len(it.Agency) + len(it.DedupeSig)
}

// migrateCached opens the database at old with backend.Open (SQLite), which applies
// the pending migrations, and renames it to path.
func migrateCached(ctx context.Context, old, path string) error {
	db, err := backend.Open(ctx, old)
	if err != nil {
		return fmt.Errorf("migrate cached store: %w", err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("migrate cached store: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(old + suffix); err == nil {
			return fmt.Errorf("migrate cached store: %s%s left after close", old, suffix)
		}
	}
	if err := os.Rename(old, path); err != nil {
		return fmt.Errorf("migrate cached store: %w", err)
	}
	return nil
}

// noCandidates stands in for the poller's in-memory near-duplicate index
// (aggregator.Poller passes Fetch.Candidates), so that the store saves
// stories as it does in production: without rows in its band table.
func noCandidates(*story.Item, time.Time) []story.Item { return nil }

// seedStore writes n stories through store.SaveFetch in fetches of
// storeBatch items over storeSources sources, and returns the time the
// inserts took and the mean payload per story.
func seedStore(ctx context.Context, path string, n int, sh seedShape, progress func(done int, took time.Duration)) (time.Duration, float64, error) {
	return seedStoreTx(ctx, path, n, sh, 1, progress)
}

// seedTx is the fetches per transaction of the 1M-story build: the
// stories are saved exactly as SaveFetch saves them, through SaveFetches,
// 50,000 to a commit (prepared statements, no commit per fetch).
const seedTx = 50

// seedStoreTx is seedStore saving perTx fetches per transaction (store
// SaveFetches) when perTx > 1.
func seedStoreTx(ctx context.Context, path string, n int, sh seedShape, perTx int, progress func(done int, took time.Duration)) (time.Duration, float64, error) {
	db, err := backend.Open(ctx, path)
	if err != nil {
		return 0, 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	var srcs []story.SourceState
	for s := range storeSources {
		srcs = append(srcs, story.SourceState{URL: storeSourceURL(s), Name: fmt.Sprintf("Wire %d", s)})
	}
	ids, err := db.SyncSources(ctx, srcs)
	if err != nil {
		return 0, 0, fmt.Errorf("seed sources: %w", err)
	}
	var took time.Duration
	total := 0
	var pending []story.Fetch
	flush := func() error {
		start := time.Now()
		var err error
		if len(pending) == 1 {
			for _, f := range pending {
				var sum story.FetchSummary
				if sum, err = db.SaveFetch(ctx, f); err == nil && sum.New != len(f.Items) {
					err = fmt.Errorf("%d new of %d", sum.New, len(f.Items))
				}
				if err != nil {
					break
				}
			}
		} else {
			err = db.SaveFetches(ctx, pending, func(i int, sum story.FetchSummary) {
				if sum.New != len(pending[i].Items) && err == nil {
					err = fmt.Errorf("%d new of %d", sum.New, len(pending[i].Items))
				}
			})
		}
		took += time.Since(start)
		pending = pending[:0]
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		return nil
	}
	for lo := 0; lo < n; lo += storeBatch {
		s := (lo / storeBatch) % storeSources
		id := ids[storeSourceURL(s)]
		items := make([]story.Item, 0, storeBatch)
		for i := lo; i < min(lo+storeBatch, n); i++ {
			items = append(items, sh.item(id, storeSourceURL(s), i, n))
			total += payload(items[len(items)-1])
		}
		st := srcs[s]
		st.ID, st.LastStatus, st.ETag = id, 200, `"seeded"`
		st.LastFetchAt, st.LastSuccessAt = storeEpoch, storeEpoch
		st.NextFetchAt = time.Now().AddDate(20, 0, 0)
		pending = append(pending, story.Fetch{SourceID: id, State: st, Items: items, Candidates: noCandidates})
		done := lo + len(items)
		if len(pending) < max(perTx, 1) && done < n {
			continue
		}
		if err := flush(); err != nil {
			return 0, 0, err
		}
		if progress != nil && done%100_000 == 0 {
			progress(done, took)
		}
	}
	return took, float64(total) / float64(n), nil
}

// rawInsert is the insert baseline: the same stories' bytes written with
// plain INSERTs into one table (no indexes beyond the key) with the same
// SQLite settings and batch size.
func rawInsert(ctx context.Context, path string, n int, sh seedShape) (time.Duration, error) {
	raw, err := sqlite.OpenBaseline(path, false)
	if err != nil {
		return 0, fmt.Errorf("raw baseline: %w", err)
	}
	defer raw.Close()
	if err := raw.CreateItems(ctx); err != nil {
		return 0, fmt.Errorf("raw baseline: %w", err)
	}
	start := time.Now()
	for lo := 0; lo < n; lo += storeBatch {
		items := make([]story.Item, 0, storeBatch)
		for i := lo; i < min(lo+storeBatch, n); i++ {
			items = append(items, sh.item(1, storeSourceURL(1), i, n))
		}
		if err := raw.InsertItems(ctx, items); err != nil {
			return 0, fmt.Errorf("raw baseline: %w", err)
		}
	}
	return time.Since(start), nil
}

// schemaKeys hashes the store's migration files: keys[k] covers the
// first k+1 of them. A cached database is keyed by the last; one built
// under an earlier prefix is brought up to date by sqlite.Open's
// migrations, as a production database would be.
func schemaKeys() ([]string, error) {
	files, err := filepath.Glob("store/sqlite/migrations/*.sql")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("read store/sqlite/migrations (run the harness from the module root): %v", err)
	}
	h := sha256.New()
	var keys []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("schema key: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(data))
		h.Write(data)
		keys = append(keys, fmt.Sprintf("%x", h.Sum(nil)[:6]))
	}
	return keys, nil
}

// cachedStore returns the path of a database of n seeded stories under
// os.TempDir(), building it once; took is how long this run spent
// building it (0 when reused). The name carries the band count of a real
// signature, so that a change in aggregator/dedupe rebuilds it.
func cachedStore(ctx context.Context, b *bench, n int, sh seedShape) (path string, took time.Duration, err error) {
	keys, err := schemaKeys()
	if err != nil {
		return "", 0, err
	}
	name := func(key string) string {
		return fmt.Sprintf("%s/wiredesk-bench-store-%s-b%d-%s-%d.db", os.TempDir(), storeCacheVersion, sh.bands, key, n)
	}
	path = name(keys[len(keys)-1])
	for k := len(keys) - 1; k >= 0; k-- {
		old := name(keys[k])
		if _, err := os.Stat(old); err != nil {
			continue
		}
		if old != path {
			b.rep.Logf("   migrating cached %d-story store %s to the current schema", n, old)
			if err := migrateCached(ctx, old, path); err != nil {
				return "", 0, err
			}
		}
		b.rep.Logf("   reusing cached %d-story store %s (delete it to rebuild)", n, path)
		return path, 0, nil
	}
	tmp := path + ".building"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(tmp + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", 0, fmt.Errorf("clear %s: %w", tmp, err)
		}
	}
	b.rep.Logf("   building the %d-story store once (cached as %s), %d stories to a transaction", n, path, seedTx*storeBatch)
	took, _, err = seedStoreTx(ctx, tmp, n, sh, seedTx, func(done int, took time.Duration) {
		b.rep.Logf("   ... %d stories, %.0f stories/s so far", done, float64(done)/secs(took))
	})
	if err != nil {
		return "", 0, err
	}
	if _, err := os.Stat(tmp + "-wal"); err == nil {
		return "", 0, fmt.Errorf("cache store: %s-wal left after close; not caching a partial file", tmp)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", 0, fmt.Errorf("cache store: %w", err)
	}
	return path, took, nil
}
