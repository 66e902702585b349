package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
)

// t0 is the fake "now" of most tests.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// openTest opens a fresh database file in a temp dir with a fixed clock.
func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "wiredesk.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	db.now = func() time.Time { return t0 }
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// reopen opens the store file at path again, as a restart does, closed
// when the test ends.
func reopen(t testing.TB, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open again: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// searchCount runs a search and returns how many stories it found.
func searchCount(t testing.TB, db *DB, text string) int {
	t.Helper()
	q, err := query.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Search(context.Background(), q, 0, 10)
	if err != nil {
		t.Fatalf("Search(%s): %v", text, err)
	}
	return len(got)
}

// addSources registers sources named after their URL and returns their IDs
// in order.
func addSources(t testing.TB, db *DB, urls ...string) []int64 {
	t.Helper()
	var in []story.SourceState
	for _, u := range urls {
		in = append(in, story.SourceState{URL: u, Name: "Name of " + u, Agency: "Agency of " + u})
	}
	ids, err := db.SyncSources(context.Background(), in)
	if err != nil {
		t.Fatalf("SyncSources: %v", err)
	}
	out := make([]int64, len(urls))
	for i, u := range urls {
		out[i] = ids[u]
	}
	return out
}

// story builds a new item of source src with key k.
func testStory(src int64, k string, pub time.Time, cats ...string) story.Item {
	return story.Item{
		ID:          fmt.Sprintf("s%d-%s", src, k),
		Key:         k,
		GUID:        k,
		Link:        fmt.Sprintf("https://src%d.example/%s", src, k),
		Title:       "Title " + k,
		SummaryHTML: "<p>Summary " + k + "</p>",
		ContentHTML: "<p>Content " + k + "</p>",
		Agency:      fmt.Sprintf("Agency %d", src),
		PublishedAt: pub,
		Categories:  cats,
	}
}

// save stores items as one successful fetch of src.
func save(t testing.TB, db *DB, src int64, items ...story.Item) story.FetchSummary {
	t.Helper()
	sum, err := db.SaveFetch(context.Background(), story.Fetch{SourceID: src,
		State: story.SourceState{LastStatus: 200, LastFetchAt: t0, LastSuccessAt: t0}, Items: items})
	if err != nil {
		t.Fatalf("SaveFetch: %v", err)
	}
	return sum
}

// countRows counts rows of a table through the writer.
func countRows(t testing.TB, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.writer.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// checkCounters compares the trigger-maintained counts with the rows.
func checkCounters(t *testing.T, db *DB) {
	t.Helper()
	srcs, err := db.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		var items, dups int
		if err := db.writer.QueryRow(`SELECT count(*), count(duplicate_of) FROM items WHERE source_id = ?`,
			s.ID).Scan(&items, &dups); err != nil {
			t.Fatal(err)
		}
		if s.ItemCount != items || s.DupCount != dups {
			t.Errorf("source %s: counters %d/%d, rows %d/%d", s.URL, s.ItemCount, s.DupCount, items, dups)
		}
	}
}

// equalItems compares the fields a reader sees.
func equalItems(a, b story.Item) bool {
	return a.ID == b.ID && a.SourceID == b.SourceID && a.Key == b.Key && a.GUID == b.GUID &&
		a.Link == b.Link && a.Title == b.Title && a.SummaryHTML == b.SummaryHTML &&
		a.ContentHTML == b.ContentHTML && a.ImageURL == b.ImageURL && a.ImageType == b.ImageType &&
		a.Author == b.Author && a.Agency == b.Agency && a.SourceURL == b.SourceURL &&
		a.SourceTitle == b.SourceTitle && a.SourceLink == b.SourceLink &&
		a.PublishedAt.Equal(b.PublishedAt) && a.UpdatedAt.Equal(b.UpdatedAt) &&
		a.FirstSeenAt.Equal(b.FirstSeenAt) && slices.Equal(a.UpstreamCategories, b.UpstreamCategories) &&
		slices.Equal(a.Categories, b.Categories) && slices.Equal(a.Places, b.Places) &&
		a.Fingerprint == b.Fingerprint && slices.Equal(a.DedupeSig, b.DedupeSig) &&
		a.DuplicateOf == b.DuplicateOf && slices.Equal(a.Also, b.Also) &&
		a.WithdrawnAt.Equal(b.WithdrawnAt) && a.WithdrawReason == b.WithdrawReason
}
