package postgres

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/store/sqlite"
	"github.com/wiredesk/wiredesk/story"
)

// storeAPI is what the differential test drives: the methods both stores
// share.
type storeAPI interface {
	SetClock(func() time.Time)
	SyncSources(context.Context, []story.SourceState) (map[string]int64, error)
	SaveFetch(context.Context, story.Fetch) (story.FetchSummary, error)
	SaveFetches(context.Context, []story.Fetch, func(int, story.FetchSummary)) error
	Latest(context.Context, string, int, int) ([]story.Item, error)
	Count(context.Context, string) (int, error)
	Item(context.Context, string) (story.Item, error)
	Sources(context.Context) ([]story.SourceState, error)
	ChangesAfter(context.Context, string, int64, int) ([]story.Change, error)
	Tombstones(context.Context, string, int) ([]story.Tombstone, error)
	Withdraw(context.Context, string, string, string) (story.Item, error)
	Restore(context.Context, string, string) (story.Item, error)
	EditorialLog(context.Context, int64) ([]store.EditorialEvent, error)
	Withdrawn(context.Context) ([]store.EditorialEvent, error)
	Refile(context.Context, []store.Refile) ([]string, error)
	RecentLive(context.Context, time.Time) ([]story.Item, error)
	RecentRoots(context.Context, time.Time) ([]story.Item, error)
	Prune(context.Context, time.Time, int) (int, error)
	Search(context.Context, query.Query, int, int) ([]story.Item, error)
	PublishedBetween(context.Context, string, time.Time, time.Time, int) ([]story.Item, error)
	PublishedBefore(context.Context, string, time.Time) (time.Time, error)
}

// TestSameAsSQLite drives the SQLite store and this one through the same
// random life of a wire desk (polls with new, edited, refiled, copied and
// near-duplicate stories, in single and group commits; withdrawals,
// restorations, refiling, pruning) and requires the same answer from
// both to every call.
func TestSameAsSQLite(t *testing.T) {
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "wiredesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	pg := openTest(t)
	stores := []storeAPI{lite, pg}
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			differential(t, ctx, stores, seed)
		})
	}
}

func differential(t *testing.T, ctx context.Context, stores []storeAPI, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	now := t0.Add(time.Duration(seed) * 1000 * time.Hour)
	for _, s := range stores {
		s.SetClock(func() time.Time { return now })
	}
	// same answers from both, compared with want
	both := func(what string, call func(s storeAPI) (any, error)) any {
		t.Helper()
		var out [2]any
		var errs [2]error
		for i, s := range stores {
			out[i], errs[i] = call(s)
		}
		if (errs[0] == nil) != (errs[1] == nil) {
			t.Fatalf("%s: SQLite error %v, PostgreSQL error %v", what, errs[0], errs[1])
		}
		a, b := normalize(out[0]), normalize(out[1])
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%s:\nSQLite     %+v\nPostgreSQL %+v", what, a, b)
		}
		return out[0]
	}
	var urls []string
	for i := range 3 {
		urls = append(urls, fmt.Sprintf("https://s%d-%d.example/", seed, i))
	}
	var srcs []story.SourceState
	for _, u := range urls {
		srcs = append(srcs, story.SourceState{URL: u, Name: "N " + u, Agency: "A " + u})
	}
	ids := both("SyncSources", func(s storeAPI) (any, error) { return s.SyncSources(ctx, srcs) }).(map[string]int64)
	cats := []string{"world", "energy", "sport"}
	words := []string{"oil", "Beyrouth", "élection", "crude", "talks", "storm"}
	match := func(it *story.Item, cands []story.Item) string {
		for _, c := range cands {
			if c.Title == it.Title {
				return c.ID
			}
		}
		return ""
	}
	item := func(src int64, k int) story.Item {
		it := testStory(src, fmt.Sprint(k), now.Add(-time.Duration(rng.IntN(72))*time.Hour), cats[rng.IntN(3)])
		it.ID = fmt.Sprintf("d%d-%d-%d", seed, src, k)
		if rng.IntN(3) == 0 {
			it.Categories = append(it.Categories, cats[rng.IntN(3)])
		}
		it.Title = fmt.Sprintf("%s %s %d", words[rng.IntN(len(words))], words[rng.IntN(len(words))], rng.IntN(4))
		if rng.IntN(4) == 0 { // a copy of another source's story by link
			it.Link = fmt.Sprintf("https://shared.example/%d", rng.IntN(5))
		}
		it.Bands, it.DedupeSig = []uint64{uint64(rng.IntN(6)), 1 << 63}, []byte{byte(rng.IntN(3) + 1)}
		return it
	}
	var known []string
	for step := range 60 {
		now = now.Add(time.Duration(rng.IntN(90)) * time.Minute)
		switch op := rng.IntN(10); {
		case op < 5: // a poll, or a group commit of several
			var fs []story.Fetch
			for range 1 + rng.IntN(3) {
				src := ids[urls[rng.IntN(len(urls))]]
				f := story.Fetch{SourceID: src, State: story.SourceState{LastStatus: 200, LastFetchAt: now, ETag: fmt.Sprint(step)},
					Match: match, Window: 48 * time.Hour}
				for range rng.IntN(4) {
					it := item(src, rng.IntN(8))
					f.Items = append(f.Items, it)
					known = append(known, it.ID)
				}
				fs = append(fs, f)
			}
			if len(fs) == 1 {
				both(fmt.Sprint("step ", step, " SaveFetch"), func(s storeAPI) (any, error) { return s.SaveFetch(ctx, fs[0]) })
			} else {
				both(fmt.Sprint("step ", step, " SaveFetches"), func(s storeAPI) (any, error) {
					var sums []story.FetchSummary
					err := s.SaveFetches(ctx, fs, func(_ int, sum story.FetchSummary) { sums = append(sums, sum) })
					return sums, err
				})
			}
		case op < 7 && len(known) > 0: // an editor
			id := known[rng.IntN(len(known))]
			if rng.IntN(2) == 0 {
				both("Withdraw "+id, func(s storeAPI) (any, error) { return s.Withdraw(ctx, id, "why", "ed") })
			} else {
				both("Restore "+id, func(s storeAPI) (any, error) { return s.Restore(ctx, id, "ed") })
			}
		case op < 8 && len(known) > 0:
			rs := []store.Refile{{ID: known[rng.IntN(len(known))], Categories: []string{cats[rng.IntN(3)]}}}
			both("Refile", func(s storeAPI) (any, error) { return s.Refile(ctx, rs) })
		case op < 9:
			horizon, keep := now.Add(-time.Duration(rng.IntN(60))*time.Hour), rng.IntN(4)
			both("Prune", func(s storeAPI) (any, error) { return s.Prune(ctx, horizon, keep) })
		default:
			now = now.Add(24 * time.Hour)
		}
		// Every read, after every step.
		for _, c := range append([]string{story.All}, cats...) {
			both("Latest "+c, func(s storeAPI) (any, error) { return s.Latest(ctx, c, 0, 100) })
			both("Count "+c, func(s storeAPI) (any, error) { return s.Count(ctx, c) })
			both("Tombstones "+c, func(s storeAPI) (any, error) { return s.Tombstones(ctx, c, 50) })
			both("ChangesAfter "+c, func(s storeAPI) (any, error) {
				chs, err := s.ChangesAfter(ctx, c, 0, 1000)
				return changeOrder(chs), err
			})
			from, to := now.Add(-30*time.Hour), now.Add(-2*time.Hour)
			both("PublishedBetween "+c, func(s storeAPI) (any, error) { return s.PublishedBetween(ctx, c, from, to, 20) })
			both("PublishedBefore "+c, func(s storeAPI) (any, error) { return s.PublishedBefore(ctx, c, to) })
		}
		for _, id := range known {
			both("Item "+id, func(s storeAPI) (any, error) { return s.Item(ctx, id) })
		}
		both("Sources", func(s storeAPI) (any, error) { return s.Sources(ctx) })
		both("EditorialLog", func(s storeAPI) (any, error) {
			ev, err := s.EditorialLog(ctx, 0)
			for i := range ev {
				ev[i].Seq = 0
			}
			return ev, err
		})
		both("Withdrawn", func(s storeAPI) (any, error) { return s.Withdrawn(ctx) })
		both("RecentLive", func(s storeAPI) (any, error) { return s.RecentLive(ctx, now.Add(-48*time.Hour)) })
		both("RecentRoots", func(s storeAPI) (any, error) { return s.RecentRoots(ctx, now.Add(-48*time.Hour)) })
		for _, text := range []string{"oil", "beyrouth OR storm", `"crude talks"`, "elect* NOT oil"} {
			q, err := query.Parse(text)
			if err != nil {
				t.Fatal(err)
			}
			both("Search "+text, func(s storeAPI) (any, error) { return s.Search(ctx, q, 0, 100) })
		}
	}
}

// changeEntry is a change-log entry without its backend-specific number.
type changeEntry struct {
	ID      string
	Deleted bool
	At      time.Time
}

func changeOrder(chs []story.Change) []changeEntry {
	var out []changeEntry
	for _, c := range chs {
		out = append(out, changeEntry{c.Item.ID, c.Deleted, c.At})
	}
	return out
}

// normalize makes empty and nil slices alike, the one difference the two
// drivers may show for the same stored value.
func normalize(v any) any {
	switch x := v.(type) {
	case story.Item:
		return normItem(x)
	case []story.Item:
		out := make([]story.Item, len(x))
		for i := range x {
			out[i] = normItem(x[i])
		}
		return out
	case story.FetchSummary:
		return normSummary(x)
	case []story.FetchSummary:
		out := make([]story.FetchSummary, len(x))
		for i := range x {
			out[i] = normSummary(x[i])
		}
		return out
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.Len() == 0 {
		return reflect.Zero(rv.Type()).Interface()
	}
	return v
}

func normItem(it story.Item) story.Item {
	if len(it.DedupeSig) == 0 {
		it.DedupeSig = nil
	} else {
		it.DedupeSig = bytes.Clone(it.DedupeSig)
	}
	if len(it.Also) == 0 {
		it.Also = nil
	}
	return it
}

func normSummary(s story.FetchSummary) story.FetchSummary {
	for _, p := range []*[]string{&s.Categories, &s.Items, &s.Roots} {
		if len(*p) == 0 {
			*p = nil
		}
	}
	slices.Sort(s.Roots)
	return s
}
