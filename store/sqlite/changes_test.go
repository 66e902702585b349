package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/wiredesk/wiredesk/story"
)

// changeIDs lists "id" or "-id" (deleted) per change, in order.
func changeIDs(cs []story.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Item.ID
		if c.Deleted {
			out[i] = "-" + c.Item.ID
		}
	}
	return out
}

func mustChanges(t *testing.T, db *DB, cat string, after int64, limit int) []story.Change {
	t.Helper()
	cs, err := db.ChangesAfter(context.Background(), cat, after, limit)
	if err != nil {
		t.Fatalf("ChangesAfter(%q, %d): %v", cat, after, err)
	}
	return cs
}

// TestChangeSeqSurvivesReopen: the change log's sequence never goes
// back, even across a reopen after its newest rows were deleted (SQLite's
// AUTOINCREMENT keeps the high-water mark in sqlite_sequence).
func TestChangeSeqSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	orig := testStory(ids[0], "1", t0, "world")
	dup := testStory(ids[1], "x", t0, "world")
	dup.Link = orig.Link
	save(t, db, ids[0], orig)
	save(t, db, ids[1], dup)
	cs := mustChanges(t, db, "world", 0, 10)
	if got := changeIDs(cs); !slices.Equal(got, []string{orig.ID}) {
		t.Fatalf("world = %v, want the original once (its carrier added)", got)
	}
	heads, err := db.Heads(ctx, []string{"world", "all", "empty"})
	if err != nil {
		t.Fatal(err)
	}
	if heads["world"].Seq != cs[0].Seq || heads["all"].Seq <= 0 {
		t.Errorf("heads = %v", heads)
	}
	if _, ok := heads["empty"]; ok {
		t.Errorf("a category without changes has a head: %v", heads)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Sequence numbers never go back, even when the newest row goes.
	if _, err := db.writer.Exec(`DELETE FROM feed_changes`); err != nil {
		t.Fatal(err)
	}
	save(t, db, ids[0], testStory(ids[0], "2", t0, "world"))
	if got := mustChanges(t, db, "world", 0, 10); len(got) != 1 || got[0].Seq <= heads["all"].Seq {
		t.Errorf("after reopen: %+v, want one change past %d", got, heads["all"].Seq)
	}
}
