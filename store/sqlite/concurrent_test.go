package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/story"
)

// TestConcurrentSaveFetch runs 8 writers on different sources through two
// handles on one file — two processes, as far as SQLite can tell — while
// readers page through feeds. With immediate write transactions and the
// busy timeout, none of them sees "database is locked"; a backup taken
// meanwhile is consistent.
func TestConcurrentSaveFetch(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	var handles []*DB
	for range 2 {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		handles = append(handles, db)
	}
	defer func() {
		for _, db := range handles {
			if err := db.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		}
	}()
	const writers, fetches, perFetch = 8, 8, 5
	var urls []string
	for w := range writers {
		urls = append(urls, fmt.Sprintf("https://w%d.example/", w))
	}
	srcIDs := addSources(t, handles[0], urls...)

	var wg sync.WaitGroup
	errs := make(chan error, 2*writers+1)
	for w := range writers {
		db, src := handles[w%2], srcIDs[w]
		wg.Go(func() {
			for f := range fetches {
				var items []story.Item
				for i := range perFetch {
					items = append(items, testStory(src, fmt.Sprintf("%d-%d", f, i),
						t0.Add(time.Duration(f*perFetch+i)*time.Second), "world", fmt.Sprintf("c%d", w)))
				}
				_, err := db.SaveFetch(ctx, story.Fetch{SourceID: src, Items: items,
					State: story.SourceState{LastStatus: 200, ConsecutiveFailures: f}})
				if err != nil {
					errs <- fmt.Errorf("writer %d fetch %d: %w", w, f, err)
					return
				}
			}
		})
		wg.Go(func() {
			for range fetches {
				if _, err := db.Latest(ctx, "world", 0, 50); err != nil {
					errs <- fmt.Errorf("reader %d: %w", w, err)
					return
				}
			}
		})
	}
	// A backup taken meanwhile neither blocks the writers nor fails.
	backup := filepath.Join(t.TempDir(), "backup.db")
	wg.Go(func() {
		if err := handles[1].Backup(ctx, backup); err != nil {
			errs <- fmt.Errorf("backup: %w", err)
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	cp, err := Open(ctx, backup)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	if err := cp.IntegrityCheck(ctx); err != nil {
		t.Errorf("backup integrity: %v", err)
	}
	checkCounters(t, cp)
	if err := cp.Close(); err != nil {
		t.Errorf("close backup: %v", err)
	}
	n, err := handles[1].Count(ctx, "world")
	if err != nil {
		t.Fatal(err)
	}
	if n != writers*fetches*perFetch {
		t.Errorf("Count(world) = %d, want %d", n, writers*fetches*perFetch)
	}
	srcs, err := handles[1].Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		if s.ItemCount != fetches*perFetch || s.ConsecutiveFailures != fetches-1 {
			t.Errorf("source %s: %d items, state %d; want %d, %d", s.URL, s.ItemCount,
				s.ConsecutiveFailures, fetches*perFetch, fetches-1)
		}
	}
}
