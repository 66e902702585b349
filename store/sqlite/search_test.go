package sqlite

import (
	"context"
	"testing"
	"time"
)

// TestSearchIndexIntegrity takes a story through every change the FTS5
// index follows by trigger (save, edit, withdraw, restore, a merged copy,
// withdraw and prune) and asks FTS5 whether the index still agrees with
// its content: the contract suite sees only the search results.
func TestSearchIndexIntegrity(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	it := testStory(a, "1", t0, "world")
	it.Title = "Ceasefire talks in Cairo"
	save(t, db, a, it)
	edited := it
	edited.Title, edited.UpdatedAt = "Truce talks in Cairo", t0.Add(time.Hour)
	save(t, db, a, edited)
	if _, err := db.Withdraw(ctx, it.ID, "legal", "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Restore(ctx, it.ID, "test"); err != nil {
		t.Fatal(err)
	}
	dup := testStory(b, "d", t0)
	dup.Link, dup.Title = it.Link, "Truce talks in Cairo (copy)"
	save(t, db, b, dup)
	if _, err := db.Withdraw(ctx, it.ID, "legal", "test"); err != nil {
		t.Fatal(err)
	}
	db.SetClock(func() time.Time { return t0.Add(100 * 24 * time.Hour) })
	if _, err := db.Prune(ctx, t0.Add(50*24*time.Hour), 0); err != nil {
		t.Fatalf("Prune: %v", err)
	}
	if _, err := db.writer.ExecContext(ctx, `INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 0)`); err != nil {
		t.Errorf("FTS5 integrity-check: %v", err)
	}
	if n := countRows(t, db, "items_fts_docsize"); n != 0 {
		t.Errorf("index holds %d rows after prune, want 0", n)
	}
	if n := countRows(t, db, "items_fts_pending"); n != 0 {
		t.Errorf("%d stories left in the index's queue after the commits", n)
	}
}

// TestSearchIndexFollowsOutsideWrites: a story edited outside wiredesk
// (the sqlite3 shell) is queued by the triggers and indexed again when
// the store next starts.
func TestSearchIndexFollowsOutsideWrites(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	src := addSources(t, db, "https://a.example/")[0]
	it := testStory(src, "1", t0, "world")
	it.Title = "Ceasefire talks in Cairo"
	save(t, db, src, it)
	raw := rawDB(t)
	if _, err := raw.ExecContext(ctx, `ATTACH DATABASE ? AS w`, db.Path()); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `UPDATE w.items SET title = 'Zebra crossing in Lima' WHERE id = ?`, it.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `DETACH DATABASE w`); err != nil {
		t.Fatal(err)
	}
	again := reopen(t, db.Path())
	for text, want := range map[string]int{"zebra": 1, "ceasefire": 0} {
		if got := searchCount(t, again, text); got != want {
			t.Errorf("Search(%s) after an outside edit = %d stories, want %d", text, got, want)
		}
	}
}
