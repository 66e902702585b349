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
}
