package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/wiredesk/wiredesk/store"
	"github.com/wiredesk/wiredesk/store/query"
)

// searchIDs runs a search and returns the IDs found, newest stored first.
func searchIDs(t *testing.T, db store.Store, text string) []string {
	t.Helper()
	q, err := query.Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	got, err := db.Search(context.Background(), q, 0, 50)
	if err != nil {
		t.Fatalf("Search(%q): %v", text, err)
	}
	return idsOf(got)
}

func testSearchQueries(t *testing.T, open Opener) {
	db := openTest(t, open)
	a := addSources(t, db, "https://a.example/")[0]
	oil := newStory(a, "oil", t0, "energy")
	oil.Title, oil.ContentHTML = "OPEC cuts crude output", "<p>Oil prices rose in Riyadh.</p>"
	gas := newStory(a, "gas", t0, "energy")
	gas.Title, gas.ContentHTML = "Gas prices fall", "<p>Europe's storage is full.</p>"
	beirut := newStory(a, "beirut", t0, "world")
	beirut.Title, beirut.ContentHTML = "Élections à Beyrouth", "<p>Crude estimates of turnout.</p>"
	save(t, db, a, oil, gas, beirut)

	tests := []struct {
		q    string
		want []string
	}{
		{"prices", []string{gas.ID, oil.ID}},
		{"prices NOT gas", []string{oil.ID}},
		{"opec OR beyrouth", []string{beirut.ID, oil.ID}},
		{`"crude output"`, []string{oil.ID}},
		{`"output crude"`, nil},
		{"crude", []string{beirut.ID, oil.ID}},
		{"elect*", []string{beirut.ID}}, // prefix, accents folded
		{"riyadh storage", nil},         // AND across stories finds none
		{"(gas OR opec) prices", []string{gas.ID, oil.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := searchIDs(t, db, tt.q); !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

// testSearchIndexMaintenance follows one story through the life the
// index must track: saved, updated upstream, withdrawn, restored, merged
// as a duplicate, pruned.
func testSearchIndexMaintenance(t *testing.T, open Opener) {
	ctx := context.Background()
	db := openTest(t, open)
	ids := addSources(t, db, "https://a.example/", "https://b.example/")
	a, b := ids[0], ids[1]
	it := newStory(a, "1", t0, "world")
	it.Title = "Ceasefire talks in Cairo"
	save(t, db, a, it)
	if got := searchIDs(t, db, "ceasefire"); !slices.Equal(got, []string{it.ID}) {
		t.Fatalf("after save: %v", got)
	}

	edited := it
	edited.Title = "Truce talks in Cairo"
	edited.UpdatedAt = t0.Add(time.Hour)
	save(t, db, a, edited)
	if got := searchIDs(t, db, "ceasefire"); len(got) != 0 {
		t.Errorf("old title still found after update: %v", got)
	}
	if got := searchIDs(t, db, "truce"); !slices.Equal(got, []string{it.ID}) {
		t.Errorf("new title not found after update: %v", got)
	}
	// A word both titles have (0010's two triggers lost it: the newest
	// indexed the new text, then the other unindexed the old).
	if got := searchIDs(t, db, "cairo"); !slices.Equal(got, []string{it.ID}) {
		t.Errorf("word kept by the edit not found after update: %v", got)
	}

	if _, err := db.Withdraw(ctx, it.ID, "legal", "test"); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, db, "truce"); len(got) != 0 {
		t.Errorf("withdrawn story found: %v", got)
	}
	if _, err := db.Restore(ctx, it.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, db, "truce"); !slices.Equal(got, []string{it.ID}) {
		t.Errorf("restored story not found: %v", got)
	}

	// A copy from another carrier merges into the story: one result.
	dup := newStory(b, "d", t0)
	dup.Link, dup.Title = it.Link, "Truce talks in Cairo (copy)"
	save(t, db, b, dup)
	if got := searchIDs(t, db, "truce"); !slices.Equal(got, []string{it.ID}) {
		t.Errorf("duplicate found beside its story: %v", got)
	}

	// Withdrawn then pruned: a tombstone, never indexed again.
	if _, err := db.Withdraw(ctx, it.ID, "legal", "test"); err != nil {
		t.Fatal(err)
	}
	db.SetClock(func() time.Time { return t0.Add(100 * 24 * time.Hour) })
	if _, err := db.Prune(ctx, t0.Add(50*24*time.Hour), 0); err != nil {
		t.Fatalf("Prune: %v", err)
	}
	if got := searchIDs(t, db, "truce OR cairo"); len(got) != 0 {
		t.Errorf("pruned stories found: %v", got)
	}
}

// testSearchStoppedByDeadline: a search whose context's deadline has
// passed says it was stopped (store.ErrSearchStopped), which the search
// page shows as an incomplete answer, not as a failure; the same search
// in time finds its stories.
func testSearchStoppedByDeadline(t *testing.T, open Opener) {
	db := openTest(t, open)
	a := addSources(t, db, "https://a.example/")[0]
	oil := newStory(a, "oil", t0, "energy")
	oil.Title = "Oilfield output"
	save(t, db, a, oil)
	for _, text := range []string{"oilfield", "oil*", "output NOT gas"} {
		q, err := query.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		got, err := db.Search(ctx, q, 0, 50)
		cancel()
		if !errors.Is(err, store.ErrSearchStopped) {
			t.Errorf("Search(%q) past its deadline = %d stories, %v; want store.ErrSearchStopped", text, len(got), err)
		}
		if ids := searchIDs(t, db, text); !slices.Equal(ids, []string{oil.ID}) {
			t.Errorf("Search(%q) in time = %v, want %v", text, ids, []string{oil.ID})
		}
	}
}
