package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/wiredesk/wiredesk/internal/pgtest"
	"github.com/wiredesk/wiredesk/story"
)

// Two nodes saving copies of one story at the same moment still merge
// them: the write lock makes the second save see the first among its
// band candidates. Under READ COMMITTED without it, both would find no
// candidate and publish the story twice.
func TestNearDuplicatesMergeAcrossNodes(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	nodeA, nodeB := openURL(t, url), openURL(t, url)
	ids := addSources(t, nodeA, "https://a.example/", "https://b.example/")
	anyCandidate := func(_ *story.Item, cands []story.Item) string { return cands[0].ID }
	const rounds = 20
	for r := range rounds {
		var wg sync.WaitGroup
		sums := make([]story.FetchSummary, 2)
		errs := make([]error, 2)
		for i, node := range []*DB{nodeA, nodeB} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				it := testStory(ids[i], fmt.Sprint("r", r), t0, "world")
				it.Bands, it.DedupeSig = []uint64{uint64(1000 + r)}, []byte{1}
				sums[i], errs[i] = node.SaveFetch(ctx, story.Fetch{SourceID: ids[i], Items: []story.Item{it},
					Match: anyCandidate})
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n, d := sums[0].New+sums[1].New, sums[0].Duplicates+sums[1].Duplicates; n != 1 || d != 1 {
			t.Fatalf("round %d: %d new and %d duplicates, want 1 and 1", r, n, d)
		}
	}
	if n, err := nodeB.Count(ctx, story.All); err != nil || n != rounds {
		t.Fatalf("live stories = %d, %v; want %d", n, err, rounds)
	}
}

// A partner following the change log's cursor never misses a story
// committed late. Node A's group commit takes a change-log sequence
// number for its first fetch, then stalls in its second (its Match
// blocks); node B saves meanwhile. Were B to commit first with a higher
// number, a partner reading then would move past A's number before A
// committed it. The write lock makes B wait for A instead.
func TestChangeCursorMissesNoLateCommit(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	nodeA, nodeB := openURL(t, url), openURL(t, url)
	srcs := addSources(t, nodeA, "https://a.example/", "https://b.example/", "https://c.example/")
	a, b, c := srcs[0], srcs[1], srcs[2]
	z := testStory(c, "z", t0, "world")
	z.Bands, z.DedupeSig = []uint64{7}, []byte{1}
	save(t, nodeA, c, z)

	entered, release := make(chan struct{}), make(chan struct{})
	stall := func(*story.Item, []story.Item) string { close(entered); <-release; return "" }
	x := testStory(a, "x", t0, "world")
	y := testStory(a, "y", t0, "world")
	y.Bands, y.DedupeSig = []uint64{7}, []byte{1}
	aDone := make(chan error, 1)
	go func() {
		aDone <- nodeA.SaveFetches(ctx, []story.Fetch{
			{SourceID: a, Items: []story.Item{x}},
			{SourceID: a, Items: []story.Item{y}, Match: stall},
		}, func(int, story.FetchSummary) {})
	}()
	<-entered
	bDone := make(chan error, 1)
	go func() {
		_, err := nodeB.SaveFetch(ctx, story.Fetch{SourceID: b, Items: []story.Item{testStory(b, "w", t0, "world")}})
		bDone <- err
	}()
	// B either commits (no lock: the bug) or waits for the write lock.
	for waiting := false; !waiting; {
		select {
		case err := <-bDone:
			bDone <- err
			waiting = true
		default:
			if err := nodeA.pool.QueryRow(ctx, `SELECT count(*) > 0 FROM pg_locks
				WHERE locktype = 'advisory' AND NOT granted`).Scan(&waiting); err != nil {
				t.Fatal(err)
			}
		}
	}

	seen := map[string]bool{}
	var cursor int64
	follow := func() {
		page, err := nodeB.ChangesAfter(ctx, story.All, cursor, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range page {
			cursor, seen[ch.Item.ID] = ch.Seq, true
		}
	}
	follow() // a partner reads while A is stalled
	close(release)
	if err := errors.Join(<-aDone, <-bDone); err != nil {
		t.Fatal(err)
	}
	follow()
	for _, id := range []string{z.ID, x.ID, y.ID, testStory(b, "w", t0).ID} {
		if !seen[id] {
			t.Errorf("the cursor skipped %s (seen %v)", id, seen)
		}
	}
}
