package sqlite

import (
	"strconv"
	"strings"

	"context"
	"github.com/wiredesk/wiredesk/store/query"
	"github.com/wiredesk/wiredesk/story"
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

// TestSearchWindowedMatchesFullScan searches a store of many windows of
// one row each (the real first window is 1,024 rows) and wants every page
// exactly as one window over the whole index answers it: a word in every
// story, one in every seventh, one in a single old story, and a NOT.
func TestSearchWindowedMatchesFullScan(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	src := addSources(t, db, "https://a.example/")[0]
	for i := range 60 {
		it := testStory(src, strconv.Itoa(i), t0.Add(time.Duration(i)*time.Minute))
		it.Title = "Harbour news " + strconv.Itoa(i)
		if i%7 == 0 {
			it.Title += " tanker"
		}
		if i == 3 {
			it.Title += " drought"
		}
		save(t, db, src, it)
	}
	tx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var newest int64
	if err := tx.QueryRowContext(ctx, `SELECT max(pk) FROM items`).Scan(&newest); err != nil {
		t.Fatal(err)
	}
	stmt := db.rd.in(ctx, tx, "searchWindow")
	for _, text := range []string{"harbour", "tanker", "drought", "harbour NOT tanker", "harb*"} {
		q, err := query.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		for _, page := range [][2]int{{0, 5}, {0, 50}, {10, 5}, {55, 10}, {100, 5}} {
			full, err := searchWindowed(ctx, stmt, q.FTS5(), newest, newest, page[0], page[1])
			if err != nil {
				t.Fatal(err)
			}
			got, err := searchWindowed(ctx, stmt, q.FTS5(), newest, 1, page[0], page[1])
			if err != nil {
				t.Fatal(err)
			}
			if ids(got) != ids(full) {
				t.Errorf("%s offset %d limit %d: windowed %s, full scan %s", text, page[0], page[1], ids(got), ids(full))
			}
		}
	}
}

func ids(items []story.Item) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.ID + " ")
	}
	return b.String()
}
